import { describe, expect, it } from 'vitest';
import { type ChangeLag, legFigures, stormRatios, worstRatios } from './lag-figures.js';

const change = (orgId: string, kind: ChangeLag['kind'], lagMs: number | undefined): ChangeLag => ({
  orgId,
  kind,
  acceptedAt: 1_000,
  appliedAt: lagMs === undefined ? undefined : 1_000 + lagMs,
});

describe('noisy-neighbor figures', () => {
  it('takes p99 lags per kind, counts a change never applied as the limit, and divides storm by quiet', () => {
    const quiet = legFigures(
      [change('b', 'agent', 400), change('b', 'timeoff', 500), change('b', 'schedule', 2_000)],
      60_000,
    );
    expect(quiet.p99s).toEqual({ agent: 0.4, timeoff: 0.5, schedule: 2 });
    const storm = legFigures(
      [change('b', 'agent', 440), change('b', 'timeoff', undefined), change('c', 'schedule', 2_000)],
      60_000,
    );
    expect(storm.notApplied).toBe(1);
    expect(storm.worstOrgP99s.timeoff).toBe(60);
    const ratios = stormRatios(quiet, storm);
    expect(ratios.agent).toBeCloseTo(1.1);
    expect(ratios.timeoff).toBe(120);
    expect(ratios.schedule).toBe(1);
    expect(worstRatios([ratios, { agent: 2, timeoff: undefined, schedule: 0.5 }])).toEqual({
      agent: 2,
      timeoff: 120,
      schedule: 1,
    });
  });
});
