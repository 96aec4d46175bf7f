import type { TopologyIndex } from '@wfm-sync/config';
import { KEY_KINDS, type KeyKind, type SyncKey } from '@wfm-sync/domain';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';

/** Checks an argument against the topology and the closed sets, with a message that lists what is allowed. */
export function parseKind(value: string, allowed: readonly KeyKind[] = KEY_KINDS): KeyKind {
  if ((allowed as readonly string[]).includes(value)) return value as KeyKind;
  throw new UsageError(`unknown kind "${value}": one of ${allowed.join(', ')}`);
}

export function requireOrg(topology: TopologyIndex, orgId: string): void {
  if (topology.org(orgId)) return;
  const known = topology.topology.orgs.map((org) => org.id).join(', ');
  throw new UsageError(`org "${orgId}" is not in the topology (orgs: ${known})`);
}

export function requireRegion(topology: TopologyIndex, region: string | undefined): void {
  if (region === undefined || topology.regions().some((r) => r === region)) return;
  throw new UsageError(
    `no org of the topology is in region "${region}" (regions: ${topology.regions().join(', ')})`,
  );
}

/** `--key kind:id` of `--org`. */
export function parseKeyOption(value: string, orgId: string | undefined): SyncKey {
  const split = value.indexOf(':');
  if (split <= 0 || split === value.length - 1) throw new UsageError(`--key must be kind:id, got "${value}"`);
  if (orgId === undefined) throw new UsageError('--key needs --org: a key belongs to one org');
  return { orgId, kind: parseKind(value.slice(0, split)), id: value.slice(split + 1) };
}

/** Who is acting, for the log of every change: `--actor`, else the login name. */
export function actorOf(option: string | undefined, io: CliIo): string {
  const actor = option ?? io.env.USER ?? io.env.LOGNAME;
  if (actor === undefined || actor.trim() === '')
    throw new UsageError('say who you are with --actor (USER is not set)');
  return actor.trim();
}
