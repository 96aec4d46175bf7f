export interface RequestLogEntry {
  /** Increasing number of the entry, for `GET /__sim/requests?since=<seq>`. */
  seq: number;
  /** Arrival time, epoch ms. */
  at: number;
  method: string;
  path: string;
  /** The route template, e.g. `/api/v2/outbound/campaigns/:campaignId`. */
  route: string;
  /** The org of the token (or of the OAuth client, or of the upload); null when unknown. */
  orgId: string | null;
  /** HTTP status sent; 0 when the connection ended without an answer (drop, timeout, client abort). */
  status: number;
  durationMs: number;
  /** True for calls that change Genesys state (writes and the steps of a schedule upload). */
  stateChanging: boolean;
  /** The fault injected into this request, if any. */
  fault?: string;
  correlationId: string;
}

export interface RequestLog {
  append(entry: Omit<RequestLogEntry, 'seq'>): void;
  /** Entries with `seq > since`, oldest first, at most `limit`. */
  entries(options?: { since?: number; limit?: number }): RequestLogEntry[];
  clear(): void;
}

/** A bounded log: beyond `cap` entries the oldest are forgotten. */
export function createRequestLog(cap: number): RequestLog {
  let buffer: RequestLogEntry[] = [];
  let nextSeq = 1;
  return {
    append(entry) {
      buffer.push({ seq: nextSeq++, ...entry });
      // Trim in chunks so that appending stays O(1) amortised at the cap.
      if (buffer.length > cap + Math.max(16, Math.floor(cap / 10)))
        buffer = buffer.slice(buffer.length - cap);
    },
    entries(options = {}) {
      const since = options.since ?? 0;
      const visible = buffer.length > cap ? buffer.slice(buffer.length - cap) : buffer;
      // Sequence numbers increase, so the first entry after `since` is found by bisection.
      let low = 0;
      let high = visible.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if ((visible[mid] as RequestLogEntry).seq > since) high = mid;
        else low = mid + 1;
      }
      const start = low;
      if (start >= visible.length) return [];
      const limit = options.limit ?? visible.length;
      return visible.slice(start, start + limit);
    },
    clear() {
      buffer = [];
    },
  };
}
