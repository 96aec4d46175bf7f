import { describe, expect, it } from 'vitest';
import { keyKindOf } from './redis-memory.js';

describe('keyKindOf', () => {
  it('names the kinds of keys a run leaves in Redis', () => {
    const p = 'bench-peak-wfm-sync';
    expect(keyKindOf(`${p}:q:{ap-southeast-1/region}:123`, p)).toBe('queues');
    expect(keyKindOf(`${p}:webhook:msg_1`, p)).toBe('webhook ids');
    expect(keyKindOf(`${p}:{acme-apac}:k:agent:u1`, p)).toBe('state agent');
    expect(keyKindOf(`${p}:{acme-apac}:trail:agent:u1`, p)).toBe('trail');
    expect(keyKindOf(`${p}:{acme-apac}:gc:limiter`, p)).toBe('gc');
    expect(keyKindOf(`${p}:{acme-apac}:due`, p)).toBe('due');
  });
});
