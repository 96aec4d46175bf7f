import {
  type CurrentTimeOff,
  desiredTimeOffValues,
  extractTimeOffMarker,
  isLiveTimeOff,
  keyLabel,
  type SyncKey,
  type TimeOffData,
  timeOffOverlaps,
} from '@wfm-sync/domain';
import type { GenesysApiError } from '@wfm-sync/genesys-client';
import { PermanentFailureError } from '../../errors/permanent-failure.js';
import { TimeOffOverlapPendingError } from '../../errors/time-off-overlap-pending.js';

/**
 * Why a request cannot take the desired days. Someone else's request (no marker) is never touched: dead letter.
 * Another WFM record's request may be about to move away (its own event pending): retried later like a conflict.
 */
export function overlapFailure(
  key: SyncKey,
  data: TimeOffData,
  requests: readonly CurrentTimeOff[],
  cause: GenesysApiError | undefined,
): Error {
  const desired = desiredTimeOffValues(data);
  const overlaps = timeOffOverlaps(key.id, data.userId, desired.fullDayManagementUnitDates, requests);
  // Genesys said the days are taken but no other WFM record's request is a candidate: the blocker is a live
  // request without a marker whose days cannot be placed exactly here (partial days, the unit's time zone).
  const unmarked =
    cause && overlaps.length === 0
      ? requests.find((r) => isLiveTimeOff(r.status) && extractTimeOffMarker(r.notes) === undefined)
      : undefined;
  const foreign = overlaps.find((o) => o.owner === 'foreign')?.request ?? unmarked;
  if (foreign) {
    return new PermanentFailureError(
      'overlaps-foreign-request',
      `the days of ${keyLabel(key)} overlap request ${foreign.id} (${foreign.status}) of user ` +
        `${data.userId}, which wfm-sync did not create; it is left untouched`,
      cause,
    );
  }
  const other = overlaps[0];
  const message = other
    ? `the days of ${keyLabel(key)} overlap request ${other.request.id} of external id ${other.externalId}; retrying after it moves`
    : `Genesys reported an overlap for ${keyLabel(key)} that a fresh query no longer shows; retrying`;
  return new TimeOffOverlapPendingError(message, cause);
}
