/** What decides how often an org's trunks are listed (decision 024). */
export interface TrunkPollCadenceInput {
  /** The org's pushes flow now (`ListenerFeed.isListening`). */
  listening: boolean;
  /** Agent writes are waiting or running for the org (agent keys due or active, agents parked). */
  agentWorkPending: boolean;
  /** Today's cadence (`TRUNK_POLL_EVERY_MS`). */
  pollEveryMs: number;
  /** The slow safety poll while listening with nothing pending (`TRUNK_SAFETY_POLL_MS`). */
  safetyPollMs: number;
}

/**
 * The interval between two listings of an org's trunks. Pushes are not guaranteed (a message may go missing on a
 * live connection), so silence never vouches for a trunk: while agent writes wait, the listing keeps the gate's
 * health within its bound (`listingDecision`); only an org that listens and has nothing to write slows down to the
 * safety poll.
 */
export function trunkPollIntervalMs(input: TrunkPollCadenceInput): number {
  if (!input.listening || input.agentWorkPending) return input.pollEveryMs;
  return Math.max(input.pollEveryMs, input.safetyPollMs);
}

/** What the org's last listing took (shared by every worker of the region through Redis). */
export interface LastListing {
  /** When its poll started (before the org's budget wait). */
  startedAt: number;
  /** How much the budget wait has moved between consecutive listings lately (`nextWaitJitterMs`). */
  waitJitterMs: number;
  /** From the request leaving to its answer being recorded. */
  roundTripMs: number;
}

/** How fast a jump of the budget wait is forgotten, per listing. */
const JITTER_DECAY = 0.8;

/**
 * The budget wait's jitter after a listing that waited `waitMs`: the move since the previous listing's wait, or
 * the decayed jitter if that was larger (a jump is remembered for a few listings). Never listed before: the whole
 * wait, since nothing says how steady it is.
 */
export function nextWaitJitterMs(
  previous: { waitMs: number; waitJitterMs: number } | undefined,
  waitMs: number,
): number {
  if (previous === undefined) return waitMs;
  return Math.max(Math.abs(waitMs - previous.waitMs), previous.waitJitterMs * JITTER_DECAY);
}

export interface ListingDecisionInput extends TrunkPollCadenceInput {
  now: number;
  /** Undefined when never listed (or not since this record was kept). */
  last: LastListing | undefined;
  /** `TRUNK_HEALTH_MAX_AGE_MS`: the oldest health an agent write may rely on. */
  gateMaxAgeMs: number;
}

/** List now; skip this tick; or skip it and list at `at` (the next tick would come too late for the gate). */
export type ListingDecision = { kind: 'list' } | { kind: 'skip' } | { kind: 'list-at'; at: number };

/** Room kept for a tick that comes late (the scheduler's jitter, a busy queue). */
const TICK_SLACK = 1.25;
/** The least lead a guard listing is given, whatever the last one took. */
const MIN_LEAD_MS = 500;

/**
 * Whether a trunk-poll tick lists the org's trunks (decision 024, "Guard listing").
 *
 * - Not listening: every tick lists, as without notifications (the listing is then both detector and guard).
 * - Listening, nothing pending: the safety poll only.
 * - Listening with agent work pending: pushes detect changes and the listing is only the gate's guard, so it runs
 *   as seldom as the gate's bound allows, never less often. Listings start `guardEveryMs` apart; they wait for the
 *   budget alike (at peak, seconds), so they leave about as far apart, and each answer lands before the last one's
 *   health is older than `gateMaxAgeMs`: the lead covers twice the round trip and twice the wait's recent jitter. When the next tick would
 *   come after the due start, the listing is scheduled at it instead. A listing that lands late costs only the
 *   single-trunk reads the gate does for itself; it never lets a write through on stale health.
 */
export function listingDecision(input: ListingDecisionInput): ListingDecision {
  const { last } = input;
  if (!input.listening || last === undefined) return { kind: 'list' };
  const elapsed = input.now - last.startedAt;
  if (!input.agentWorkPending)
    return elapsed >= trunkPollIntervalMs(input) ? { kind: 'list' } : { kind: 'skip' };
  const lead = Math.max(MIN_LEAD_MS, 2 * last.roundTripMs + 2 * last.waitJitterMs);
  const guardEveryMs = input.gateMaxAgeMs - lead;
  // A bound too tight to gain anything: today's cadence.
  if (guardEveryMs <= input.pollEveryMs) return { kind: 'list' };
  if (elapsed >= guardEveryMs) return { kind: 'list' };
  if (elapsed + input.pollEveryMs * TICK_SLACK < guardEveryMs) return { kind: 'skip' };
  return { kind: 'list-at', at: last.startedAt + guardEveryMs };
}

export interface RefreshAheadInput {
  /** Age of the health the agent gate just found fresh. */
  ageMs: number;
  /** `TRUNK_HEALTH_MAX_AGE_MS`. */
  gateMaxAgeMs: number;
  /** What this process's last listing of the org took; undefined when it never listed the org. */
  lastListing: { waitMs: number; roundTripMs: number } | undefined;
  /** How far apart this process's agent gates of the org have come lately; undefined before the second. */
  gateGapMs: number | undefined;
}

/**
 * Whether an agent gate that found fresh health starts the org's next listing now, in the background, so that the
 * agents after it find fresh health instead of each waiting for a listing's round trip (decision 024, "Refresh
 * ahead"). Only while listings are quick: the lead (twice the last listing's budget wait and round trip) must fit
 * twice into the bound, so an org whose budget binds (listings wait seconds at peak) never lists more for it. The
 * listing starts early enough that its answer lands before the health expires even if the next gate comes one
 * usual gap later, and never before half the bound: at most one listing per half bound while agents keep writing.
 */
export function refreshAhead(input: RefreshAheadInput): boolean {
  const { lastListing, gateMaxAgeMs } = input;
  if (lastListing === undefined) return false;
  const lead = Math.max(MIN_LEAD_MS, 2 * (lastListing.waitMs + lastListing.roundTripMs));
  if (2 * lead > gateMaxAgeMs) return false;
  const threshold = Math.max(gateMaxAgeMs / 2, gateMaxAgeMs - lead - (input.gateGapMs ?? 0));
  return input.ageMs >= threshold;
}

/** How much of an earlier gap the mean keeps, per new gap. */
const GAP_MEMORY = 0.7;

/**
 * The mean gap between agent gates after one `gapMs` later: gaps longer than the bound count as the bound (an idle
 * spell says nothing of the next burst), and gaps under 100 ms as none (the plan and the send of one write).
 */
export function nextGateGapMs(
  previous: number | undefined,
  gapMs: number,
  gateMaxAgeMs: number,
): number | undefined {
  if (gapMs < 100) return previous;
  const gap = Math.min(gapMs, gateMaxAgeMs);
  return previous === undefined ? gap : GAP_MEMORY * previous + (1 - GAP_MEMORY) * gap;
}
