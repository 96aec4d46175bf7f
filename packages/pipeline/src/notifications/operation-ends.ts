import { buSchedulesTopic } from '@wfm-sync/genesys-client';
import type { FeedGap, OperationEnd } from './feed-messages.js';

/** How waiting for an operation's end turned out. */
export type OperationWait =
  | { kind: 'ended'; end: OperationEnd }
  /** The business unit's topic had a gap while waiting (or was not live): observe by reading instead. */
  | { kind: 'gap' }
  | { kind: 'timeout' };

interface Waiter {
  businessUnitId: string;
  resolve(outcome: OperationWait): void;
  timer: NodeJS.Timeout;
}

/**
 * Schedule operation ends heard through the feed, for the schedule observation of this process: an end that
 * arrives before its update's answer was read (a fast operation) is kept for `keepMs`, so `wait` finds it. Feed it
 * from `ListenerFeed` (`onOperationEnd` → `ended`, `onGap` → `gap`). Only the `operationId` a marker names is ever
 * waited for, so a message can never end another update of the schedule (no overlap).
 */
export class OperationEnds {
  private readonly recent = new Map<string, { end: OperationEnd; at: number }>();
  private readonly waiters = new Map<string, Waiter[]>();

  constructor(
    private readonly keepMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  ended(end: OperationEnd): void {
    this.prune();
    this.recent.set(end.operationId, { end, at: this.now() });
    const waiting = this.waiters.get(end.operationId) ?? [];
    this.waiters.delete(end.operationId);
    for (const waiter of waiting) {
      clearTimeout(waiter.timer);
      waiter.resolve({ kind: 'ended', end });
    }
  }

  /** A gap on the feed: every wait on the named topics (all, when the gap names none) is answered `gap`. */
  gap(gap: Pick<FeedGap, 'topics'>): void {
    const topics = new Set(gap.topics);
    for (const [operationId, waiting] of this.waiters) {
      const keep: Waiter[] = [];
      for (const waiter of waiting) {
        if (topics.size === 0 || topics.has(buSchedulesTopic(waiter.businessUnitId))) {
          clearTimeout(waiter.timer);
          waiter.resolve({ kind: 'gap' });
        } else keep.push(waiter);
      }
      if (keep.length === 0) this.waiters.delete(operationId);
      else this.waiters.set(operationId, keep);
    }
  }

  /** The end of `operationId` (already heard, or to come within `timeoutMs`), a gap, or a timeout. */
  wait(businessUnitId: string, operationId: string, timeoutMs: number): Promise<OperationWait> {
    const heard = this.recent.get(operationId);
    if (heard) return Promise.resolve({ kind: 'ended', end: heard.end });
    return new Promise((resolve) => {
      const waiter: Waiter = {
        businessUnitId,
        resolve,
        timer: setTimeout(
          () => {
            const list = (this.waiters.get(operationId) ?? []).filter((w) => w !== waiter);
            if (list.length === 0) this.waiters.delete(operationId);
            else this.waiters.set(operationId, list);
            resolve({ kind: 'timeout' });
          },
          Math.max(0, timeoutMs),
        ),
      };
      this.waiters.set(operationId, [...(this.waiters.get(operationId) ?? []), waiter]);
    });
  }

  private prune(): void {
    const cutoff = this.now() - this.keepMs;
    for (const [id, { at }] of this.recent) if (at < cutoff) this.recent.delete(id);
  }
}
