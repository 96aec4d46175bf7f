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
 * live connection), so silence never vouches for a trunk: while agent writes wait, the listing is kept as fresh
 * as without notifications; only an org that listens and has nothing to write slows down to the safety poll.
 */
export function trunkPollIntervalMs(input: TrunkPollCadenceInput): number {
  if (!input.listening || input.agentWorkPending) return input.pollEveryMs;
  return Math.max(input.pollEveryMs, input.safetyPollMs);
}
