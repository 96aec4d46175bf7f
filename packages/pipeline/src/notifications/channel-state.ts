/**
 * The life of one notification channel of an org (genesys-api.md, Notifications; issue 19), as a pure state
 * machine: events in (answers, socket events, clock ticks, lease changes), commands out (create a channel,
 * subscribe, connect, ping, close, re-sync). No I/O and no clock of its own: the driver (`ChannelOwner`) runs the
 * commands and feeds their outcomes back, and calls `tick` with the time.
 *
 *   idle ─start─▶ creating ─created─▶ subscribing ─answer─▶ connecting ─opened─▶ connected
 *     ▲                 │ refused (403/404), every topic rejected ─▶ fallback ─(retry later)─▶ creating
 *     │                 │ other failure ─▶ reconnecting (backoff) ─▶ connecting (same channel) or creating
 *     └──stop (lease lost)   connected ─(close, 2 heartbeats missed, no pong, expiry)─▶ reconnecting
 *
 * While connected: a `ping` every `pingEveryMs` (no pong within `pongTimeoutMs` → dead), heartbeats watched (none
 * for `missedHeartbeats` intervals → dead), the subscriptions renewed by PUT `renewBeforeMs` before `expires`, and
 * `socket_closing` answered by a replacement channel (created, subscribed, connected) before the old one is let go.
 *
 * Every time the channel becomes live after not listening (first connect, reconnect, new channel after a gap) the
 * machine emits `resync`: pushes may have been lost, one listing read must re-sync. A switch on `socket_closing`
 * that connected the replacement while the old connection was still open is not a gap.
 */

export type ChannelPhase =
  | 'idle'
  | 'creating'
  | 'subscribing'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'fallback';

/** What operators see: `degraded` is connected with some topics rejected. */
export type ChannelStatus = Exclude<ChannelPhase, 'connected'> | 'connected' | 'degraded';

export type GapReason =
  | 'first-connect'
  | 'closed'
  | 'heartbeats-missed'
  | 'pong-missing'
  | 'expired'
  | 'channel-gone'
  | 'replacement-late'
  | 'topics-rejected';

export type FallbackReason = 'refused' | 'topics-rejected';

export interface ChannelTimings {
  /** The server's heartbeat pace. @defaultValue 30000 */
  heartbeatIntervalMs: number;
  /** Heartbeats that may go missing before the connection counts as dead. @defaultValue 2 */
  missedHeartbeats: number;
  /** @defaultValue 15000 */
  pingEveryMs: number;
  /** A pong later than this after its ping: dead. @defaultValue 10000 */
  pongTimeoutMs: number;
  /** Renew (PUT) this long before `expires`. @defaultValue 1 h */
  renewBeforeMs: number;
  /** What a PUT renews the channel to, from when it was sent. @defaultValue 24 h */
  channelLifetimeMs: number;
  /** First reconnect delay, doubled per failure up to `backoffMaxMs` (with ±20 % jitter). @defaultValue 1000 */
  backoffInitialMs: number;
  /** @defaultValue 60000 */
  backoffMaxMs: number;
  /** How long an org in fallback waits before asking for a channel again. @defaultValue 15 min */
  fallbackRetryMs: number;
}

export const DEFAULT_CHANNEL_TIMINGS: ChannelTimings = {
  heartbeatIntervalMs: 30_000,
  missedHeartbeats: 2,
  pingEveryMs: 15_000,
  pongTimeoutMs: 10_000,
  renewBeforeMs: 60 * 60_000,
  channelLifetimeMs: 24 * 60 * 60_000,
  backoffInitialMs: 1_000,
  backoffMaxMs: 60_000,
  fallbackRetryMs: 15 * 60_000,
};

export interface ChannelAnswer {
  id: string;
  connectUri: string;
  /** Epoch ms from the answer's `expires`; undefined when it gave none. */
  expiresAt: number | undefined;
}

export interface RejectedTopic {
  id: string;
  reason: string | undefined;
}

