import type { RedisConnection } from '@wfm-sync/redis-kit';
import { z } from 'zod';
import { notificationKeys } from './keys.js';

const optionalNumber = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : Number(v)));
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

/** The status hash as stored (every field a string). */
const StoredStatusSchema = z.object({
  status: z.string(),
  owner: optionalString,
  channelIds: optionalString,
  connectedSince: optionalNumber,
  lastHeartbeatAt: optionalNumber,
  gaps: optionalNumber,
  lastGapReason: optionalString,
  fallbackReason: optionalString,
  fallbackSince: optionalNumber,
  liveTopics: optionalNumber,
  rejectedTopics: optionalNumber,
  updatedAt: optionalNumber,
});

/** An org's listening status, for `wfm-sync status`, the dashboard and the metrics. */
export interface NotificationStatusRecord {
  /** idle, creating, subscribing, connecting, connected, degraded, reconnecting, fallback. */
  status: string;
  /** The process holding the channels. */
  owner: string | undefined;
  channelIds: string[];
  connectedSince: number | undefined;
  lastHeartbeatAt: number | undefined;
  gaps: number;
  lastGapReason: string | undefined;
  /** `refused` (403/404 on channel creation), `topics-rejected`. */
  fallbackReason: string | undefined;
  fallbackSince: number | undefined;
  liveTopics: number;
  rejectedTopics: number;
  /** When the owner last wrote it; an old one means no owner is alive (see `read`). */
  updatedAt: number;
}

export class NotificationStatusStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {}

  async write(orgId: string, record: NotificationStatusRecord, liveTopics: readonly string[]): Promise<void> {
    const keys = notificationKeys(this.prefix, orgId);
    const fields: Record<string, string> = {
      status: record.status,
      owner: record.owner ?? '',
      channelIds: record.channelIds.join(','),
      connectedSince: str(record.connectedSince),
      lastHeartbeatAt: str(record.lastHeartbeatAt),
      gaps: String(record.gaps),
      lastGapReason: record.lastGapReason ?? '',
      fallbackReason: record.fallbackReason ?? '',
      fallbackSince: str(record.fallbackSince),
      liveTopics: String(record.liveTopics),
      rejectedTopics: String(record.rejectedTopics),
      updatedAt: String(record.updatedAt),
    };
    const multi = this.redis.multi().hset(keys.status, fields).del(keys.liveTopics);
    if (liveTopics.length > 0) multi.sadd(keys.liveTopics, ...liveTopics);
    await multi.exec();
  }

  /** Only the freshness stamp (the lease renewals of an owner whose status did not change). */
  async touch(orgId: string, at: number): Promise<void> {
    await this.redis.hset(notificationKeys(this.prefix, orgId).status, 'updatedAt', String(at));
  }

  /**
   * The org's record, or undefined when no owner ever wrote one. A record not updated for `staleAfterMs` is
   * reported as `status: 'no-owner'` (its owner died and nobody took over yet): nothing is listened to.
   */
  async read(
    orgId: string,
    now: number,
    staleAfterMs: number,
  ): Promise<NotificationStatusRecord | undefined> {
    const raw = await this.redis.hgetall(notificationKeys(this.prefix, orgId).status);
    if (Object.keys(raw).length === 0) return undefined;
    const parsed = StoredStatusSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    const s = parsed.data;
    const updatedAt = s.updatedAt ?? 0;
    const stale = now - updatedAt > staleAfterMs;
    return {
      status: stale ? 'no-owner' : s.status,
      owner: s.owner,
      channelIds: s.channelIds === undefined ? [] : s.channelIds.split(','),
      connectedSince: stale ? undefined : s.connectedSince,
      lastHeartbeatAt: s.lastHeartbeatAt,
      gaps: s.gaps ?? 0,
      lastGapReason: s.lastGapReason,
      fallbackReason: s.fallbackReason,
      fallbackSince: s.fallbackSince,
      liveTopics: stale ? 0 : (s.liveTopics ?? 0),
      rejectedTopics: s.rejectedTopics ?? 0,
      updatedAt,
    };
  }

  /** Whether `topic` is on a live channel of the org right now. */
  async isTopicLive(orgId: string, topic: string): Promise<boolean> {
    return (await this.redis.sismember(notificationKeys(this.prefix, orgId).liveTopics, topic)) === 1;
  }
}

function str(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}
