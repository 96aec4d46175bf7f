import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, onShutdown, type ShutdownStep } from '../src/index.js';
import { captureStream } from './capture.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
const listenersBefore = Object.fromEntries(SIGNALS.map((signal) => [signal, process.listenerCount(signal)]));

afterEach(() => {
  // Every shutdown in these tests exits, which must remove its handlers.
  for (const signal of SIGNALS) expect(process.listenerCount(signal)).toBe(listenersBefore[signal]);
});

function setup(steps: ShutdownStep[], timeoutMs?: number) {
  const capture = captureStream();
  const logger = createLogger({ service: 'shutdown-test', pretty: false, destination: capture.stream });
  const exitCodes: number[] = [];
  const exited = deferred();
  const shutdown = onShutdown({
    logger,
    steps,
    exit: (code) => {
      exitCodes.push(code);
      exited.resolve();
    },
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  return { shutdown, exitCodes, exited: exited.promise, lines: capture.lines };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('onShutdown', () => {
  it('runs the steps in order, logs each, and exits 0', async () => {
    const order: string[] = [];
    const step = (name: string): ShutdownStep => ({
      name,
      run: async () => {
        order.push(`${name} start`);
        await Promise.resolve();
        order.push(`${name} end`);
      },
    });
    const { shutdown, exitCodes, lines } = setup([
      step('close http'),
      step('close worker'),
      step('quit redis'),
    ]);
    await shutdown('test');
    expect(order).toEqual([
      'close http start',
      'close http end',
      'close worker start',
      'close worker end',
      'quit redis start',
      'quit redis end',
    ]);
    expect(exitCodes).toEqual([0]);
    const done = lines()
      .filter((line) => line.msg === 'shutdown step done')
      .map((line) => line.step);
    expect(done).toEqual(['close http', 'close worker', 'quit redis']);
  });

  it('runs the remaining steps after a failing one and exits 1', async () => {
    const ran: string[] = [];
    const { shutdown, exitCodes, lines } = setup([
      {
        name: 'close worker',
        run: async () => {
          throw new Error('worker would not close');
        },
      },
      { name: 'quit redis', run: async () => void ran.push('quit redis') },
    ]);
    await shutdown('test');
    expect(ran).toEqual(['quit redis']);
    expect(exitCodes).toEqual([1]);
    expect(lines().find((line) => line.msg === 'shutdown step failed')).toMatchObject({
      step: 'close worker',
    });
  });

  it('exits 1 when the steps outlast the timeout, naming the step', async () => {
    const { shutdown, exitCodes, lines } = setup(
      [{ name: 'drain', run: () => new Promise<void>(() => {}) }],
      50,
    );
    await shutdown('test');
    expect(exitCodes).toEqual([1]);
    expect(lines().find((line) => line.msg === 'shutdown timed out')).toMatchObject({
      step: 'drain',
      timeoutMs: 50,
    });
  });

  it('is idempotent', async () => {
    let runs = 0;
    const { shutdown, exitCodes } = setup([{ name: 'count', run: async () => void runs++ }]);
    await Promise.all([shutdown('first'), shutdown('second')]);
    expect(runs).toBe(1);
    expect(exitCodes).toEqual([0]);
  });

  it('starts on SIGTERM, and a second signal forces exit 1', async () => {
    const started = deferred();
    const release = deferred();
    const { shutdown, exitCodes, exited, lines } = setup([
      {
        name: 'slow close',
        run: async () => {
          started.resolve();
          await release.promise;
        },
      },
    ]);
    process.kill(process.pid, 'SIGTERM');
    await started.promise;
    expect(lines()[0]).toMatchObject({ msg: 'shutting down', reason: 'SIGTERM' });

    process.kill(process.pid, 'SIGINT');
    await exited;
    expect(exitCodes).toEqual([1]);

    release.resolve();
    await shutdown('already running');
    expect(exitCodes).toEqual([1]);
  });
});