export type ChannelEvent =
  /** The lease is ours: start listening to `topics` (at most 1,000). */
  | { type: 'start'; topics: readonly string[] }
  /** The lease is lost, or the process stops: close everything, listen no more. */
  | { type: 'stop' }
  /** The topics to listen to changed (trunks in the topology, business units asked for). */
  | { type: 'set-topics'; topics: readonly string[] }
  | { type: 'channel-created'; ref: number; channel: ChannelAnswer }
  /** `refused`: 403/404, the org has no notifications. */
  | { type: 'channel-create-failed'; ref: number; refused: boolean; message: string }
  | {
      type: 'subscribed';
      channelId: string;
      /** When the PUT left (its renewal counts from then). */
      sentAt: number;
      permitted: readonly string[];
      rejected: readonly RejectedTopic[];
    }
  /** `gone`: 404, the channel expired or was evicted. */
  | { type: 'subscribe-failed'; channelId: string; gone: boolean; message: string }
  | { type: 'opened'; channelId: string }
  /** Upgrade refused or failed; `gone`: 404 (no such channel any more). */
  | { type: 'connect-failed'; channelId: string; gone: boolean; message: string }
  | { type: 'closed'; channelId: string; code: number }
  | { type: 'heartbeat'; channelId: string }
  | { type: 'pong'; channelId: string }
  | { type: 'socket-closing'; channelId: string }
  | { type: 'tick' };

export type ChannelCommand =
  | { type: 'create-channel'; ref: number; purpose: 'primary' | 'replacement' }
  /** PUT of the whole list (≤ 1,000): a first subscription, a change, or a renewal. */
  | { type: 'subscribe'; channelId: string; topics: readonly string[] }
  | { type: 'connect'; channelId: string; connectUri: string }
  | { type: 'ping'; channelId: string }
  /** Close our WebSocket to the channel (the channel itself lives on until it expires or is evicted). */
  | { type: 'close'; channelId: string; why: string }
  /** Pushes may have been lost: one listing read (trunks) must re-sync; observations fall back meanwhile. */
  | { type: 'resync'; reason: GapReason; topics: readonly string[] }
  /** These topics are not listened to (refused): their data comes from polling only. */
  | { type: 'topics-rejected'; topics: readonly RejectedTopic[] };

interface Slot {
  ref: number;
  channelId: string | undefined;
  connectUri: string | undefined;
  expiresAt: number;
  phase: 'creating' | 'subscribing' | 'connecting' | 'connected';
  lastHeartbeatAt: number;
  nextPingAt: number;
  pongDueAt: number | undefined;
  /** A PUT (first subscription, renewal or topic change) is in flight on this channel. */
  putInFlight: boolean;
  /** The list the last PUT asked for. */
  requested: readonly string[];
  /** The topics the channel holds (as last answered). */
  topics: readonly string[];
  /** The server announced `socket_closing` on this connection. */
  closing: boolean;
}

/** What the machine tells the status record and the metrics. */
export interface ChannelSnapshot {
  phase: ChannelPhase;
  status: ChannelStatus;
  channelId: string | undefined;
  /** Since when the channel is live (epoch ms), undefined while not. */
  connectedSince: number | undefined;
  lastHeartbeatAt: number | undefined;
  expiresAt: number | undefined;
  gaps: number;
  lastGapReason: GapReason | undefined;
  fallbackReason: FallbackReason | undefined;
  fallbackSince: number | undefined;
  /** Topics the live channel carries (empty while not live). */
  liveTopics: readonly string[];
  rejected: readonly RejectedTopic[];
  reconnectAttempts: number;
}

export class ChannelMachine {
  private phase: ChannelPhase = 'idle';
  private primary: Slot | undefined;
  private replacement: Slot | undefined;
  private replaceAt: number | undefined;
  private wanted: readonly string[] = [];
  private rejected = new Map<string, RejectedTopic>();
  private nextRef = 1;
  private attempts = 0;
  private retryAt = 0;
  private gapReason: GapReason | undefined = 'first-connect';
  private gaps = 0;
  private lastGapReason: GapReason | undefined;
  private connectedSince: number | undefined;
  private fallbackReason: FallbackReason | undefined;
  private fallbackSince: number | undefined;
  private readonly timings: ChannelTimings;

  constructor(
    timings: Partial<ChannelTimings> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.timings = { ...DEFAULT_CHANNEL_TIMINGS, ...timings };
  }

