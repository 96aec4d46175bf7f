import { GenesysApiError, WriteRefusedError } from '@wfm-sync/genesys-client';
import { createRedisConnection } from '@wfm-sync/redis-kit';
import { createTestRedis, type TestRedis, waitFor } from '@wfm-sync/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrunkTurnedUnhealthyError } from '../src/errors/trunk-turned-unhealthy.js';
import { KeyStateStore, LeaseLostError, LeaseManager, PipelineNames } from '../src/index.js';
import { sendOneWrite } from '../src/reconcile/spine.js';

const key = { orgId: 'acme', kind: 'agent' as const, id: 'u1' };
const plan = { key, reason: 'changed' as const, changes: [], calls: [] };

describe('leases and fencing', () => {
  let redis: TestRedis;
  beforeEach(async () => {
    redis = await createTestRedis('lease');
  });
  afterEach(async () => redis.cleanup());

  it('lets one holder at a time lease a key, across connections', async () => {
    const names = new PipelineNames(redis.prefix);
    const a = new LeaseManager(redis.connect(), names, 5_000, 'worker-a');
    const b = new LeaseManager(redis.connect(), names, 5_000, 'worker-b');
    const leaseA = await a.acquire(key);
    expect(leaseA).toBeDefined();
    expect(await b.acquire(key)).toBeUndefined();
    await leaseA!.release();
    const leaseB = await b.acquire(key);
    expect(leaseB?.token).toMatch(/^2:worker-b$/);
  });

  it('refuses to extend or commit with a lease that expired and was taken over (a stalled worker)', async () => {
    const names = new PipelineNames(redis.prefix);
    const stalled = new LeaseManager(redis.connect(), names, 150, 'stalled');
    const healthy = new LeaseManager(redis.connect(), names, 5_000, 'healthy');
    const store = new KeyStateStore(redis.client, names);
    const old = await stalled.acquire(key);
    const fresh = await waitFor(() => healthy.acquire(key), { what: 'takeover after expiry' });
    await expect(old!.extendForWrite()).rejects.toBeInstanceOf(LeaseLostError);
    expect(
      await store.commit(key, old!.token, { rev: 1, status: 'applied', verified: true, plan }, Date.now()),
    ).toBeUndefined();
    expect(
      await store.commit(key, fresh.token, { rev: 1, status: 'applied', verified: true, plan }, Date.now()),
    ).toBe(0);
    // Releasing the stale grant must not free the new holder's lease.
    await old!.release();
    expect(await new LeaseManager(redis.connect(), names, 5_000, 'third').acquire(key)).toBeUndefined();
  });

  it('gives a write deadline no later than the lease end', async () => {
    const names = new PipelineNames(redis.prefix);
    const manager = new LeaseManager(
      createRedisConnection({ url: redis.url, role: 'worker' }),
      names,
      2_000,
      'w',
    );
    const lease = await manager.acquire(key);
    const before = Date.now();
    const deadline = await lease!.extendForWrite();
    const pttl = await redis.client.pttl(names.org(key.orgId).lease(key.kind, key.id));
    expect(deadline).toBeLessThanOrEqual(Date.now() + pttl + 5);
    expect(deadline).toBeGreaterThanOrEqual(before + 2_000);
  });

  it('gives back the verification a write took when the write never left, and only to its own lease', async () => {
    const names = new PipelineNames(redis.prefix);
    const store = new KeyStateStore(redis.client, names);
    const manager = new LeaseManager(redis.connect(), names, 5_000, 'w');
    const lease = await manager.acquire(key);
    const verifiedAt = Date.now() - 1_000;
    await store.commit(key, lease!.token, { rev: 1, status: 'applied', verified: true, plan }, verifiedAt);
    expect((await store.load(key)).verifiedAt).toBe(verifiedAt);

    // Preparing a write forgets it (the write may land unrecorded); a write refused unsent gives it back.
    await lease!.extendForWrite();
    expect((await store.load(key)).verifiedAt).toBeUndefined();
    await lease!.writeNeverSent();
    expect((await store.load(key)).verifiedAt).toBe(verifiedAt);

    // A write that may have left is never given it back: the next preparation found none to remove.
    await lease!.extendForWrite();
    await lease!.extendForWrite();
    await lease!.writeNeverSent();
    expect((await store.load(key)).verifiedAt).toBeUndefined();
    await lease!.release();

    // Nor to a lease that is no longer ours (expired here).
    const holder = await manager.acquire(key);
    await store.commit(key, holder!.token, { rev: 2, status: 'applied', verified: true, plan }, verifiedAt);
    await holder!.extendForWrite();
    await redis.client.del(names.org(key.orgId).lease(key.kind, key.id));
    await holder!.writeNeverSent();
    expect((await store.load(key)).verifiedAt).toBeUndefined();
  });

  it('gives the verification back for a write refused before it left, never for one that may have arrived', async () => {
    const names = new PipelineNames(redis.prefix);
    const store = new KeyStateStore(redis.client, names);
    const lease = await new LeaseManager(redis.connect(), names, 5_000, 'w').acquire(key);
    const verifiedAt = Date.now() - 1_000;
    await store.commit(key, lease!.token, { rev: 1, status: 'applied', verified: true, plan }, verifiedAt);
    const throttled = new GenesysApiError({
      kind: 'rate-limited',
      status: undefined,
      code: 'throttled',
      genesysMessage: undefined,
      correlationId: undefined,
      method: 'PUT',
      route: '/api/v2/routing/users/{userId}/utilization',
    });
    const refusals = [
      throttled,
      new WriteRefusedError('lease-expired', 'PUT', '/x'),
      new TrunkTurnedUnhealthyError({ health: 'degraded', since: Date.now(), observedAt: Date.now() }),
    ];
    const mayHaveArrived = [
      new GenesysApiError({ ...throttled, kind: 'transient', code: 'ETIMEDOUT' }),
      new GenesysApiError({ ...throttled, status: 429, code: 'too.many.requests' }),
      new Error('anything else'),
    ];
    for (const error of refusals) {
      await lease!.extendForWrite();
      await expect(sendOneWrite(lease!, () => Promise.reject(error))).rejects.toBe(error);
      expect((await store.load(key)).verifiedAt, error.message).toBe(verifiedAt);
    }
    for (const error of mayHaveArrived) {
      await store.commit(key, lease!.token, { rev: 1, status: 'applied', verified: true, plan }, verifiedAt);
      await lease!.extendForWrite();
      await expect(sendOneWrite(lease!, () => Promise.reject(error))).rejects.toBe(error);
      expect((await store.load(key)).verifiedAt, error.message).toBeUndefined();
    }
  });
});
