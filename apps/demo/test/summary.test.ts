import { describe, expect, it } from 'vitest';
import { budgetLowerBoundS, summaryLines } from '../src/summary.js';

describe('the demo summary', () => {
  it('bounds the time by the busiest org: its changed keys divided by its own budget', () => {
    const changedByOrg = new Map([
      ['a', 300],
      ['b', 100],
    ]);
    const requestsPerMinute = new Map([
      ['a', 600],
      ['b', 60],
    ]);
    expect(budgetLowerBoundS({ changedByOrg, requestsPerMinute })).toBe(100);
  });

  it('names events, keys, calls per applied change, time against the bound and violations', () => {
    const lines = summaryLines({
      events: 1200,
      changedByOrg: new Map([['a', 300]]),
      requestsPerMinute: new Map([['a', 300]]),
      apiCalls: 450,
      appliedChanges: 300,
      elapsedS: 90,
      violations: 0,
    });
    expect(lines.join('\n')).toContain('1200 delivered');
    expect(lines.join('\n')).toContain('300 changed');
    expect(lines.join('\n')).toContain('1.50 calls per change');
    expect(lines.join('\n')).toContain('90.0 s; the budget allows no less than 60.0 s (1.50× the bound)');
    expect(lines.at(-1)).toBe('  violations  0');
  });
});
