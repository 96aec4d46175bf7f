import { setTimeout as sleep } from 'node:timers/promises';

/** Sleeps unless `signal` aborts first; returns false when it did. Other errors propagate. */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch (error) {
    if (signal.aborted) return false;
    throw error;
  }
}
