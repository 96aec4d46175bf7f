import type { CliIo } from './io.js';

export interface CommandScope {
  io: CliIo;
  /** The code the process exits with when the command returns normally (0 unless set). */
  setExitCode(code: number): void;
}

export function printLine(io: CliIo, text = ''): void {
  io.stdout.write(`${text}\n`);
}

/** `--json`: one JSON document on stdout, for scripts. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
