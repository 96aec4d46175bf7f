import { z } from 'zod';
import { regionSchema } from './regions.js';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ID_MAX_LENGTH = 128;

/** Ids become parts of queue names and Redis keys, hence the narrow alphabet. */
export const idSchema = z
  .string({ error: 'must be a string id' })
  .refine(
    (id) => id.length >= 1 && id.length <= ID_MAX_LENGTH && ID_PATTERN.test(id),
    `must be 1 to ${ID_MAX_LENGTH} characters of letters, digits, '.', '_' or '-', starting with a letter or digit (ids become parts of queue and Redis key names)`,
  );

const referenceSchema = z.string({ error: 'must be a string id' }).min(1, 'must not be empty');

const ENV_REFERENCE_PREFIX = 'env:';
const FILE_REFERENCE_PREFIX = 'file:';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `env:NAME`, `file:PATH` or a literal; messages never repeat the value. */
export const clientSecretSchema = z
  .string({ error: 'must be a string: env:NAME or file:PATH (recommended) or the secret itself' })
  .min(1, 'must not be empty')
  .refine(
    (value) =>
      !value.startsWith(ENV_REFERENCE_PREFIX) || ENV_NAME.test(value.slice(ENV_REFERENCE_PREFIX.length)),
    'must be env:NAME with NAME an environment variable name (letters, digits and _, not starting with a digit)',
  )
  .refine(
    (value) =>
      !value.startsWith(FILE_REFERENCE_PREFIX) || value.slice(FILE_REFERENCE_PREFIX.length).trim() !== '',
    'must be file:PATH with PATH the file holding the secret (a mounted Kubernetes secret, for example)',
  );

/** Where an org's client secret comes from, as the topology file writes it. */
export type SecretReference =
  | { kind: 'env'; name: string }
  | { kind: 'file'; path: string }
  | { kind: 'literal' };

export function secretReference(clientSecret: string): SecretReference {
  if (clientSecret.startsWith(ENV_REFERENCE_PREFIX))
    return { kind: 'env', name: clientSecret.slice(ENV_REFERENCE_PREFIX.length) };
  if (clientSecret.startsWith(FILE_REFERENCE_PREFIX))
    return { kind: 'file', path: clientSecret.slice(FILE_REFERENCE_PREFIX.length) };
  return { kind: 'literal' };
}

/** The environment variable an `env:NAME` secret names, or undefined for a file or literal secret. */
export function secretEnvName(clientSecret: string): string | undefined {
  const reference = secretReference(clientSecret);
  return reference.kind === 'env' ? reference.name : undefined;
}

function isPlainHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === ''
  );
}

/** Stored without a trailing slash, so callers append `/api/v2/...` directly. */
const baseUrlSchema = z
  .string({ error: 'must be a string URL' })
  .refine(isPlainHttpUrl, 'must be an http:// or https:// URL without credentials, query or fragment')
  .transform((value) => value.replace(/\/+$/, ''));

