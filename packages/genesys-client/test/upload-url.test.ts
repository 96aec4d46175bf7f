import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HostResolver, UploadUrlRefusedError } from '../src/index.js';
import { guardedLookup } from '../src/upload-policy/guarded-lookup.js';
import { checkUploadUrl } from '../src/upload-policy/upload-url.js';
import { type Fixture, rejectionOf, startFixture } from './support/fixture.js';

const REAL_ORG = { apiBaseUrl: 'https://api.apse1.pure.cloud' };
const GZIP = Buffer.from([0x1f, 0x8b]);

/** A resolver answering from a table, counting the questions. */
function resolverOf(answers: Record<string, string[]>): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    asked.push(hostname);
    const addresses = answers[hostname];
    if (addresses === undefined)
      throw Object.assign(new Error(`no answer for ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { asked });
}

describe('checkUploadUrl (no DNS)', () => {
  it.each([
    ['http on a real org', 'http://uploads.example.com/u?sig=secret', REAL_ORG, /is not https/],
    ['loopback IP literal', 'https://127.0.0.1/u', REAL_ORG, /loopback/],
    ['IPv6 loopback literal', 'https://[::1]/u', REAL_ORG, /loopback/],
    ['private IP literal', 'https://10.1.2.3/u', REAL_ORG, /private/],
    ['link-local metadata', 'https://169.254.169.254/latest/meta-data', REAL_ORG, /link-local/],
    ['IPv4-mapped private', 'https://[::ffff:192.168.1.1]/u', REAL_ORG, /private/],
    ['unique local IPv6', 'https://[fd00::1]/u', REAL_ORG, /private/],
    [
      'a host outside uploadHosts',
      'https://evil-s3.amazonaws.com/u',
      { ...REAL_ORG, uploadHosts: ['s3.amazonaws.com'] },
      /matches none of the org's uploadHosts/,
    ],
    ['not a URL', 'uploads', REAL_ORG, /not a valid URL/],
  ])('refuses %s', (_case, url, policy, reason) => {
    let error: unknown;
    try {
      checkUploadUrl(url, policy);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(UploadUrlRefusedError);
    expect((error as UploadUrlRefusedError).reason).toMatch(reason);
    expect((error as Error).message).not.toContain('sig=secret');
  });

  it.each([
    ['any https host without uploadHosts', 'https://bucket.s3.ap-southeast-1.amazonaws.com/u', REAL_ORG],
    [
      'a subdomain of an uploadHosts suffix',
      'https://bucket.s3.amazonaws.com/u',
      { ...REAL_ORG, uploadHosts: ['s3.amazonaws.com'] },
    ],
    ['the suffix itself', 'https://s3.amazonaws.com/u', { ...REAL_ORG, uploadHosts: ['.s3.amazonaws.com'] }],
    ['a public IP literal', 'https://93.184.216.34/u', REAL_ORG],
  ])('accepts %s', (_case, url, policy) => {
    expect(() => checkUploadUrl(url, policy)).not.toThrow();
  });
});

describe('guardedLookup (the addresses a socket connects to)', () => {
  const lookup = (resolver: HostResolver, options: object) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
      guardedLookup(resolver)('uploads.example.com', options as never, (error, address) =>
        resolve({ error, address }),
      ),
    );

  it('passes public answers through, one or all', async () => {
    const resolver = resolverOf({ 'uploads.example.com': ['93.184.216.34', '2606:2800:220:1::1'] });
    expect(await lookup(resolver, {})).toEqual({ error: null, address: '93.184.216.34' });
    expect(await lookup(resolver, { all: true })).toMatchObject({ error: null, address: [{}, {}] });
    expect(await lookup(resolver, { family: 6 })).toEqual({ error: null, address: '2606:2800:220:1::1' });
  });

  it('refuses when any answer is loopback, private or link-local', async () => {
    for (const bad of [
      '127.0.0.1',
      '10.0.0.7',
      '172.20.1.1',
      '192.168.0.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
    ]) {
      const resolver = resolverOf({ 'uploads.example.com': ['93.184.216.34', bad] });
      const { error } = await lookup(resolver, { all: true });
      expect(error, bad).toBeInstanceOf(UploadUrlRefusedError);
    }
  });
});

describe('uploadScheduleBody of a real org', () => {
  let fx: Fixture;
  let listener: Server;
  let port = 0;
  let connections = 0;
  beforeEach(async () => {
    fx = await startFixture('gc-upload-url');
    // Stands for an internal service on this machine: it counts every connection made to it.
    listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const address = listener.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
    connections = 0;
  });
  afterEach(async () => {
    await fx.close();
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  });

  function realOrgClient(resolver: HostResolver, uploadHosts?: string[]) {
    return fx.client({
      org: {
        apiBaseUrl: 'https://api.apse1.pure.cloud',
        loginBaseUrl: 'https://login.apse1.pure.cloud',
        uploadHosts,
      },
      options: { resolveHost: resolver },
    });
  }

  it('refuses, on connect, a host whose DNS answer is loopback, and connects to nothing', async () => {
    // The name looks public; only its answer at connect time tells it is this machine (DNS rebinding).
    const resolver = resolverOf({ 'uploads.example.com': ['127.0.0.1'] });
    const error = await rejectionOf(
      realOrgClient(resolver).uploadScheduleBody(`https://uploads.example.com:${port}/u?sig=1`, {}, GZIP),
    );
    expect(error).toBeInstanceOf(UploadUrlRefusedError);
    expect((error as UploadUrlRefusedError).reason).toMatch(
      /uploads\.example\.com resolves to a loopback address/,
    );
    expect(resolver.asked).toContain('uploads.example.com');
    expect(connections).toBe(0);
  });

  it('refuses http and a host outside uploadHosts before resolving anything', async () => {
    const resolver = resolverOf({});
    const client = realOrgClient(resolver, ['s3.amazonaws.com']);
    await expect(client.uploadScheduleBody(`http://127.0.0.1:${port}/u`, {}, GZIP)).rejects.toBeInstanceOf(
      UploadUrlRefusedError,
    );
    await expect(client.uploadScheduleBody('https://uploads.example.com/u', {}, GZIP)).rejects.toBeInstanceOf(
      UploadUrlRefusedError,
    );
    expect(resolver.asked).toEqual([]);
    expect(connections).toBe(0);
    expect(fx.fake.apiRequests()).toHaveLength(0);
  });

  it('lets an org on a simulator (loopback API) upload to the simulator', async () => {
    fx.fake.on('PUT', '/uploads/{key}', () => ({ status: 200 }), { authenticated: false });
    await fx.client().uploadScheduleBody(`${fx.fake.url}/uploads/k1`, {}, GZIP);
    expect(fx.fake.apiRequests()).toHaveLength(1);
  });
});