  /** Feeds one event at time `now` (epoch ms) and returns the commands to run, in order. */
  handle(event: ChannelEvent, now: number): ChannelCommand[] {
    const out: ChannelCommand[] = [];
    switch (event.type) {
      case 'start':
        this.wanted = [...event.topics];
        if (this.phase === 'idle') {
          this.gapReason = 'first-connect';
          this.create(out, 'primary');
        }
        break;
      case 'stop':
        for (const slot of [this.primary, this.replacement]) this.closeSlot(slot, out, 'stopped');
        this.primary = this.replacement = undefined;
        this.phase = 'idle';
        this.connectedSince = undefined;
        this.attempts = 0;
        break;
      case 'set-topics':
        this.setTopics(event.topics, out);
        break;
      case 'channel-created':
        this.created(event.ref, event.channel, now, out);
        break;
      case 'channel-create-failed':
        this.createFailed(event.ref, event.refused, now);
        break;
      case 'subscribed':
        this.subscribed(event, now, out);
        break;
      case 'subscribe-failed':
        this.subscribeFailed(event.channelId, event.gone, now, out);
        break;
      case 'opened':
        this.opened(event.channelId, now, out);
        break;
      case 'connect-failed':
        this.connectFailed(event.channelId, event.gone, now);
        break;
      case 'closed':
        this.closed(event.channelId, now, out);
        break;
      case 'heartbeat':
      case 'pong': {
        // Either proves the connection alive; a live primary resets the reconnect backoff.
        const slot = this.slotOf(event.channelId);
        if (slot?.phase === 'connected') {
          if (event.type === 'heartbeat') slot.lastHeartbeatAt = now;
          else slot.pongDueAt = undefined;
          if (slot === this.primary) this.attempts = 0;
        }
        break;
      }
      case 'socket-closing': {
        const slot = this.slotOf(event.channelId);
        if (slot && slot === this.primary && !slot.closing) {
          slot.closing = true;
          if (!this.replacement) this.create(out, 'replacement');
        }
        break;
      }
      case 'tick':
        this.tick(now, out);
        break;
    }
    return out;
  }

  snapshot(): ChannelSnapshot {
    const live = this.phase === 'connected' && this.primary?.phase === 'connected';
    const rejected = [...this.rejected.values()];
    return {
      phase: this.phase,
      status: live && rejected.length > 0 ? 'degraded' : this.phase,
      channelId: this.primary?.channelId,
      connectedSince: live ? this.connectedSince : undefined,
      lastHeartbeatAt: live ? this.primary?.lastHeartbeatAt : undefined,
      expiresAt: this.primary?.channelId === undefined ? undefined : this.primary.expiresAt,
      gaps: this.gaps,
      lastGapReason: this.lastGapReason,
      fallbackReason: this.phase === 'fallback' ? this.fallbackReason : undefined,
      fallbackSince: this.phase === 'fallback' ? this.fallbackSince : undefined,
      liveTopics: live ? [...(this.primary?.topics ?? [])] : [],
      rejected,
      reconnectAttempts: this.attempts,
    };
  }

  /** When the next timed thing is due (epoch ms), for a driver that schedules ticks instead of polling. */
  nextDueAt(): number | undefined {
    const times: number[] = [];
    if (this.phase === 'reconnecting' || this.phase === 'fallback') times.push(this.retryAt);
    if (this.replaceAt !== undefined) times.push(this.replaceAt);
    for (const slot of [this.primary, this.replacement]) {
      if (slot?.phase !== 'connected') continue;
      times.push(slot.nextPingAt, this.heartbeatDeadline(slot), slot.expiresAt - this.timings.renewBeforeMs);
      if (slot.pongDueAt !== undefined) times.push(slot.pongDueAt);
    }
    return times.length === 0 ? undefined : Math.min(...times);
  }

  private setTopics(topics: readonly string[], out: ChannelCommand[]): void {
    const next = [...new Set(topics)];
    if (sameSet(next, this.wanted)) return;
    this.wanted = next;
    // Topics no longer wanted cannot stay rejected.
    for (const id of [...this.rejected.keys()]) if (!next.includes(id)) this.rejected.delete(id);
    for (const slot of [this.primary, this.replacement]) {
      if (slot?.channelId === undefined) continue;
      // A channel still being set up subscribes to the new list when it gets there; a live one now.
      if ((slot.phase === 'connected' || slot.phase === 'connecting') && !slot.putInFlight) {
        this.subscribe(slot, out);
      }
    }
    // Back from fallback for rejected topics: a new list may be accepted.
    if (this.phase === 'fallback' && this.fallbackReason === 'topics-rejected') this.create(out, 'primary');
  }

