import { randomBytes } from 'node:crypto';
import { LuaScript, type RedisConnection } from '@wfm-sync/redis-kit';

/** KEYS[1] lease; ARGV[1] token, ARGV[2] ttl ms. Extends only our own grant: 1, else 0. */
const RENEW_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
/** KEYS[1] lease; ARGV[1] token. Deletes only our own grant. */
const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
const renew = new LuaScript('notification-owner-renew', RENEW_LUA);
const release = new LuaScript('notification-owner-release', RELEASE_LUA);

/**
 * The lease of an org's channel owner: `SET NX PX` with a token of its own, renewed by compare-and-PEXPIRE and
 * released by compare-and-DEL. Not the per-key lease of `lease.ts` (no fencing counter, no state hash): two owners
 * overlapping for a moment only publish the same pushes twice, which every consumer takes idempotently.
 */
export class OwnerLease {
  readonly token: string;

  constructor(
    private readonly redis: RedisConnection,
    private readonly key: string,
    private readonly ttlMs: number,
    holder: string,
  ) {
    this.token = `${holder}:${randomBytes(6).toString('hex')}`;
  }

  /** True when the lease is ours now (taken, or still ours and extended). */
  async acquireOrRenew(): Promise<boolean> {
    if (await this.renew()) return true;
    const set = await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX');
    return set === 'OK';
  }

  async renew(): Promise<boolean> {
    return (await renew.runNumber(this.redis, [this.key], [this.token, this.ttlMs])) === 1;
  }

  async release(): Promise<void> {
    await release.run(this.redis, [this.key], [this.token]);
  }

  /** Who holds the org's lease now (any process), or undefined. */
  async holder(): Promise<string | undefined> {
    return (await this.redis.get(this.key)) ?? undefined;
  }
}