/** A strict object whose unknown-key issue lists the keys that are allowed, to make a typo obvious. */
function entity<Shape extends z.core.$ZodLooseShape>(what: string, shape: Shape) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown key in ${what}; allowed keys: ${allowed}`;
      if (issue.code === 'invalid_type') return `must be ${what} object`;
      return undefined;
    },
  });
}

export const orgModeSchema = z.enum(['live', 'dry-run'], { error: 'must be live or dry-run' });

/** `auto` listens to the org's Genesys notifications when it grants a channel; `off` only polls. */
export const orgNotificationsSchema = z.enum(['auto', 'off'], { error: 'must be auto or off' });

/** A host suffix such as `s3.ap-southeast-1.amazonaws.com`: lower-case DNS labels, no scheme or port. */
const hostSuffixSchema = z
  .string({ error: 'must be a host name suffix' })
  .regex(
    /^\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
    'must be a lower-case host name suffix without scheme, port or path (for example s3.amazonaws.com)',
  );

export const orgSchema = entity('an org', {
  id: idSchema,
  region: regionSchema,
  clientId: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
  clientSecret: clientSecretSchema,
  apiBaseUrl: baseUrlSchema.optional(),
  loginBaseUrl: baseUrlSchema.optional(),
  requestsPerMinute: z
    .int({ error: 'must be an integer from 1 to 100000' })
    .min(1, 'must be an integer from 1 to 100000')
    .max(100_000, 'must be an integer from 1 to 100000')
    .default(300),
  scheduleOperationTimeoutS: z
    .number({ error: 'must be a number of seconds greater than 0' })
    .positive('must be a number of seconds greater than 0')
    .default(60),
  mode: orgModeSchema.default('live'),
  allowPlainHttp: z.boolean({ error: 'must be true or false' }).default(false),
  notifications: orgNotificationsSchema.default('auto'),
  uploadHosts: z
    .array(hostSuffixSchema, { error: 'must be an array of host name suffixes' })
    .min(1, 'must list at least one host suffix when set')
    .optional(),
});

export const trunkSchema = entity('a trunk', {
  id: idSchema,
  orgId: referenceSchema,
  maxConcurrentCalls: z
    .int({ error: 'must be an integer of at least 0' })
    .min(0, 'must be an integer of at least 0'),
});

export const routingGroupSchema = entity('a routing group', {
  id: idSchema,
  orgId: referenceSchema,
  trunkIds: z.array(referenceSchema, { error: 'must be an array of trunk ids' }),
  campaignIds: z.array(idSchema, { error: 'must be an array of campaign ids' }),
  callsPerAgent: z
    .number({ error: 'must be a number greater than 0' })
    .positive('must be a number greater than 0'),
  minLines: z
    .int({ error: 'must be an integer of at least 0' })
    .min(0, 'must be an integer of at least 0')
    .default(0),
});

type OrgEntry = z.output<typeof orgSchema>;
type TrunkEntry = z.output<typeof trunkSchema>;
type RoutingGroupEntry = z.output<typeof routingGroupSchema>;
type TopologyEntries = { orgs: OrgEntry[]; trunks: TrunkEntry[]; routingGroups: RoutingGroupEntry[] };

/**
 * The topology file (docs/configuration.md): entity shapes, defaults, and the references between
 * entities. `clientSecret` stays as written; `parseTopology` resolves it.
 */
export const topologySchema = entity('the topology', {
  orgs: z.array(orgSchema, { error: 'must be an array of orgs' }).min(1, 'must list at least one org'),
  trunks: z.array(trunkSchema, { error: 'must be an array of trunks' }).default([]),
  routingGroups: z.array(routingGroupSchema, { error: 'must be an array of routing groups' }).default([]),
}).superRefine(checkReferences);

export type TopologyFile = z.output<typeof topologySchema>;

function checkReferences(topology: TopologyEntries, ctx: z.RefinementCtx<TopologyEntries>): void {
  const report = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  const orgIndexById = new Map<string, number>();
  topology.orgs.forEach((org, i) => {
    const first = orgIndexById.get(org.id);
    if (first === undefined) orgIndexById.set(org.id, i);
    else report(['orgs', i, 'id'], `duplicate org id "${org.id}" (also orgs[${first}])`);
  });
  const reportUnknownOrg = (path: PropertyKey[], orgId: string): boolean => {
    if (orgIndexById.has(orgId)) return false;
    report(path, `names no org: there is no org with id "${orgId}"`);
    return true;
  };

  // Trunk ids are unique within an org; the same id in two orgs is two trunks.
  const trunkIndexByKey = new Map<string, number>();
  const trunkOrgsById = new Map<string, Set<string>>();
  topology.trunks.forEach((trunk, i) => {
    reportUnknownOrg(['trunks', i, 'orgId'], trunk.orgId);
    const key = orgScoped(trunk.orgId, trunk.id);
    const first = trunkIndexByKey.get(key);
    if (first === undefined) trunkIndexByKey.set(key, i);
    else
      report(
        ['trunks', i, 'id'],
        `duplicate trunk id "${trunk.id}" in org "${trunk.orgId}" (also trunks[${first}])`,
      );
    const orgsOfId = trunkOrgsById.get(trunk.id) ?? new Set<string>();
    trunkOrgsById.set(trunk.id, orgsOfId.add(trunk.orgId));
  });

  const groupIndexByKey = new Map<string, number>();
  const campaignOwnerByKey = new Map<string, string>();
  topology.routingGroups.forEach((group, i) => {
    const unknownOrg = reportUnknownOrg(['routingGroups', i, 'orgId'], group.orgId);
    const groupKey = orgScoped(group.orgId, group.id);
    const first = groupIndexByKey.get(groupKey);
    if (first === undefined) groupIndexByKey.set(groupKey, i);
    else {
      report(
        ['routingGroups', i, 'id'],
        `duplicate routing group id "${group.id}" in org "${group.orgId}" (also routingGroups[${first}])`,
      );
    }
    // Trunk references are meaningless under an unknown org; the orgId issue says it all.
    if (!unknownOrg) checkGroupTrunks(group, i, trunkIndexByKey, trunkOrgsById, report);

    group.campaignIds.forEach((campaignId, k) => {
      const path = `routingGroups[${i}].campaignIds[${k}]`;
      const key = orgScoped(group.orgId, campaignId);
      const owner = campaignOwnerByKey.get(key);
      if (owner === undefined) campaignOwnerByKey.set(key, path);
      else {
        report(
          ['routingGroups', i, 'campaignIds', k],
          `campaign "${campaignId}" is already in a routing group of org "${group.orgId}" (${owner}); a campaign's line count must come from one group`,
        );
      }
    });
  });
}

function checkGroupTrunks(
  group: RoutingGroupEntry,
  groupIndex: number,
  trunkIndexByKey: ReadonlyMap<string, number>,
  trunkOrgsById: ReadonlyMap<string, ReadonlySet<string>>,
  report: (path: PropertyKey[], message: string) => void,
): void {
  const seen = new Map<string, number>();
  group.trunkIds.forEach((trunkId, k) => {
    const path = ['routingGroups', groupIndex, 'trunkIds', k];
    const first = seen.get(trunkId);
    if (first !== undefined) {
      report(path, `trunk "${trunkId}" is listed twice (also trunkIds[${first}])`);
      return;
    }
    seen.set(trunkId, k);
    if (trunkIndexByKey.has(orgScoped(group.orgId, trunkId))) return;
    const otherOrgs = trunkOrgsById.get(trunkId);
    report(
      path,
      otherOrgs === undefined
        ? `names no trunk: there is no trunk "${trunkId}" in org "${group.orgId}"`
        : `trunk "${trunkId}" belongs to org ${[...otherOrgs].map((o) => `"${o}"`).join(', ')}, not to this group's org "${group.orgId}"`,
    );
  });
}

function orgScoped(orgId: string, id: string): string {
  // JSON of a pair cannot collide the way "a:b" + "c" and "a" + "b:c" would.
  return JSON.stringify([orgId, id]);
}
