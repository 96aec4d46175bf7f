import type { KeyKind, SyncKey } from '@wfm-sync/domain';
import type { OperatorContext } from './context.js';
import { keysOfOrg } from './org-keys.js';

/** Keys of an org whose id contains `search` (case-insensitive), sorted by kind then id. */
export async function findKeys(
  ctx: OperatorContext,
  orgId: string,
  search: string,
  options: { kind?: KeyKind; limit?: number } = {},
): Promise<SyncKey[]> {
  const needle = search.toLowerCase();
  const keys = await keysOfOrg(ctx, orgId, options.kind === undefined ? undefined : [options.kind]);
  return keys.filter((key) => key.id.toLowerCase().includes(needle)).slice(0, options.limit ?? 50);
}
