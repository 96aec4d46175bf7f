import type { SimStateReader } from '../sim/sim-admin-client.js';
import type { Expectation } from '../workload/types.js';

/** How many keys are read from the simulator at once during a full scan. */
const SCAN_CONCURRENCY = 16;

/** Compares the simulator's state with what the workload expects, key by key. */
export class ConvergenceTracker {
  private cursor = 0;

  constructor(
    private readonly expectations: readonly Expectation[],
    private readonly sim: SimStateReader,
  ) {}

  /**
   * True when one pass over every key found them all matching. Cheap while far from converged: a pass stops at the
   * first mismatch and the next pass starts there.
   */
  async converged(): Promise<boolean> {
    const n = this.expectations.length;
    for (let step = 0; step < n; step++) {
      const index = (this.cursor + step) % n;
      if (!(await this.expectations[index]!.matches(this.sim))) {
        this.cursor = index;
        return false;
      }
    }
    return true;
  }

  /** Every key whose state does not match now. */
  async mismatched(): Promise<Expectation[]> {
    const result: Expectation[] = [];
    for (let i = 0; i < this.expectations.length; i += SCAN_CONCURRENCY) {
      const chunk = this.expectations.slice(i, i + SCAN_CONCURRENCY);
      const matches = await Promise.all(chunk.map((e) => e.matches(this.sim)));
      chunk.forEach((e, j) => {
        if (!matches[j]) result.push(e);
      });
    }
    return result;
  }
}
