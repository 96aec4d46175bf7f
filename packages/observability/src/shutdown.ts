import type { Logger } from './logger.js';

export interface ShutdownStep {
  /** Shown in the log: "close http server", "close worker", "quit redis". */
  name: string;
  run: () => Promise<void>;
}

export interface OnShutdownOptions {
  logger: Logger;
  /** Steps run in this order, each after the previous one settled. */
  steps: readonly ShutdownStep[];
  /** Whole shutdown budget; past it the process exits 1. Kubernetes' default grace period is 30 s. @defaultValue 25000 */
  timeoutMs?: number;
  /** @defaultValue process.exit */
  exit?: (code: number) => void;
  /** @defaultValue ['SIGTERM', 'SIGINT'] */
  signals?: readonly NodeJS.Signals[];
}

/** Starts the shutdown (idempotent: later calls return the same promise). */
export type Shutdown = (reason: string) => Promise<void>;

/**
 * Installs SIGTERM/SIGINT handlers and returns `shutdown(reason)`. Shutdown runs every step in
 * order; a step that throws is logged and the remaining steps still run (connections must close
 * even if a worker did not), and the exit code becomes 1. Exit 0 only when every step succeeded
 * within `timeoutMs`. A signal during shutdown forces exit 1 at once.
 */
export function onShutdown(options: OnShutdownOptions): Shutdown {
  const { logger, steps, timeoutMs = 25_000, exit = (code: number) => process.exit(code) } = options;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let running: Promise<void> | undefined;
  let exited = false;

  const exitOnce = (code: number): void => {
    if (exited) return;
    exited = true;
    for (const signal of signals) process.off(signal, onSignal);
    exit(code);
  };

  function onSignal(signal: NodeJS.Signals): void {
    if (running === undefined) {
      void shutdown(signal);
      return;
    }
    logger.error({ signal }, 'second signal during shutdown: exiting now');
    exitOnce(1);
  }

  const shutdown: Shutdown = (reason) => {
    running ??= run(reason);
    return running;
  };

  async function run(reason: string): Promise<void> {
    logger.info({ reason, steps: steps.map((step) => step.name), timeoutMs }, 'shutting down');
    let timer: NodeJS.Timeout | undefined;
    let current: string | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const completed = runSteps(logger, steps, (name) => {
      current = name;
    });
    const outcome = await Promise.race([completed, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      logger.error({ step: current, timeoutMs }, 'shutdown timed out');
      exitOnce(1);
      return;
    }
    logger.info(
      { reason, ok: outcome === 'ok' },
      outcome === 'ok' ? 'shutdown complete' : 'shutdown finished with errors',
    );
    exitOnce(outcome === 'ok' ? 0 : 1);
  }

  for (const signal of signals) process.on(signal, onSignal);
  return shutdown;
}

async function runSteps(
  logger: Logger,
  steps: readonly ShutdownStep[],
  onStart: (name: string) => void,
): Promise<'ok' | 'failed'> {
  let outcome: 'ok' | 'failed' = 'ok';
  for (const step of steps) {
    onStart(step.name);
    const started = performance.now();
    logger.info({ step: step.name }, 'shutdown step started');
    try {
      await step.run();
      logger.info({ step: step.name, ms: Math.round(performance.now() - started) }, 'shutdown step done');
    } catch (error) {
      outcome = 'failed';
      logger.error({ step: step.name, err: error }, 'shutdown step failed');
    }
  }
  return outcome;
}
