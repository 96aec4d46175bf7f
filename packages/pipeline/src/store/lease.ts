import { hostname } from 'node:os';
import type { SyncKey } from '@wfm-sync/domain';
import { LuaScript, type RedisConnection } from '@wfm-sync/redis-kit';
import { LeaseLostError } from '../errors/lease-lost.js';
import {
  ACQUIRE_LEASE_LUA,
  PREPARE_WRITE_LUA,
  RELEASE_LEASE_LUA,
  RESTORE_VERIFIED_LUA,
} from './lua/lease.js';
import type { PipelineNames } from './names.js';

const acquire = new LuaScript('acquire-lease', ACQUIRE_LEASE_LUA);
const prepareWrite = new LuaScript('prepare-write', PREPARE_WRITE_LUA);
const release = new LuaScript('release-lease', RELEASE_LEASE_LUA);
const restoreVerified = new LuaScript('restore-verified', RESTORE_VERIFIED_LUA);

/**
 * Per-key mutual exclusion across every worker process — the guarantee, stated once:
 *
 *   No two workers send a state-changing Genesys request for the same key with overlapping validity.
 *
 * How: a worker holds a Redis lease (SET PX with a fencing token). Right before each write it extends the lease
 * (atomically, only if the token is still its own) and hands the client the lease's end as a deadline; the client
 * refuses to send within 250 ms of it and caps the request timeout to it. So even if the BullMQ job lock expires
 * under a stalled event loop and another worker takes the key, the stalled worker's write is either sent while
 * its lease is valid, or not at all. Recording what was applied is fenced the same way (Lua checks the token).
 * Residual risk, accepted: a request that left before its deadline but is processed by Genesys after it (network
 * delay beyond the 250 ms margin). Genesys offers no fencing token, so no client can close that gap.
 */
export class LeaseManager {
  readonly holder: string;

  constructor(
    private readonly redis: RedisConnection,
    private readonly names: PipelineNames,
    readonly ttlMs: number,
    holder?: string,
  ) {
    this.holder = holder ?? `${hostname()}:${process.pid}`;
  }

  async acquire(key: SyncKey): Promise<Lease | undefined> {
    const keys = this.names.org(key.orgId);
    const token = await acquire.run(
      this.redis,
      [keys.lease(key.kind, key.id), keys.fence(key.kind, key.id)],
      [this.holder, this.ttlMs],
    );
    if (typeof token !== 'string') return undefined;
    await this.redis.pexpire(keys.fence(key.kind, key.id), 7 * 86_400_000);
    return new Lease(
      this.redis,
      keys.lease(key.kind, key.id),
      keys.state(key.kind, key.id),
      key,
      token,
      this.ttlMs,
    );
  }
}

export class Lease {
  /** The verification the last `extendForWrite` removed ('' when there was none). */
  private verifiedBeforeWrite = '';

  constructor(
    private readonly redis: RedisConnection,
    private readonly leaseKey: string,
    private readonly stateKey: string,
    readonly key: SyncKey,
    readonly token: string,
    private readonly ttlMs: number,
  ) {}

  /**
   * Call right before a state-changing request: extends the lease, marks the key's applied value unverified
   * (see PREPARE_WRITE_LUA) and returns the lease's new end (epoch ms) to pass as the write's deadline.
   * Throws LeaseLostError if the key is no longer ours.
   */
  async extendForWrite(): Promise<number> {
    const startedAt = Date.now();
    const removed = await prepareWrite.run(
      this.redis,
      [this.leaseKey, this.stateKey],
      [this.token, this.ttlMs],
    );
    if (typeof removed !== 'string') throw new LeaseLostError(this.key);
    this.verifiedBeforeWrite = removed;
    // Measured from before the round trip, so the deadline is never later than the lease's real end.
    return startedAt + this.ttlMs;
  }

  /**
   * The write prepared last was refused before it left (`neverSent`): what Genesys held was verified before and
   * still is, so the next run need not read it again before writing (at peak, a read costs a write's budget slot).
   */
  async writeNeverSent(): Promise<void> {
    if (this.verifiedBeforeWrite === '') return;
    await restoreVerified.run(
      this.redis,
      [this.leaseKey, this.stateKey],
      [this.token, this.verifiedBeforeWrite],
    );
    this.verifiedBeforeWrite = '';
  }

  async release(): Promise<void> {
    await release.run(this.redis, [this.leaseKey], [this.token]);
  }
}
