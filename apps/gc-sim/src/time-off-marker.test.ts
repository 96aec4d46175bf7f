import { describe, expect, it } from 'vitest';
import { extractTimeOffMarker, timeOffMarker } from './time-off-marker.js';

describe('the wfm-sync time-off marker', () => {
  it('writes plain ids as they are and round-trips any id', () => {
    expect(timeOffMarker('zd-ticket-88121')).toBe('[wfm-sync:zd-ticket-88121]');
    for (const id of ['zd-ticket-88121', 'with space', 'a]b[c', 'ünïcødé/ä', '%41']) {
      expect(extractTimeOffMarker(`Annual leave ${timeOffMarker(id)} approved`)).toBe(id);
    }
    expect(() => timeOffMarker('')).toThrow();
  });

  it('finds nothing in notes without a (well-formed) marker', () => {
    expect(extractTimeOffMarker(undefined)).toBeUndefined();
    expect(extractTimeOffMarker('Annual leave')).toBeUndefined();
    expect(extractTimeOffMarker('[wfm-sync:]')).toBeUndefined();
    expect(extractTimeOffMarker('[wfm-sync:%E0%A4%A]')).toBeUndefined();
  });
});
