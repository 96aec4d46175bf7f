import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = 'dist/main.js';

export interface DashboardProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/**
 * The built dashboard as `npm start` runs it (`node dist/main.js`), with exactly the given environment.
 * Needs a build first (turbo's test task depends on build).
 */
export function spawnDashboard(env: Record<string, string>): DashboardProcess {
  if (!existsSync(join(APP_DIR, MAIN))) {
    throw new Error(`${MAIN} is missing: build first (cd /work/main && npx turbo run build)`);
  }
  const child = spawn(process.execPath, [MAIN], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
