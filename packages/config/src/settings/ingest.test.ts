import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { badVariables, COMMON_DEFAULTS, issueOf } from '../../test/env-issues.js';
import { configErrorOf } from '../../test/fixtures.js';
import { loadIngestSettings } from './ingest.js';

const SECRET_A = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SECRET_B = `whsec_${Buffer.from('this is another test secret!').toString('base64')}`;

describe('ingest environment', () => {
  const base = { WEBHOOK_SECRETS: SECRET_A };

  it('defaults PORT to 8080 and splits WEBHOOK_SECRETS', () => {
    expect(loadIngestSettings(base)).toMatchObject({ PORT: 8080, WEBHOOK_SECRETS: [SECRET_A] });
    expect(loadIngestSettings({ WEBHOOK_SECRETS: `${SECRET_A}, ${SECRET_B}` }).WEBHOOK_SECRETS).toEqual([
      SECRET_A,
      SECRET_B,
    ]);
  });

  it('requires WEBHOOK_SECRETS', () => {
    expect(issueOf(() => loadIngestSettings({}), 'WEBHOOK_SECRETS')).toMatch(/required/);
  });

  it('names the bad entry by position without echoing any entry', () => {
    const wrong = 'whsec_not base64!';
    const error = configErrorOf(() => loadIngestSettings({ WEBHOOK_SECRETS: `${SECRET_A},${wrong}` }));
    expect(error.issues).toEqual([
      { path: 'WEBHOOK_SECRETS', message: 'entry 2 of 2 is not of the form whsec_<base64>' },
    ]);
    for (const text of [error.message, JSON.stringify(error)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(SECRET_A);
    }
  });

  it('rejects an empty entry and a secret without the whsec_ prefix', () => {
    expect(issueOf(() => loadIngestSettings({ WEBHOOK_SECRETS: `${SECRET_A},` }), 'WEBHOOK_SECRETS')).toBe(
      'entry 2 of 2 is empty',
    );
    expect(issueOf(() => loadIngestSettings({ WEBHOOK_SECRETS: 'dGVzdA==' }), 'WEBHOOK_SECRETS')).toBe(
      'entry 1 of 1 is not of the form whsec_<base64>',
    );
  });

  it('refuses a secret shorter than 24 decoded bytes, naming it by position', () => {
    const short = `whsec_${Buffer.alloc(23, 7).toString('base64')}`;
    const error = configErrorOf(() => loadIngestSettings({ WEBHOOK_SECRETS: `${SECRET_A},${short}` }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.path).toBe('WEBHOOK_SECRETS');
    expect(error.issues[0]?.message).toMatch(/^entry 2 of 2 is too short: 23 bytes .* at least 24/);
    expect(error.message).not.toContain(short);
    expect(
      loadIngestSettings({ WEBHOOK_SECRETS: `whsec_${Buffer.alloc(24, 7).toString('base64')}` }),
    ).toBeDefined();
  });

  it('refuses a secret listed twice', () => {
    expect(
      issueOf(
        () => loadIngestSettings({ WEBHOOK_SECRETS: `${SECRET_A}, ${SECRET_B},${SECRET_A}` }),
        'WEBHOOK_SECRETS',
      ),
    ).toMatch(/^entry 3 of 3 repeats entry 1/);
  });

  it('parses PORT and rejects non-ports', () => {
    expect(loadIngestSettings({ ...base, PORT: '3000' }).PORT).toBe(3000);
    expect(loadIngestSettings({ ...base, PORT: '0' }).PORT).toBe(0);
    expect(issueOf(() => loadIngestSettings({ ...base, PORT: '70000' }), 'PORT')).toMatch(/port number/);
    expect(issueOf(() => loadIngestSettings({ ...base, PORT: '80a' }), 'PORT')).toMatch(/port number/);
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
    expect(loadIngestSettings({ WEBHOOK_SECRETS_FILE: path }).WEBHOOK_SECRETS).toEqual([SECRET_A, SECRET_B]);
    const commas = file('secrets-commas', `${SECRET_B}, ${SECRET_A}`);
    expect(loadIngestSettings({ WEBHOOK_SECRETS_FILE: commas }).WEBHOOK_SECRETS).toEqual([
      SECRET_B,
      SECRET_A,
    ]);
  });

  it('reads the file at every load, so a rotation needs no new variable', () => {
    const path = file('rotating', SECRET_A);
    expect(loadIngestSettings({ WEBHOOK_SECRETS_FILE: path }).WEBHOOK_SECRETS).toEqual([SECRET_A]);
    writeFileSync(path, `${SECRET_A}\n${SECRET_B}`);
    expect(loadIngestSettings({ WEBHOOK_SECRETS_FILE: path }).WEBHOOK_SECRETS).toEqual([SECRET_A, SECRET_B]);
  });

  it('wants exactly one of WEBHOOK_SECRETS and WEBHOOK_SECRETS_FILE', () => {
    const path = file('both', SECRET_A);
    expect(
      issueOf(
        () => loadIngestSettings({ WEBHOOK_SECRETS: SECRET_B, WEBHOOK_SECRETS_FILE: path }),
        'WEBHOOK_SECRETS_FILE',
      ),
    ).toMatch(/exactly one/);
    expect(issueOf(() => loadIngestSettings({}), 'WEBHOOK_SECRETS')).toMatch(/WEBHOOK_SECRETS_FILE/);
  });

  it('names a missing or empty file and a bad entry without echoing any content', () => {
    expect(
      issueOf(
        () => loadIngestSettings({ WEBHOOK_SECRETS_FILE: join(directory, 'nope') }),
        'WEBHOOK_SECRETS_FILE',
      ),
    ).toMatch(/cannot read .*nope \(ENOENT\)/);
    expect(
      issueOf(
        () => loadIngestSettings({ WEBHOOK_SECRETS_FILE: file('empty', '\n \n') }),
        'WEBHOOK_SECRETS_FILE',
      ),
    ).toMatch(/holds no secret/);
    const wrong = 'whsec_not base64!';
    const error = configErrorOf(() =>
      loadIngestSettings({ WEBHOOK_SECRETS_FILE: file('bad', `${SECRET_A}\n${wrong}`) }),
    );
    expect(error.issues).toEqual([
      { path: 'WEBHOOK_SECRETS_FILE', message: 'entry 2 of 2 is not of the form whsec_<base64>' },
    ]);
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(SECRET_A);
  });
});

describe('ingest environment: tuning, HOST and test hook', () => {
  const base = { WEBHOOK_SECRETS: SECRET_A };

  it('applies the documented defaults (README, "Configuration")', () => {
    expect(loadIngestSettings(base)).toEqual({
      ...COMMON_DEFAULTS,
      PORT: 8080,
      HOST: '0.0.0.0',
      WEBHOOK_SECRETS: [SECRET_A],
      WFM_KEY_PREFIX: 'wfm',
      INGEST_BODY_LIMIT_BYTES: 1024 * 1024,
      INGEST_BACKLOG_LIMIT: 100_000,
      INGEST_REDIS_TIMEOUT_MS: 2_000,
      INGEST_MAX_IN_FLIGHT: 64,
      WEBHOOK_ID_TTL_S: 86_400,
      SWEEP_AFTER_MS: 10_000,
      WFM_TEST_CRASH_AFTER_STORE: false,
    });
  });

  it('takes each from the environment', () => {
    expect(
      loadIngestSettings({
        ...base,
        HOST: '127.0.0.1',
        WFM_KEY_PREFIX: 'wfm-test.1',
        INGEST_REDIS_TIMEOUT_MS: '750',
        INGEST_MAX_IN_FLIGHT: '8',
        WEBHOOK_ID_TTL_S: '600',
        WFM_TEST_CRASH_AFTER_STORE: '1',
      }),
    ).toMatchObject({
      HOST: '127.0.0.1',
      WFM_KEY_PREFIX: 'wfm-test.1',
      INGEST_REDIS_TIMEOUT_MS: 750,
      INGEST_MAX_IN_FLIGHT: 8,
      WEBHOOK_ID_TTL_S: 600,
      WFM_TEST_CRASH_AFTER_STORE: true,
    });
  });

  it.each([
    ['INGEST_REDIS_TIMEOUT_MS', '0'],
    ['INGEST_REDIS_TIMEOUT_MS', 'soon'],
    ['INGEST_MAX_IN_FLIGHT', '0'],
    ['INGEST_MAX_IN_FLIGHT', '-1'],
    ['INGEST_MAX_IN_FLIGHT', '1.5'],
    ['INGEST_BODY_LIMIT_BYTES', '100'],
    ['INGEST_BACKLOG_LIMIT', 'lots'],
    ['SWEEP_AFTER_MS', '99'],
    ['WFM_KEY_PREFIX', 'a b'],
    ['WFM_TEST_CRASH_AFTER_STORE', 'yes'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(issueOf(() => loadIngestSettings({ ...base, [name]: value }), name)).not.toBe('');
  });

  it('refuses WEBHOOK_ID_TTL_S below twice the 5-minute timestamp tolerance', () => {
    expect(
      issueOf(() => loadIngestSettings({ ...base, WEBHOOK_ID_TTL_S: '599' }), 'WEBHOOK_ID_TTL_S'),
    ).toMatch(/^must be at least 600 seconds/);
  });

  it('names every bad variable at once, shared, secret and tuning alike', () => {
    expect(
      badVariables(() =>
        loadIngestSettings({ PORT: 'x', INGEST_MAX_IN_FLIGHT: '-1', WEBHOOK_SECRETS: 'whsec_short' }),
      ),
    ).toEqual(['INGEST_MAX_IN_FLIGHT', 'PORT', 'WEBHOOK_SECRETS']);
  });
});
