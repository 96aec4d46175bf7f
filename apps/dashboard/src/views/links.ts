import type { KeyKind } from '@wfm-sync/domain';
import { query } from '../html/html.js';

/** The inspect page of one key (query parameters: schedule ids contain '/'). */
export function keyHref(key: { orgId: string; kind: KeyKind | string; id: string }): string {
  return `/keys/inspect${query({ org: key.orgId, kind: key.kind, id: key.id })}`;
}
