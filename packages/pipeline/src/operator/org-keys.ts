import { KEY_KINDS, type KeyKind, keyMember, type SyncKey } from '@wfm-sync/domain';
import { routingGroupsOfOrg } from '../ingest/routing.js';
import type { OperatorContext } from './context.js';

const SCAN_COUNT = 1_000;

/** `kind:id` (a member of an org's known set) back to a key; undefined for a kind this version does not know. */
export function keyOfMember(orgId: string, member: string): SyncKey | undefined {
  const split = member.indexOf(':');
  if (split <= 0) return undefined;
  const kind = member.slice(0, split);
  const id = member.slice(split + 1);
  if (!(KEY_KINDS as readonly string[]).includes(kind) || id === '') return undefined;
  return { orgId, kind: kind as KeyKind, id };
}

/**
 * Every key of an org the pipeline knows, sorted by kind then id: the known set (ingest adds every key it records)
 * and the campaigns of the org's routing groups, whose desired state is derived from the agents, never sent.
 */
export async function keysOfOrg(
  ctx: Pick<OperatorContext, 'redis' | 'names' | 'topology'>,
  orgId: string,
  kinds: readonly KeyKind[] = KEY_KINDS,
): Promise<SyncKey[]> {
  const wanted = new Set(kinds);
  const found = new Map<string, SyncKey>();
  const add = (key: SyncKey | undefined) => {
    if (key && wanted.has(key.kind)) found.set(keyMember(key), key);
  };
  const known = ctx.names.org(orgId).known;
  let cursor = '0';
  do {
    const [next, members] = await ctx.redis.sscan(known, cursor, 'COUNT', SCAN_COUNT);
    for (const member of members) add(keyOfMember(orgId, member));
    cursor = next;
  } while (cursor !== '0');
  for (const group of routingGroupsOfOrg(ctx.topology, orgId)) {
    for (const campaignId of group.campaignIds) add({ orgId, kind: 'campaign', id: campaignId });
  }
  return [...found.values()].sort(
    (a, b) => KEY_KINDS.indexOf(a.kind) - KEY_KINDS.indexOf(b.kind) || a.id.localeCompare(b.id),
  );
}
