import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface ServiceProcessOptions {
  name: string;
  /** Script run with `node`. */
  script: string;
  args?: string[];
  /** Options for `node` itself, before the script (e.g. `--cpu-prof`, which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
  env: NodeJS.ProcessEnv;
  /** Where stdout and stderr go (JSON log lines). */
  logFile: string;
  /** `http://127.0.0.1:PORT` whose `/healthz` answers once the process is up. */
  healthUrl: string;
}

/** One spawned wfm-sync process (ingest, worker, gc-sim) with its log file. */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private log: WriteStream | undefined;
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;

  constructor(readonly options: ServiceProcessOptions) {}

  get name(): string {
    return this.options.name;
  }

  /** The process id while started (the lease holders a worker names are `host:pid`). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.exitCode === null && this.exitSignal === null;
  }

  async start(timeoutMs = 20_000): Promise<void> {
    this.exitCode = null;
    this.exitSignal = null;
    this.log = createWriteStream(this.options.logFile, { flags: 'a' });
    const child = spawn(
      process.execPath,
      [...(this.options.nodeArgs ?? []), this.options.script, ...(this.options.args ?? [])],
      {
        env: this.options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => {
      this.exitCode = code;
      this.exitSignal = signal;
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(
          `${this.name} exited during start (code ${this.exitCode}, signal ${this.exitSignal}); see ${this.options.logFile}`,
        );
      }
      try {
        const response = await fetch(`${this.options.healthUrl}/healthz`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `${this.name} did not become healthy within ${timeoutMs} ms; see ${this.options.logFile}`,
    );
  }

  /** Sends a signal without waiting (SIGHUP: reload the topology). */
  signal(signal: NodeJS.Signals): void {
    if (this.child && this.running) this.child.kill(signal);
  }

  /** Sends a signal and waits for the exit (SIGKILL: a crash; SIGTERM: a graceful stop). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
    this.log?.end();
  }
}
