import { describe, expect, it } from 'vitest';
import { createRequestLog } from './request-log.js';

const entry = (n: number) => ({
  at: n,
  method: 'GET',
  path: `/p/${n}`,
  route: '/p/:n',
  orgId: 'o',
  status: 200,
  durationMs: 1,
  stateChanging: false,
  correlationId: `c${n}`,
});

describe('createRequestLog', () => {
  it('keeps the last `cap` entries in order, with increasing sequence numbers', () => {
    const log = createRequestLog(50);
    for (let i = 0; i < 500; i++) log.append(entry(i));
    const entries = log.entries();
    expect(entries).toHaveLength(50);
    expect(entries[0]?.at).toBe(450);
    expect(entries.at(-1)?.seq).toBe(500);
    expect(log.entries({ since: 495 }).map((e) => e.seq)).toEqual([496, 497, 498, 499, 500]);
    expect(log.entries({ since: 0, limit: 2 }).map((e) => e.seq)).toEqual([451, 452]);
    log.clear();
    expect(log.entries()).toEqual([]);
    log.append(entry(1));
    expect(log.entries()[0]?.seq).toBe(501);
  });
});
