/** What a state-changing call needs to know about its caller's lease. */
export interface WriteGuard {
  /**
   * Epoch ms when the caller's lease (per-key exclusivity) ends. The write is refused unsent
   * within 250 ms of it, and its request timeout never outlasts it.
   */
  deadline?: number;
  /**
   * Runs after every token and budget wait, immediately before the request is sent; throwing aborts the write
   * unsent (the error propagates unchanged). For preconditions that must hold at send time, not at planning time:
   * a trunk health read that may not be older than a few seconds when the write leaves, however long the org's
   * budget made it wait.
   */
  beforeSend?: () => Promise<void>;
}

/** Refuse this close to the deadline: the request would land after another worker took over. */
export const LEASE_MARGIN_MS = 250;