  private create(out: ChannelCommand[], purpose: 'primary' | 'replacement'): void {
    const slot: Slot = {
      ref: this.nextRef++,
      channelId: undefined,
      connectUri: undefined,
      expiresAt: Number.POSITIVE_INFINITY,
      phase: 'creating',
      lastHeartbeatAt: 0,
      nextPingAt: Number.POSITIVE_INFINITY,
      pongDueAt: undefined,
      putInFlight: false,
      requested: [],
      topics: [],
      closing: false,
    };
    if (purpose === 'primary') {
      this.primary = slot;
      this.phase = 'creating';
    } else {
      this.replacement = slot;
      this.replaceAt = undefined;
    }
    out.push({ type: 'create-channel', ref: slot.ref, purpose });
  }

  private created(ref: number, channel: ChannelAnswer, now: number, out: ChannelCommand[]): void {
    const slot = [this.primary, this.replacement].find((s) => s?.ref === ref && s.phase === 'creating');
    if (!slot) return; // A stale answer: that attempt was given up.
    slot.channelId = channel.id;
    slot.connectUri = channel.connectUri;
    slot.expiresAt = Math.min(
      channel.expiresAt ?? Number.POSITIVE_INFINITY,
      now + this.timings.channelLifetimeMs,
    );
    slot.phase = 'subscribing';
    if (slot === this.primary) this.phase = 'subscribing';
    this.subscribe(slot, out);
  }

  private createFailed(ref: number, refused: boolean, now: number): void {
    if (this.replacement?.ref === ref) {
      // The old connection still serves until it closes; try again later.
      this.replacement = undefined;
      this.replaceAt = now + this.backoff();
      return;
    }
    if (this.primary?.ref !== ref || this.primary.phase !== 'creating') return;
    this.primary = undefined;
    if (refused) this.enterFallback('refused', now);
    else this.reconnectLater(now);
  }

  private subscribed(
    event: Extract<ChannelEvent, { type: 'subscribed' }>,
    now: number,
    out: ChannelCommand[],
  ): void {
    const slot = this.slotOf(event.channelId);
    if (!slot) return;
    slot.putInFlight = false;
    slot.topics = [...event.permitted];
    // A PUT renews the channel from when it left.
    slot.expiresAt = event.sentAt + this.timings.channelLifetimeMs;
    const newlyRejected = event.rejected.filter((t) => !this.rejected.has(t.id));
    this.rejected = new Map(event.rejected.map((t) => [t.id, t]));
    if (newlyRejected.length > 0) out.push({ type: 'topics-rejected', topics: newlyRejected });
    if (event.permitted.length === 0 && event.rejected.length > 0) {
      // Nothing to listen to on this channel: every topic is refused. Polling it is.
      this.closeSlot(slot, out, 'every topic rejected');
      if (slot === this.replacement) this.replacement = undefined;
      else {
        this.primary = undefined;
        this.enterFallback('topics-rejected', now);
      }
      return;
    }
    if (!sameSet(slot.requested, this.wanted)) {
      // The topics changed while this PUT was on its way: send the current list.
      this.subscribe(slot, out);
    }
    if (slot.phase === 'subscribing') {
      slot.phase = 'connecting';
      if (slot === this.primary) this.phase = 'connecting';
      out.push({ type: 'connect', channelId: event.channelId, connectUri: slot.connectUri as string });
    }
  }

  private subscribe(slot: Slot, out: ChannelCommand[]): void {
    if (slot.channelId === undefined) return;
    slot.putInFlight = true;
    slot.requested = this.wanted;
    out.push({ type: 'subscribe', channelId: slot.channelId, topics: this.wanted });
  }

