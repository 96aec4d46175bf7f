import { freePort } from '@wfm-sync/test-support';
import { afterEach } from 'vitest';
import { generateFixture, type RunningSim, type StartSimOptions, startSim } from '../src/index.js';

export const smallFixture = () => generateFixture({ seed: 7, orgs: 2, trunksPerOrg: 3, agentsPerOrg: 6 });

/** A simulator on a free loopback port, closed after the test. */
export function useSims(): (options?: Partial<StartSimOptions>) => Promise<RunningSim> {
  const running: RunningSim[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.close()));
  });
  return async (options = {}) => {
    const sim = await startSim({ fixture: smallFixture(), port: await freePort(), ...options });
    running.push(sim);
    return sim;
  };
}

/** A clock the test moves by hand, for expiry, windows and grace periods without sleeping. */
export function manualClock(start = Date.UTC(2026, 10, 23, 1, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function http(
  url: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (e.g. the metrics text): the test reads the text.
    }
  }
  return { status: response.status, headers: response.headers, body };
}

export async function tokenFor(sim: RunningSim, orgIndex = 0): Promise<string> {
  const org = sim.sim.fixture.orgs[orgIndex];
  if (!org) throw new Error(`no org ${orgIndex}`);
  const response = await fetch(`${sim.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${org.clientId}:${org.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await response.json()) as { access_token?: string };
  if (response.status !== 200 || !body.access_token)
    throw new Error(`token request failed: ${response.status}`);
  return body.access_token;
}

/** An API client bound to one org's token. */
export async function apiFor(sim: RunningSim, orgIndex = 0) {
  const token = await tokenFor(sim, orgIndex);
  const org = sim.sim.fixture.orgs[orgIndex];
  if (!org) throw new Error(`no org ${orgIndex}`);
  return {
    org,
    token,
    call: (method: string, path: string, body?: unknown) =>
      http(`${sim.url}${path}`, { method, token, ...(body === undefined ? {} : { body }) }),
  };
}

/** Runs `tasks` with at most `limit` at a time. */
export async function inBatches<T>(
  count: number,
  limit: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}
