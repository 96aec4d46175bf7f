/**
 * The sync marks every time-off request it creates with `[wfm-sync:<externalId>]` in `notes`, because the
 * API has no external id (genesys-api.md). The id is URI-encoded, so any external id round-trips and the
 * marker never contains `]` or whitespace; plain ids like `zd-ticket-88121` appear unchanged.
 */
const MARKER_PATTERN = /\[wfm-sync:([^\]\s]+)\]/;

export function timeOffMarker(externalId: string): string {
  if (externalId.length === 0) throw new Error('externalId must not be empty');
  return `[wfm-sync:${encodeURIComponent(externalId)}]`;
}

/** The external id of the first marker in `notes`, or undefined when there is none (or it is malformed). */
export function extractTimeOffMarker(notes: string | undefined | null): string | undefined {
  const match = MARKER_PATTERN.exec(notes ?? '');
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    // A malformed escape is not a marker the sync wrote, so it names no external id.
    return undefined;
  }
}
