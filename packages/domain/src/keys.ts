import type { WfmEvent } from './events.js';

/** Every kind of key the pipeline reconciles. */
export const KEY_KINDS = ['agent', 'trunk', 'campaign', 'timeoff', 'schedule'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** A reconcilable thing: the unit of ordering, exclusion and retry. Jobs carry only this. */
export interface SyncKey {
  orgId: string;
  kind: KeyKind;
  /** Kind-specific id; schedules join businessUnitId/weekId/scheduleId with '/' (each part URI-encoded). */
  id: string;
}

export function scheduleKeyId(businessUnitId: string, weekId: string, scheduleId: string): string {
  return [businessUnitId, weekId, scheduleId].map(encodeURIComponent).join('/');
}

export function parseScheduleKeyId(id: string): {
  businessUnitId: string;
  weekId: string;
  scheduleId: string;
} {
  const parts = id.split('/').map(decodeURIComponent);
  if (parts.length !== 3) throw new Error(`not a schedule key id: ${id}`);
  const [businessUnitId, weekId, scheduleId] = parts as [string, string, string];
  return { businessUnitId, weekId, scheduleId };
}

/** The key an event updates (its ordering domain). */
export function keyOfEvent(event: WfmEvent): SyncKey {
  switch (event.type) {
    case 'agent.capacity.updated':
      return { orgId: event.orgId, kind: 'agent', id: event.data.userId };
    case 'trunk.status.changed':
      return { orgId: event.orgId, kind: 'trunk', id: event.data.trunkId };
    case 'timeoff.upserted':
      return { orgId: event.orgId, kind: 'timeoff', id: event.data.externalId };
    case 'schedule.agent.updated':
      return {
        orgId: event.orgId,
        kind: 'schedule',
        id: scheduleKeyId(event.data.businessUnitId, event.data.weekId, event.data.scheduleId),
      };
  }
}

/** `kind:id` — the member name of a key inside its org's Redis structures and in logs. */
export function keyMember(key: Pick<SyncKey, 'kind' | 'id'>): string {
  return `${key.kind}:${key.id}`;
}

export function keyLabel(key: SyncKey): string {
  return `${key.orgId}/${key.kind}/${key.id}`;
}
