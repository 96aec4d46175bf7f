import { describe, expect, it } from 'vitest';
import { MAX_CACHED_ORGS, PipelineNames } from './names.js';

describe('PipelineNames', () => {
  it('keeps a bounded number of org key sets, however many org strings it is asked about', () => {
    const names = new PipelineNames('wfm');
    for (let i = 0; i < MAX_CACHED_ORGS * 5; i++) names.org(`attacker-chosen-${i}`);
    expect(names.cachedOrgs).toBeLessThanOrEqual(MAX_CACHED_ORGS);
    // Keys stay right after the cache started over.
    expect(names.org('acme-apac').state('agent', 'u1')).toBe(
      new PipelineNames('wfm').org('acme-apac').state('agent', 'u1'),
    );
  });

  it('returns the same key set for an org it holds', () => {
    const names = new PipelineNames('wfm');
    expect(names.org('acme-apac')).toBe(names.org('acme-apac'));
  });
});
