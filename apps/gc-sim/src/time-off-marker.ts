/**
 * The marker format lives in the domain (the sync writes it); the simulator reads it with the same code.
 */
export { extractTimeOffMarker, timeOffMarker } from '@wfm-sync/domain';