  private subscribeFailed(channelId: string, gone: boolean, now: number, out: ChannelCommand[]): void {
    const slot = this.slotOf(channelId);
    if (!slot) return;
    slot.putInFlight = false;
    if (slot === this.replacement) {
      this.closeSlot(slot, out, 'replacement not subscribed');
      this.replacement = undefined;
      this.replaceAt = now + this.backoff();
      return;
    }
    if (gone) {
      this.dead('channel-gone', now, out, { forgetChannel: true, immediately: true });
      return;
    }
    if (slot.phase === 'subscribing') {
      // The channel exists but the PUT failed (5xx, 429, timeout): try again after a backoff, on a new channel.
      this.primary = undefined;
      this.reconnectLater(now);
    }
    // A failed renewal on a live channel: `tick` tries again (it is due as long as the renewal is).
  }

  private opened(channelId: string, now: number, out: ChannelCommand[]): void {
    const slot = this.slotOf(channelId);
    if (slot?.phase !== 'connecting') return;
    slot.phase = 'connected';
    slot.lastHeartbeatAt = now;
    slot.nextPingAt = now + this.timings.pingEveryMs;
    slot.pongDueAt = undefined;
    if (slot === this.replacement) {
      // socket_closing handled: the new channel is live while the old one still was, so nothing was missed.
      const old = this.primary;
      this.primary = slot;
      this.replacement = undefined;
      this.closeSlot(old, out, 'replaced after socket_closing');
      if (this.phase !== 'connected') {
        // The old connection had already gone: what was published between then and now is lost.
        this.phase = 'connected';
        this.connectedSince = now;
        this.gap(this.gapReason ?? 'replacement-late', out);
      }
      return;
    }
    this.phase = 'connected';
    this.connectedSince = now;
    this.fallbackReason = undefined;
    this.fallbackSince = undefined;
    this.gap(this.gapReason ?? 'closed', out);
  }

  private connectFailed(channelId: string, gone: boolean, now: number): void {
    const slot = this.slotOf(channelId);
    if (!slot) return;
    if (slot === this.replacement) {
      this.replacement = undefined;
      this.replaceAt = now + this.backoff();
      return;
    }
    if (gone)
      this.primary = undefined; // Reconnect on a new channel.
    else slot.phase = 'connecting';
    this.reconnectLater(now);
  }

  private closed(channelId: string, now: number, out: ChannelCommand[]): void {
    const slot = this.slotOf(channelId);
    if (!slot) return;
    if (slot === this.replacement) {
      this.replacement = undefined;
      this.replaceAt = now + this.backoff();
      return;
    }
    if (slot.closing && this.replacement) {
      // socket_closing came true before the replacement was live: a gap, re-synced when the replacement connects.
      this.connectedSince = undefined;
      this.gapReason = 'replacement-late';
      this.primary = this.replacement;
      this.replacement = undefined;
      this.phase = this.primary.phase;
      return;
    }
    if (slot.phase === 'connecting') {
      // Closed before it opened: the same as a failed connect.
      this.reconnectLater(now);
      return;
    }
    this.dead(slot.closing ? 'channel-gone' : 'closed', now, out, {
      forgetChannel: slot.closing,
      immediately: slot.closing,
      alreadyClosed: true,
    });
  }

  private tick(now: number, out: ChannelCommand[]): void {
    if ((this.phase === 'reconnecting' || this.phase === 'fallback') && now >= this.retryAt) {
      const slot = this.primary;
      if (this.phase === 'reconnecting' && slot?.channelId !== undefined && now < slot.expiresAt) {
        slot.phase = 'connecting';
        this.phase = 'connecting';
        out.push({ type: 'connect', channelId: slot.channelId, connectUri: slot.connectUri as string });
      } else {
        this.create(out, 'primary');
      }
      return;
    }
    if (this.replaceAt !== undefined && now >= this.replaceAt && !this.replacement) {
      if (this.primary?.closing && this.phase === 'connected') this.create(out, 'replacement');
      else this.replaceAt = undefined;
    }
    for (const slot of [this.primary, this.replacement]) {
      if (slot?.phase !== 'connected' || slot.channelId === undefined) continue;
      const isPrimary = slot === this.primary;
      if (now >= slot.expiresAt) {
        if (isPrimary) this.dead('expired', now, out, { forgetChannel: true, immediately: true });
        else this.dropReplacement(slot, now, out);
        continue;
      }
      if (now >= this.heartbeatDeadline(slot)) {
        if (isPrimary) this.dead('heartbeats-missed', now, out);
        else this.dropReplacement(slot, now, out);
        continue;
      }
      if (slot.pongDueAt !== undefined && now > slot.pongDueAt) {
        if (isPrimary) this.dead('pong-missing', now, out);
        else this.dropReplacement(slot, now, out);
        continue;
      }
      if (now >= slot.nextPingAt) {
        slot.nextPingAt = now + this.timings.pingEveryMs;
        slot.pongDueAt ??= now + this.timings.pongTimeoutMs;
        out.push({ type: 'ping', channelId: slot.channelId });
      }
      if (!slot.putInFlight && now >= slot.expiresAt - this.timings.renewBeforeMs) this.subscribe(slot, out);
    }
  }

