import { describe, expect, it } from 'vitest';
import type { SimRequest } from '../sim/sim-admin-client.js';
import type { Expectation } from '../workload/types.js';
import {
  callsPerMinuteBetween,
  changedWriteUnitsByOrg,
  lowerBoundSeconds,
  requestFigures,
} from './compute.js';

let seq = 0;
function request(path: string, status: number, stateChanging = true, method = 'PUT'): SimRequest {
  seq++;
  return { seq, at: seq, method, path, route: path, orgId: 'o', status, durationMs: 1, stateChanging };
}

describe('requestFigures', () => {
  it('counts every call, the successful writes, and 409s the client never got past on that resource', () => {
    const figures = requestFigures([
      request('/oauth/token', 200, false, 'POST'),
      request('/c/1', 200, false, 'GET'),
      request('/c/1', 409),
      request('/c/1', 200),
      request('/c/2', 409),
      request('/c/2', 409),
      request('/u/1', 200),
      request('/u/1', 429),
      request('/c/3', 200),
      request('/c/3', 409),
      request('/u/2', 409),
      request('/u/2', 200, false, 'GET'),
    ]);
    expect(figures).toEqual({
      apiCalls: 12,
      appliedChanges: 3,
      conflictsSeen: 5,
      conflictsUnresolved: 3,
      status429: 1,
      callsByRoute: {
        'POST /oauth/token': 1,
        'GET /c/1': 1,
        'PUT /c/1': 2,
        'PUT /c/2': 2,
        'PUT /u/1': 2,
        'PUT /c/3': 2,
        'PUT /u/2': 1,
        'GET /u/2': 1,
      },
    });
  });

  it('orders by the log sequence, whatever order the entries come in', () => {
    const conflict = request('/c/9', 409);
    const success = request('/c/9', 204, true, 'PATCH');
    expect(requestFigures([success, conflict]).conflictsUnresolved).toBe(0);
  });
});

describe('lowerBoundSeconds', () => {
  it('is the busiest org’s changed keys at its request budget', () => {
    expect(
      lowerBoundSeconds(
        new Map([
          ['a', 250],
          ['b', 100],
        ]),
        300,
      ),
    ).toBe(50);
    expect(lowerBoundSeconds(new Map(), 300)).toBe(0);
  });
});

describe('changedWriteUnitsByOrg', () => {
  it('counts the agents of one schedule as one unit and every other key as its own', () => {
    const expectation = (orgId: string, label: string, writeUnit?: string): Expectation => ({
      orgId,
      kind: writeUnit ? 'schedule' : 'timeoff',
      label,
      ...(writeUnit ? { writeUnit } : {}),
      matches: async () => false,
    });
    const units = changedWriteUnitsByOrg([
      expectation('a', 'timeoff:1'),
      expectation('a', 'timeoff:2'),
      expectation('a', 'schedule:s1/u1', 'schedule:s1'),
      expectation('a', 'schedule:s1/u2', 'schedule:s1'),
      expectation('a', 'schedule:s2/u1', 'schedule:s2'),
      expectation('b', 'schedule:s1/u9', 'schedule:s1'),
    ]);
    expect(Object.fromEntries(units)).toEqual({ a: 4, b: 1 });
  });
});

describe('callsPerMinuteBetween', () => {
  it('is each org’s request rate within the window', () => {
    const at = (orgId: string | null, ms: number): SimRequest => ({ ...request('/x', 200), orgId, at: ms });
    const entries = [
      at('a', 0),
      at('a', 10_000),
      at('a', 20_000),
      at('b', 20_000),
      at(null, 20_000),
      at('a', 40_000),
    ];
    expect(callsPerMinuteBetween(entries, 10_000, 40_000)).toEqual({ a: 6, b: 2 });
    expect(callsPerMinuteBetween(entries, 10_000, 10_000)).toEqual({});
  });
});
