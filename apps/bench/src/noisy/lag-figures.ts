import { percentile } from '../stats.js';

/** The kinds of change a quiet org receives, each measured on its own. */
export const NOISY_KINDS = ['agent', 'timeoff', 'schedule'] as const;
export type NoisyKind = (typeof NOISY_KINDS)[number];

/** One quiet org's change: when ingest accepted it and when gc-sim first showed it (undefined: never, in time). */
export interface ChangeLag {
  orgId: string;
  kind: NoisyKind;
  acceptedAt: number;
  appliedAt: number | undefined;
}

export interface LegFigures {
  /** p99 lag (s) per kind over every quiet org's changes; a change never applied counts as the leg's time limit. */
  p99s: Record<NoisyKind, number>;
  /** The worst org's p99 lag (s) per kind. */
  worstOrgP99s: Record<NoisyKind, number>;
  notApplied: number;
  changes: number;
}

/** The p99 lags of one leg; `limitMs` stands in for a change that was never applied. */
export function legFigures(lags: readonly ChangeLag[], limitMs: number): LegFigures {
  const lagMs = (c: ChangeLag) =>
    c.appliedAt === undefined ? limitMs : Math.max(0, c.appliedAt - c.acceptedAt);
  const p99 = (samples: readonly ChangeLag[]) => (percentile(samples.map(lagMs), 99) ?? 0) / 1000;
  const byKind = (kind: NoisyKind) => lags.filter((c) => c.kind === kind);
  const orgs = [...new Set(lags.map((c) => c.orgId))];
  const entries = <T>(f: (kind: NoisyKind) => T) =>
    Object.fromEntries(NOISY_KINDS.map((kind) => [kind, f(kind)])) as Record<NoisyKind, T>;
  return {
    p99s: entries((kind) => p99(byKind(kind))),
    worstOrgP99s: entries((kind) =>
      Math.max(0, ...orgs.map((org) => p99(byKind(kind).filter((c) => c.orgId === org)))),
    ),
    notApplied: lags.filter((c) => c.appliedAt === undefined).length,
    changes: lags.length,
  };
}

/** Per kind, storm ÷ quiet of the p99 lag (the figure issue 17 asks for); undefined when the quiet leg is 0. */
export function stormRatios(quiet: LegFigures, storm: LegFigures): Record<NoisyKind, number | undefined> {
  return Object.fromEntries(
    NOISY_KINDS.map((kind) => [kind, quiet.p99s[kind] > 0 ? storm.p99s[kind] / quiet.p99s[kind] : undefined]),
  ) as Record<NoisyKind, number | undefined>;
}

/** The worst of several runs' ratios per kind. */
export function worstRatios(
  runs: readonly Record<NoisyKind, number | undefined>[],
): Record<NoisyKind, number | undefined> {
  return Object.fromEntries(
    NOISY_KINDS.map((kind) => {
      const values = runs.map((r) => r[kind]).filter((v): v is number => v !== undefined);
      return [kind, values.length > 0 ? Math.max(...values) : undefined];
    }),
  ) as Record<NoisyKind, number | undefined>;
}
