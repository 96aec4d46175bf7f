import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, type ConfigIssue, formatJsonPath } from './config-error.js';
import { locateJsonSyntaxError } from './json-syntax.js';
import { isLoopbackHost } from './loopback.js';
import { apiBaseUrlFor, loginBaseUrlFor, type Region } from './regions.js';
import { secretReference, type TopologyFile, topologySchema } from './topology-schema.js';
import { configIssuesFromZod } from './zod-issues.js';

export type OrgMode = 'live' | 'dry-run';
export type OrgNotifications = 'auto' | 'off';

/** An org with its secret resolved and every default applied. */
export interface OrgConfig {
  readonly id: string;
  readonly region: Region;
  readonly clientId: string;
  /**
   * The secret itself, read from the environment (`env:NAME`) or the file. Never log it;
   * `JSON.stringify` (and so pino) shows `[redacted]` in its place.
   */
  readonly clientSecret: string;
  /** From the region table unless the file overrides it; no trailing slash. */
  readonly apiBaseUrl: string;
  /** From the region table unless the file overrides it; no trailing slash. */
  readonly loginBaseUrl: string;
  /** @defaultValue 300 */
  readonly requestsPerMinute: number;
  /** @defaultValue 60 */
  readonly scheduleOperationTimeoutS: number;
  /** @defaultValue 'live' */
  readonly mode: OrgMode;
  /** `http://` allowed on a non-loopback host (a simulator on a private network). @defaultValue false */
  readonly allowPlainHttp: boolean;
  /** Listen to Genesys notifications (`auto`) or only poll (`off`). @defaultValue 'auto' */
  readonly notifications: OrgNotifications;
  /** Host suffixes a schedule upload URL must match; undefined when the file sets none. */
  readonly uploadHosts: readonly string[] | undefined;
}

export interface TrunkConfig {
  readonly id: string;
  readonly orgId: string;
  readonly maxConcurrentCalls: number;
}

export interface RoutingGroupConfig {
  readonly id: string;
  readonly orgId: string;
  readonly trunkIds: readonly string[];
  /** In configured order: pacing shares lines in this order (docs/webhooks.md). */
  readonly campaignIds: readonly string[];
  readonly callsPerAgent: number;
  /** @defaultValue 0 */
  readonly minLines: number;
}

/** A validated, deeply frozen topology. */
export interface Topology {
  readonly orgs: readonly OrgConfig[];
  readonly trunks: readonly TrunkConfig[];
  readonly routingGroups: readonly RoutingGroupConfig[];
}

export interface LoadedTopology {
  topology: Topology;
  /** Things that work but should change (a literal secret in the file). Never contain a secret. */
  warnings: string[];
}

export interface ParseTopologyOptions {
  /** Names the input in errors and warnings: the file path, or a description. */
  source: string;
  /** Where `env:NAME` secrets are read. @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * `not-needed` for processes that never call Genesys (ingest, dashboard): no secret is read, every
   * `clientSecret` is '', and a deployment need not give them any. @defaultValue 'required'
   */
  secrets?: SecretsNeed;
}

/** Whether a process needs the orgs' Genesys client secrets (least privilege: only workers and the CLI do). */
export type SecretsNeed = 'required' | 'not-needed';

/** Validates a topology document and resolves secrets and base URLs; throws ConfigError naming every problem. */
export function parseTopology(input: unknown, options: ParseTopologyOptions): LoadedTopology {
  const { source, env = process.env, secrets = 'required' } = options;
  const parsed = topologySchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(source, configIssuesFromZod(parsed.error));

  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const orgs = parsed.data.orgs.map((org, i): OrgConfig => {
    const path = formatJsonPath(['orgs', i, 'clientSecret']);
    issues.push(...plainHttpIssues(org, i));
    const resolved: ResolvedSecret =
      secrets === 'required' ? resolveSecret(org.clientSecret, env) : { value: '' };
    if ('warning' in resolved)
      warnings.push(
        `${source}: ${path} (org "${org.id}") is a literal secret; write env:NAME or file:PATH so the secret stays out of the file`,
      );
    if ('problem' in resolved) issues.push({ path, message: resolved.problem });
    const clientSecret = 'value' in resolved ? resolved.value : '';
    return withSecretHiddenFromJson({
      id: org.id,
      region: org.region,
      clientId: org.clientId,
      clientSecret,
      apiBaseUrl: org.apiBaseUrl ?? apiBaseUrlFor(org.region),
      loginBaseUrl: org.loginBaseUrl ?? loginBaseUrlFor(org.region),
      requestsPerMinute: org.requestsPerMinute,
      scheduleOperationTimeoutS: org.scheduleOperationTimeoutS,
      mode: org.mode,
      allowPlainHttp: org.allowPlainHttp,
      notifications: org.notifications,
      uploadHosts: org.uploadHosts === undefined ? undefined : [...org.uploadHosts],
    });
  });
  if (issues.length > 0) throw new ConfigError(source, issues);

  return { topology: deepFreeze(toTopology(orgs, parsed.data)), warnings };
}