  private heartbeatDeadline(slot: Slot): number {
    // Two missed means no heartbeat for a little over two intervals (the server's pace is "about").
    return slot.lastHeartbeatAt + this.timings.heartbeatIntervalMs * (this.timings.missedHeartbeats + 0.5);
  }

  private dropReplacement(slot: Slot, now: number, out: ChannelCommand[]): void {
    this.closeSlot(slot, out, 'replacement died');
    this.replacement = undefined;
    this.replaceAt = now + this.backoff();
  }

  /** The primary connection is dead: close it, count the gap, reconnect after a backoff (or now). */
  private dead(
    reason: GapReason,
    now: number,
    out: ChannelCommand[],
    options: { forgetChannel?: boolean; immediately?: boolean; alreadyClosed?: boolean } = {},
  ): void {
    const slot = this.primary;
    if (!slot) return;
    if (!options.alreadyClosed) this.closeSlot(slot, out, reason);
    this.connectedSince = undefined;
    this.gapReason = reason;
    if (this.replacement) {
      // A replacement is on its way: it becomes the primary (the gap is re-synced when it connects).
      this.primary = this.replacement;
      this.replacement = undefined;
      this.phase = this.primary.phase === 'connected' ? 'connected' : this.primary.phase;
      if (this.phase === 'connected') {
        this.connectedSince = now;
        this.gap(reason, out);
      }
      return;
    }
    if (options.forgetChannel) this.primary = undefined;
    else {
      slot.phase = 'connecting';
      slot.pongDueAt = undefined;
      slot.closing = false;
    }
    if (options.immediately) {
      this.phase = 'reconnecting';
      this.retryAt = now;
      this.tick(now, out);
    } else {
      this.reconnectLater(now);
    }
  }

  private reconnectLater(now: number): void {
    this.phase = 'reconnecting';
    this.connectedSince = undefined;
    this.gapReason ??= 'closed';
    this.retryAt = now + this.backoff();
    this.attempts++;
  }

  private enterFallback(reason: FallbackReason, now: number): void {
    this.phase = 'fallback';
    this.connectedSince = undefined;
    if (this.fallbackReason !== reason || this.fallbackSince === undefined) this.fallbackSince = now;
    this.fallbackReason = reason;
    this.retryAt = now + this.timings.fallbackRetryMs;
    this.gapReason = reason === 'topics-rejected' ? 'topics-rejected' : 'first-connect';
  }

  private gap(reason: GapReason, out: ChannelCommand[]): void {
    this.gaps++;
    this.lastGapReason = reason;
    this.gapReason = undefined;
    out.push({ type: 'resync', reason, topics: this.primary?.topics ?? [] });
  }

  private backoff(): number {
    const base = Math.min(this.timings.backoffMaxMs, this.timings.backoffInitialMs * 2 ** this.attempts);
    return Math.round(base * (0.8 + 0.4 * this.random()));
  }

  private closeSlot(slot: Slot | undefined, out: ChannelCommand[], why: string): void {
    if (slot?.channelId === undefined) return;
    if (slot.phase === 'connected' || slot.phase === 'connecting') {
      out.push({ type: 'close', channelId: slot.channelId, why });
    }
  }

  private slotOf(channelId: string): Slot | undefined {
    if (this.primary?.channelId === channelId) return this.primary;
    if (this.replacement?.channelId === channelId) return this.replacement;
    return undefined;
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x));
}
