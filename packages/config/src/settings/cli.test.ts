import { describe, expect, it } from 'vitest';
import { badVariables, COMMON_DEFAULTS, issueOf } from '../../test/env-issues.js';
import { loadCliSettings } from './cli.js';

describe('CLI environment', () => {
  it('reads the common variables and the key prefix, wfm by default', () => {
    expect(loadCliSettings({})).toEqual({
      ...COMMON_DEFAULTS,
      WFM_KEY_PREFIX: 'wfm',
    });
    expect(loadCliSettings({ WFM_KEY_PREFIX: 'wfm-eu.2' }).WFM_KEY_PREFIX).toBe('wfm-eu.2');
    expect(loadCliSettings({ WFM_KEY_PREFIX: '' }).WFM_KEY_PREFIX).toBe('wfm');
  });

  it('refuses a prefix that cannot be part of a key, together with any other bad variable', () => {
    expect(issueOf(() => loadCliSettings({ WFM_KEY_PREFIX: 'a b' }), 'WFM_KEY_PREFIX')).toMatch(
      /letters, digits/,
    );
    expect(badVariables(() => loadCliSettings({ WFM_KEY_PREFIX: 'a b', SYNC_MODE: 'sometimes' }))).toEqual([
      'SYNC_MODE',
      'WFM_KEY_PREFIX',
    ]);
  });
});
