import { MEDIA_TYPES, type MediaType, type MediaUtilization, type UtilizationMap } from './events.js';

/** Utilization as read from Genesys: media type names are strings there, not our closed set. */
export interface CurrentMediaUtilization {
  maximumCapacity: number;
  interruptableMediaTypes?: readonly string[];
  includeNonAcd?: boolean;
}
export type CurrentUtilization = Partial<Record<string, CurrentMediaUtilization>>;

/** The comparable form of one media type's settings (Genesys defaults made explicit, lists sorted). */
function normalizeMedia(media: MediaUtilization | CurrentMediaUtilization | undefined): string {
  if (!media) return 'absent';
  const interruptable = [...(media.interruptableMediaTypes ?? [])].sort().join(',');
  return `${media.maximumCapacity}|${interruptable}|${media.includeNonAcd ?? false}`;
}

/**
 * Media types whose current value differs from the desired one.
 * Only media types named in the desired map are compared: the desired map is what wfm-sync owns, and a type it
 * omits takes the org default, which the API does not tell us (see docs/decisions).
 */
export function utilizationDifferences(desired: UtilizationMap, current: CurrentUtilization): MediaType[] {
  return MEDIA_TYPES.filter((type) => type in desired).filter(
    (type) => normalizeMedia(desired[type]) !== normalizeMedia(current[type]),
  );
}
