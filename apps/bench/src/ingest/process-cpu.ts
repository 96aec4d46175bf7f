import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc counts CPU time in ticks of 1/100 s (the ABI fixes it, whatever the kernel's own HZ). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) that process `pid` has used so far, read from `/proc/<pid>/stat`; undefined where there
 * is no /proc (not Linux) or no such process. Resolution 10 ms. Not prom-client's `process_cpu_seconds_total` (how the
 * bench reads a worker's RSS): the floor has no /metrics, and a scrape per 100 ms slice would load the server measured.
 * With `mainThread`, only its main thread's (`/proc/<pid>/task/<pid>/stat`): the event loop, whose time bounds a
 * Node server's throughput, without its helper and worker threads.
 */
export function processCpuSeconds(pid: number, mainThread = false): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count the fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  return Number.isFinite(user) && Number.isFinite(system) ? (user + system) / TICKS_PER_SECOND : undefined;
}

/**
 * The CPU time one process spends while some work runs, and its main thread's, added up over every `measure` (a leg
 * run in slices counts only its own slices). Without a pid, or without /proc, it measures nothing and both stay
 * undefined.
 */
export class ProcessCpuMeter {
  private total: number | undefined;
  private mainThreadTotal: number | undefined;

  constructor(private readonly pid: number | undefined) {}

  async measure<T>(work: () => Promise<T>): Promise<T> {
    const before = this.read();
    const result = await work();
    const after = this.read();
    if (before && after) {
      this.total = (this.total ?? 0) + (after.process - before.process);
      this.mainThreadTotal = (this.mainThreadTotal ?? 0) + (after.mainThread - before.mainThread);
    }
    return result;
  }

  get seconds(): number | undefined {
    return this.total;
  }

  get mainThreadSeconds(): number | undefined {
    return this.mainThreadTotal;
  }

  private read(): { process: number; mainThread: number } | undefined {
    if (this.pid === undefined) return undefined;
    const whole = processCpuSeconds(this.pid);
    const mainThread = processCpuSeconds(this.pid, true);
    return whole === undefined || mainThread === undefined ? undefined : { process: whole, mainThread };
  }
}
