/** What a state-changing call needs to know about its caller's lease. */
export interface WriteGuard {
  /**
   * Epoch ms when the caller's lease (per-key exclusivity) ends. The write is refused unsent
   * within 250 ms of it, and its request timeout never outlasts it.
   */
  deadline?: number;
}

/** Refuse this close to the deadline: the request would land after another worker took over. */
export const LEASE_MARGIN_MS = 250;
