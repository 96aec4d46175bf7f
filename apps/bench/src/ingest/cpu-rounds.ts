/**
 * What the CPU-time tools (verify-cost.ts, span-cost.ts, export-cost.ts, build-ab.ts) share: their flags, their refusal of bad
 * ones, and the median of their rounds.
 */

import { UsageError } from '../cli.js';

/** The value after `name` on the command line ('' when nothing follows it), or undefined when the flag is absent. */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? (argv[at + 1] ?? '') : undefined;
}

/** `value` as a positive number; anything else is refused with the flag's name (a UsageError). */
export function positiveNumber(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`${name} takes a positive number, not "${value}"`);
  return n;
}

/** A positive number after `name`, else `fallback`. */
export function positiveFlag(argv: readonly string[], name: string, fallback: number): number {
  const value = flagValue(argv, name);
  return value === undefined ? fallback : positiveNumber(name, value);
}

/** A share from 0 to 1 after `name` (a sample ratio), undefined when the flag is absent; anything else is refused. */
export function ratioFlag(argv: readonly string[], name: string): number | undefined {
  const value = flagValue(argv, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new UsageError(`${name} takes a number from 0 to 1, not "${value}"`);
  return n;
}

/** Runs a tool's main: a UsageError is said in one line with exit code 2 (no stack), anything else is thrown. */
export async function runTool(main: () => Promise<void> | void): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  }
}

/** `--rounds N` and `--calls N` from the command line, each with its default. */
export function roundsAndCalls(
  argv: readonly string[],
  defaults: { rounds: number; calls: number },
): { rounds: number; calls: number } {
  return {
    rounds: Math.round(positiveFlag(argv, '--rounds', defaults.rounds)),
    calls: Math.round(positiveFlag(argv, '--calls', defaults.calls)),
  };
}

/** The lower median of the rounds (NaN for none). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}
