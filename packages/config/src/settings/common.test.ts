import { describe, expect, it } from 'vitest';
import { COMMON_DEFAULTS, issueOf } from '../../test/env-issues.js';
import { configErrorOf } from '../../test/fixtures.js';
import { loadCommonEnv } from './common.js';

describe('common environment', () => {
  it('applies the documented defaults to an empty environment', () => {
    expect(loadCommonEnv({})).toEqual(COMMON_DEFAULTS);
  });

  it('treats an empty variable as unset', () => {
    expect(loadCommonEnv({ REDIS_URL: '', LOG_LEVEL: '' }).REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('accepts redis:// and rediss:// URLs only, without echoing the URL', () => {
    expect(loadCommonEnv({ REDIS_URL: 'rediss://:pw@redis.internal:6380/2' }).REDIS_URL).toBe(
      'rediss://:pw@redis.internal:6380/2',
    );
    const message = issueOf(
      () => loadCommonEnv({ REDIS_URL: 'http://user:hunter2@redis:6379' }),
      'REDIS_URL',
    );
    expect(message).toMatch(/redis:\/\/ or rediss:\/\//);
    expect(
      configErrorOf(() => loadCommonEnv({ REDIS_URL: 'http://user:hunter2@redis:6379' })).message,
    ).not.toContain('hunter2');
  });

  it.each([
    ['1', true],
    ['true', true],
    ['TRUE', true],
    ['0', false],
    ['false', false],
  ])('reads REDIS_CLUSTER=%s as %s', (value, expected) => {
    expect(loadCommonEnv({ REDIS_CLUSTER: value }).REDIS_CLUSTER).toBe(expected);
  });

  it('rejects other REDIS_CLUSTER values', () => {
    expect(issueOf(() => loadCommonEnv({ REDIS_CLUSTER: 'yes' }), 'REDIS_CLUSTER')).toBe(
      'must be 1, true, 0 or false',
    );
  });

  it('rejects a database number in cluster mode (cross-field rule)', () => {
    expect(loadCommonEnv({ REDIS_URL: 'redis://node-1:7000/0', REDIS_CLUSTER: '1' }).REDIS_CLUSTER).toBe(
      true,
    );
    expect(loadCommonEnv({ REDIS_URL: 'redis://node-1:7000/3' }).REDIS_URL).toBe('redis://node-1:7000/3');
    expect(
      issueOf(() => loadCommonEnv({ REDIS_URL: 'redis://node-1:7000/3', REDIS_CLUSTER: '1' }), 'REDIS_URL'),
    ).toMatch(/database other than 0/);
  });

  it('reports the cross-field rule together with unrelated bad variables', () => {
    const error = configErrorOf(() =>
      loadCommonEnv({ REDIS_URL: 'redis://node-1:7000/3', REDIS_CLUSTER: 'true', LOG_LEVEL: 'loud' }),
    );
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['LOG_LEVEL', 'REDIS_URL']);
  });

  it('accepts pino levels and the two sync modes', () => {
    expect(loadCommonEnv({ LOG_LEVEL: 'debug', SYNC_MODE: 'dry-run' })).toMatchObject({
      LOG_LEVEL: 'debug',
      SYNC_MODE: 'dry-run',
    });
    expect(issueOf(() => loadCommonEnv({ LOG_LEVEL: 'verbose' }), 'LOG_LEVEL')).toMatch(
      /fatal, error, warn, info/,
    );
    expect(issueOf(() => loadCommonEnv({ SYNC_MODE: 'dryrun' }), 'SYNC_MODE')).toBe(
      'must be live or dry-run',
    );
  });
});
