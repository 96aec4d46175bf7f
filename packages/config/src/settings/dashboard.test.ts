import { describe, expect, it } from 'vitest';
import { configErrorOf } from '../../test/fixtures.js';
import { loadDashboardSettings } from './dashboard.js';

const CREDENTIALS = { DASHBOARD_USER: 'operator', DASHBOARD_PASSWORD: 'correct-horse-battery' };

const problems = (env: NodeJS.ProcessEnv): string => configErrorOf(() => loadDashboardSettings(env)).message;

describe('loadDashboardSettings', () => {
  it('takes credentials from the environment and listens on every interface on port 9500', () => {
    const settings = loadDashboardSettings(CREDENTIALS);
    expect(settings.auth).toEqual({ mode: 'basic', user: 'operator', password: 'correct-horse-battery' });
    expect(settings).toMatchObject({
      PORT: 9500,
      listenHost: '0.0.0.0',
      REDIS_URL: 'redis://127.0.0.1:6379',
      TOPOLOGY_FILE: './topology.json',
      WFM_KEY_PREFIX: 'wfm',
      SYNC_MODE: 'live',
    });
  });

  it('reads DASHBOARD_ALLOWED_HOSTS and DASHBOARD_QUEUE_WRITES, off and empty by default', () => {
    expect(loadDashboardSettings(CREDENTIALS)).toMatchObject({ allowedHosts: [], queueWrites: false });
    expect(
      loadDashboardSettings({
        ...CREDENTIALS,
        DASHBOARD_ALLOWED_HOSTS: 'Dashboard.example.com, dashboard:9500,[fd00::1]:9500',
        DASHBOARD_QUEUE_WRITES: '1',
      }),
    ).toMatchObject({
      allowedHosts: ['dashboard.example.com', 'dashboard:9500', '[fd00::1]:9500'],
      queueWrites: true,
    });
  });

  it('refuses a DASHBOARD_ALLOWED_HOSTS entry with a scheme or a path', () => {
    expect(problems({ ...CREDENTIALS, DASHBOARD_ALLOWED_HOSTS: 'https://dashboard.example.com' })).toContain(
      'DASHBOARD_ALLOWED_HOSTS',
    );
    expect(problems({ ...CREDENTIALS, DASHBOARD_ALLOWED_HOSTS: 'dashboard/x' })).toContain(
      'DASHBOARD_ALLOWED_HOSTS',
    );
  });

  it('names the variable once, however many of its entries are bad', () => {
    const error = configErrorOf(() =>
      loadDashboardSettings({ ...CREDENTIALS, DASHBOARD_ALLOWED_HOSTS: 'ok.example.com,a/b,https://c' }),
    );
    expect(error.issues).toEqual([
      {
        path: 'DASHBOARD_ALLOWED_HOSTS',
        message: expect.stringMatching(/^must be comma-separated host names/),
      },
    ]);
  });

  it('refuses to start without credentials, saying how to fix it', () => {
    const message = problems({});
    expect(message).toContain('DASHBOARD_USER and DASHBOARD_PASSWORD are required');
    expect(message).toContain('no default password');
    expect(message).toContain('DASHBOARD_LOOPBACK_ONLY=1');
  });

  it('without credentials in loopback-only mode: no authentication, listening on 127.0.0.1 whatever HOST says', () => {
    const settings = loadDashboardSettings({ DASHBOARD_LOOPBACK_ONLY: '1', HOST: '0.0.0.0', PORT: '9600' });
    expect(settings.auth).toEqual({ mode: 'loopback-only' });
    expect(settings).toMatchObject({ listenHost: '127.0.0.1', PORT: 9600 });
  });

  it('keeps authentication when credentials are given in loopback-only mode', () => {
    const settings = loadDashboardSettings({ ...CREDENTIALS, DASHBOARD_LOOPBACK_ONLY: 'true' });
    expect(settings.auth.mode).toBe('basic');
    expect(settings.listenHost).toBe('127.0.0.1');
  });

  it('wants both halves of the credentials, a long enough password and a user without a colon', () => {
    expect(problems({ DASHBOARD_USER: 'operator' })).toContain(
      'DASHBOARD_PASSWORD: is required with DASHBOARD_USER',
    );
    expect(problems({ DASHBOARD_PASSWORD: 'correct-horse-battery' })).toContain(
      'DASHBOARD_USER: is required with DASHBOARD_PASSWORD',
    );
    expect(problems({ DASHBOARD_USER: 'operator', DASHBOARD_PASSWORD: 'short' })).toContain(
      'DASHBOARD_PASSWORD: must be at least 12 characters',
    );
    expect(problems({ ...CREDENTIALS, DASHBOARD_USER: 'a:b' })).toContain('must not contain ":"');
  });

  it('reports every bad variable at once and never repeats a value', () => {
    const message = problems({
      DASHBOARD_USER: 'operator',
      DASHBOARD_PASSWORD: 'tiny-secret',
      PORT: 'eighty',
      REDIS_URL: 'http://nope',
    });
    expect(message).toContain('PORT: must be a port number');
    expect(message).toContain('REDIS_URL');
    expect(message).toContain('DASHBOARD_PASSWORD');
    expect(message).not.toContain('tiny-secret');
  });

  it('listens on HOST when not loopback-only', () => {
    expect(loadDashboardSettings({ ...CREDENTIALS, HOST: '10.0.0.5' }).listenHost).toBe('10.0.0.5');
  });

  it('refuses bad flags, naming them', () => {
    expect(problems({ ...CREDENTIALS, DASHBOARD_QUEUE_WRITES: 'on' })).toContain(
      'DASHBOARD_QUEUE_WRITES: must be 1, true, 0 or false',
    );
    expect(problems({ DASHBOARD_LOOPBACK_ONLY: 'yes' })).toContain(
      'DASHBOARD_LOOPBACK_ONLY: must be 1, true, 0 or false',
    );
  });
});
