import type { CurrentTimeOff, GenesysTimeOffStatus, TimeOffData, TimeOffStatus } from '@wfm-sync/domain';
import {
  type AdminTimeOffRequestPatch,
  GenesysApiError,
  type GenesysClient,
  type TimeOffRequestListItem,
} from '@wfm-sync/genesys-client';

/**
 * The client's `AdminTimeOffRequestPatch` follows the SDK enum (PENDING, APPROVED, DENIED), but wfm-events.md asks
 * for cancelling and gc-sim accepts CANCELED: widened here, and a refusal by a real org dead-letters visibly
 * (docs/decisions/010).
 */
export type TimeOffPatch = Omit<AdminTimeOffRequestPatch, 'status'> & { status?: TimeOffStatus };

type TimeOffRequestLike = Pick<
  TimeOffRequestListItem,
  | 'id'
  | 'status'
  | 'activityCodeId'
  | 'fullDayManagementUnitDates'
  | 'partialDayStartDateTimes'
  | 'notes'
  | 'metadata'
> & { user?: { id: string } };

/** A Genesys time-off request as the planner compares it. */
export function currentOf(request: TimeOffRequestLike, fallbackUserId: string): CurrentTimeOff {
  return {
    id: request.id,
    userId: request.user?.id ?? fallbackUserId,
    status: request.status satisfies GenesysTimeOffStatus,
    activityCodeId: request.activityCodeId,
    fullDayManagementUnitDates: request.fullDayManagementUnitDates,
    partialDayStartDateTimes: request.partialDayStartDateTimes,
    notes: request.notes,
    version: request.metadata.version,
  };
}

/** A Genesys error of one kind. */
export function isGenesys(error: unknown, kind: GenesysApiError['kind']): error is GenesysApiError {
  return error instanceof GenesysApiError && error.kind === kind;
}

/** The user's requests in the desired management unit (where ours would be, marked). */
export async function queryUserRequests(client: GenesysClient, data: TimeOffData): Promise<CurrentTimeOff[]> {
  const { entities } = await client.queryTimeOffRequests(data.managementUnitId, { userIds: [data.userId] });
  return entities.map((entity) => currentOf(entity, data.userId));
}
