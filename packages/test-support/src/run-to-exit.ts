import { spawn } from 'node:child_process';

export interface ExitedProcess {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node <file>` with `env` (and PATH, nothing else of this process's environment) until it exits by itself:
 * for a process that must refuse to start. Killed, and the test failed, if it is still running after `timeoutMs`.
 */
export async function runToExit(
  file: string,
  env: Record<string, string>,
  timeoutMs = 15_000,
): Promise<ExitedProcess> {
  const child = spawn(process.execPath, [file], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
    );
    if (signal === 'SIGKILL') throw new Error(`${file} still ran after ${timeoutMs} ms:\n${stdout}${stderr}`);
    return { code, signal, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}
