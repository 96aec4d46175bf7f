import type { AgentCapacityData } from '@wfm-sync/domain';
import { ORG_DEFAULT_UTILIZATION } from '@wfm-sync/local-stack/gc-sim';
import { describe, expect, it } from 'vitest';
import { utilizationEquals } from './expectations.js';

const desired: AgentCapacityData = {
  userId: 'u1',
  routingGroupId: 'g1',
  trunkId: 't1',
  available: true,
  utilization: {
    call: { maximumCapacity: 2 },
    chat: { maximumCapacity: 3, interruptableMediaTypes: ['call'] },
  },
};

function written(overrides: Record<string, unknown> = {}) {
  return {
    utilization: {
      ...structuredClone(ORG_DEFAULT_UTILIZATION),
      call: { maximumCapacity: 2, interruptableMediaTypes: [], includeNonAcd: false },
      chat: { maximumCapacity: 3, interruptableMediaTypes: ['call'], includeNonAcd: false },
      ...overrides,
    },
  };
}

describe('utilizationEquals', () => {
  it('matches what Genesys shows after a PUT of the full map: omitted media types at the org default', () => {
    expect(utilizationEquals(written(), desired)).toBe(true);
  });

  it('notices a different capacity, interruptable list, or a media type not reset', () => {
    expect(
      utilizationEquals(
        written({ call: { maximumCapacity: 1, interruptableMediaTypes: [], includeNonAcd: false } }),
        desired,
      ),
    ).toBe(false);
    expect(
      utilizationEquals(
        written({ chat: { maximumCapacity: 3, interruptableMediaTypes: [], includeNonAcd: false } }),
        desired,
      ),
    ).toBe(false);
    expect(
      utilizationEquals(
        written({ email: { maximumCapacity: 0, interruptableMediaTypes: [], includeNonAcd: false } }),
        desired,
      ),
    ).toBe(false);
    expect(utilizationEquals(undefined, desired)).toBe(false);
  });
});
