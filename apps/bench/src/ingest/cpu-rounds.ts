/**
 * What the CPU-time tools (verify-cost.ts, span-cost.ts, export-cost.ts) share: their flags and the median of their
 * rounds.
 */

/** `--rounds N` and `--calls N` from the command line, each with its default. */
export function roundsAndCalls(
  argv: readonly string[],
  defaults: { rounds: number; calls: number },
): { rounds: number; calls: number } {
  const flag = (name: string, fallback: number) => {
    const at = argv.indexOf(name);
    return at >= 0 ? Number(argv[at + 1]) : fallback;
  };
  return { rounds: flag('--rounds', defaults.rounds), calls: flag('--calls', defaults.calls) };
}

/** The lower median of the rounds (NaN for none). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}
