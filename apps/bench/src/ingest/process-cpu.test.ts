import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ProcessCpuMeter, processCpuSeconds } from './process-cpu.js';

const onLinux = process.platform === 'linux';

describe.runIf(onLinux)('a process CPU time, from /proc', () => {
  it('counts what another process burns while the work runs, and only then', async () => {
    // A child that burns 400 ms of CPU (its own count, not the clock's: the machine may be busy) as soon as it reads a
    // line, then waits for the next.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const used = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
         process.stdin.on('data', () => { const end = used() + 400; while (used() < end); process.stdout.write('done\\n'); });`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      const pid = child.pid!;
      const meter = new ProcessCpuMeter(pid);
      const spin = () =>
        meter.measure(async () => {
          child.stdin.write('go\n');
          await once(child.stdout, 'data');
        });
      await spin();
      // Idle between measures: not counted.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await spin();
      // Two spins of 400 ms of CPU each (ticks of 10 ms; the child's own start-up is outside both).
      expect(meter.seconds).toBeGreaterThan(0.7);
      expect(meter.seconds).toBeLessThan(1.1);
      expect(processCpuSeconds(pid)).toBeGreaterThanOrEqual(meter.seconds!);
      // The spin is the child's main thread's: nearly all of the process's time over the measures.
      expect(meter.mainThreadSeconds).toBeGreaterThan(0.7);
      expect(meter.mainThreadSeconds).toBeLessThanOrEqual(meter.seconds!);
    } finally {
      child.kill();
    }
  });

  it('reads nothing of a process that does not exist, or without a pid', async () => {
    expect(processCpuSeconds(2 ** 22 + 1)).toBeUndefined();
    const meter = new ProcessCpuMeter(undefined);
    await meter.measure(async () => undefined);
    expect(meter.seconds).toBeUndefined();
    expect(meter.mainThreadSeconds).toBeUndefined();
  });
});