function toTopology(orgs: OrgConfig[], file: TopologyFile): Topology {
  return {
    orgs,
    trunks: file.trunks.map(({ id, orgId, maxConcurrentCalls }) => ({ id, orgId, maxConcurrentCalls })),
    routingGroups: file.routingGroups.map((group) => ({
      id: group.id,
      orgId: group.orgId,
      trunkIds: [...group.trunkIds],
      campaignIds: [...group.campaignIds],
      callsPerAgent: group.callsPerAgent,
      minLines: group.minLines,
    })),
  };
}

/**
 * `http://` only on loopback or with `allowPlainHttp` (docs/configuration.md): an OAuth client secret and
 * bearer tokens travel on these URLs, and a real org is always https.
 */
function plainHttpIssues(
  org: { apiBaseUrl?: string | undefined; loginBaseUrl?: string | undefined; allowPlainHttp: boolean },
  index: number,
): ConfigIssue[] {
  if (org.allowPlainHttp) return [];
  const issues: ConfigIssue[] = [];
  for (const field of ['apiBaseUrl', 'loginBaseUrl'] as const) {
    const value = org[field];
    if (value === undefined) continue;
    const url = new URL(value);
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      issues.push({
        path: formatJsonPath(['orgs', index, field]),
        message: `is http:// on a host that is not loopback (${url.host}): use https://, or set allowPlainHttp: true for a simulator on a private network`,
      });
    }
  }
  return issues;
}

/** Reads, parses and validates a topology file; every failure is a ConfigError naming the file. */
export function loadTopologyFile(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
  options: { secrets?: SecretsNeed } = {},
): LoadedTopology {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      path,
      [{ path: '', message: describeReadError(error, path, 'TOPOLOGY_FILE names the topology file') }],
      { cause: error },
    );
  }
  // Editors on Windows may save a byte order mark, which JSON.parse rejects.
  const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch {
    // JSON.parse's message quotes the file, which may hold a secret: describe the error ourselves.
    const located = locateJsonSyntaxError(json);
    const message =
      located === undefined
        ? 'not valid JSON'
        : `not valid JSON: ${located.problem} at line ${located.line}, column ${located.column}`;
    throw new ConfigError(path, [{ path: '', message }]);
  }
  return parseTopology(document, { source: path, env, secrets: options.secrets });
}

type ResolvedSecret = { value: string; warning?: true } | { problem: string };

/**
 * The secret an org's `clientSecret` names: the variable of `env:NAME`, the content of the file of `file:PATH`
 * (surrounding whitespace removed: `echo secret > file` leaves a newline), or the literal. Problems name the
 * variable or file, never any content.
 */
function resolveSecret(clientSecret: string, env: NodeJS.ProcessEnv): ResolvedSecret {
  const reference = secretReference(clientSecret);
  switch (reference.kind) {
    case 'literal':
      return { value: clientSecret, warning: true };
    case 'env': {
      const value = env[reference.name];
      if (value === undefined || value === '')
        return {
          problem: `environment variable ${reference.name} is ${value === undefined ? 'not set' : 'empty'}`,
        };
      return { value };
    }
    case 'file': {
      let text: string;
      try {
        text = readFileSync(reference.path, 'utf8');
      } catch (error) {
        return {
          problem: `secret ${describeReadError(error, reference.path, 'file:PATH names it', 'a secret file')}`,
        };
      }
      const value = text.trim();
      return value === '' ? { problem: `secret file ${reference.path} is empty` } : { value };
    }
  }
}

function describeReadError(error: unknown, path: string, hint: string, what = 'a topology file'): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
  switch (code) {
    case 'ENOENT':
      return `file not found (looked for ${resolve(path)}; ${hint})`;
    case 'EISDIR':
      return `is a directory, not ${what}`;
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    default:
      return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}

const REDACTED = '[redacted]';

/** Defence in depth: logging a whole topology (`{ topology }`) must not print any secret. */
function withSecretHiddenFromJson(org: OrgConfig): OrgConfig {
  return Object.defineProperty(org, 'toJSON', {
    value: () => ({ ...org, clientSecret: REDACTED }),
    enumerable: false,
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
