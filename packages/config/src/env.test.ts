import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadCommonEnv, loadIngestEnv, loadWorkerEnv } from './env.js';

const SECRET_A = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SECRET_B = 'whsec_dGhpcyBpcyBhIHRlc3Qgc2VjcmV0IQ==';

function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function issueOf(load: () => unknown, variable: string): string {
  const error = configError(load);
  expect(error.source).toBe('environment');
  const issue = error.issues.find((candidate) => candidate.path === variable);
  expect(issue, `no issue for ${variable} in ${error.message}`).toBeDefined();
  expect(error.message).toContain('environment');
  expect(error.message).toContain(variable);
  return issue?.message ?? '';
}

describe('common environment', () => {
  it('applies the documented defaults to an empty environment', () => {
    expect(loadCommonEnv({})).toEqual({
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_CLUSTER: false,
      TOPOLOGY_FILE: './topology.json',
      LOG_LEVEL: 'info',
      SYNC_MODE: 'live',
    });
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
      configError(() => loadCommonEnv({ REDIS_URL: 'http://user:hunter2@redis:6379' })).message,
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
    const error = configError(() =>
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

describe('ingest environment', () => {
  const base = { WEBHOOK_SECRETS: SECRET_A };

  it('defaults PORT to 8080 and splits WEBHOOK_SECRETS', () => {
    expect(loadIngestEnv(base)).toMatchObject({ PORT: 8080, WEBHOOK_SECRETS: [SECRET_A] });
    expect(loadIngestEnv({ WEBHOOK_SECRETS: `${SECRET_A}, ${SECRET_B}` }).WEBHOOK_SECRETS).toEqual([
      SECRET_A,
      SECRET_B,
    ]);
  });

  it('requires WEBHOOK_SECRETS', () => {
    expect(issueOf(() => loadIngestEnv({}), 'WEBHOOK_SECRETS')).toMatch(/required/);
  });

  it('names the bad entry by position without echoing any entry', () => {
    const wrong = 'whsec_not base64!';
    const error = configError(() => loadIngestEnv({ WEBHOOK_SECRETS: `${SECRET_A},${wrong}` }));
    expect(error.issues).toEqual([
      { path: 'WEBHOOK_SECRETS', message: 'entry 2 of 2 is not of the form whsec_<base64>' },
    ]);
    for (const text of [error.message, JSON.stringify(error)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(SECRET_A);
    }
  });

  it('rejects an empty entry and a secret without the whsec_ prefix', () => {
    expect(issueOf(() => loadIngestEnv({ WEBHOOK_SECRETS: `${SECRET_A},` }), 'WEBHOOK_SECRETS')).toBe(
      'entry 2 of 2 is empty',
    );
    expect(issueOf(() => loadIngestEnv({ WEBHOOK_SECRETS: 'dGVzdA==' }), 'WEBHOOK_SECRETS')).toBe(
      'entry 1 of 1 is not of the form whsec_<base64>',
    );
  });

  it('parses PORT and rejects non-ports', () => {
    expect(loadIngestEnv({ ...base, PORT: '3000' }).PORT).toBe(3000);
    expect(loadIngestEnv({ ...base, PORT: '0' }).PORT).toBe(0);
    expect(issueOf(() => loadIngestEnv({ ...base, PORT: '70000' }), 'PORT')).toMatch(/port number/);
    expect(issueOf(() => loadIngestEnv({ ...base, PORT: '80a' }), 'PORT')).toMatch(/port number/);
  });
});

describe('worker environment', () => {
  it('requires REGION, a region or all, and defaults PORT to 9464', () => {
    expect(loadWorkerEnv({ REGION: 'ap-southeast-1' })).toMatchObject({
      REGION: 'ap-southeast-1',
      PORT: 9464,
    });
    expect(loadWorkerEnv({ REGION: 'all' }).REGION).toBe('all');
    expect(issueOf(() => loadWorkerEnv({}), 'REGION')).toMatch(/required/);
    expect(issueOf(() => loadWorkerEnv({ REGION: 'mars-1' }), 'REGION')).toMatch(/us-east-1/);
  });

  it('names every bad variable at once', () => {
    const error = configError(() => loadWorkerEnv({ PORT: 'x', LOG_LEVEL: 'loud', REDIS_CLUSTER: '2' }));
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      'LOG_LEVEL',
      'PORT',
      'REDIS_CLUSTER',
      'REGION',
    ]);
  });
});

describe('ingest environment: WEBHOOK_SECRETS_FILE (a mounted secret)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'wfm-sync-env-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const file = (name: string, content: string): string => {
    const path = join(directory, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads the secrets from the file, one a line or comma-separated', () => {
    const path = file('secrets', `${SECRET_A}\n${SECRET_B}\n`);
    expect(loadIngestEnv({ WEBHOOK_SECRETS_FILE: path }).WEBHOOK_SECRETS).toEqual([SECRET_A, SECRET_B]);
    const commas = file('secrets-commas', `${SECRET_B}, ${SECRET_A}`);
    expect(loadIngestEnv({ WEBHOOK_SECRETS_FILE: commas }).WEBHOOK_SECRETS).toEqual([SECRET_B, SECRET_A]);
  });

  it('reads the file at every load, so a rotation needs no new variable', () => {
    const path = file('rotating', SECRET_A);
    expect(loadIngestEnv({ WEBHOOK_SECRETS_FILE: path }).WEBHOOK_SECRETS).toEqual([SECRET_A]);
    writeFileSync(path, `${SECRET_A}\n${SECRET_B}`);
    expect(loadIngestEnv({ WEBHOOK_SECRETS_FILE: path }).WEBHOOK_SECRETS).toEqual([SECRET_A, SECRET_B]);
  });

  it('wants exactly one of WEBHOOK_SECRETS and WEBHOOK_SECRETS_FILE', () => {
    const path = file('both', SECRET_A);
    expect(
      issueOf(
        () => loadIngestEnv({ WEBHOOK_SECRETS: SECRET_B, WEBHOOK_SECRETS_FILE: path }),
        'WEBHOOK_SECRETS_FILE',
      ),
    ).toMatch(/exactly one/);
    expect(issueOf(() => loadIngestEnv({}), 'WEBHOOK_SECRETS')).toMatch(/WEBHOOK_SECRETS_FILE/);
  });

  it('names a missing or empty file and a bad entry without echoing any content', () => {
    expect(
      issueOf(() => loadIngestEnv({ WEBHOOK_SECRETS_FILE: join(directory, 'nope') }), 'WEBHOOK_SECRETS_FILE'),
    ).toMatch(/cannot read .*nope \(ENOENT\)/);
    expect(
      issueOf(() => loadIngestEnv({ WEBHOOK_SECRETS_FILE: file('empty', '\n \n') }), 'WEBHOOK_SECRETS_FILE'),
    ).toMatch(/holds no secret/);
    const wrong = 'whsec_not base64!';
    const error = configError(() =>
      loadIngestEnv({ WEBHOOK_SECRETS_FILE: file('bad', `${SECRET_A}\n${wrong}`) }),
    );
    expect(error.issues).toEqual([
      { path: 'WEBHOOK_SECRETS_FILE', message: 'entry 2 of 2 is not of the form whsec_<base64>' },
    ]);
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(SECRET_A);
  });
});
