import { percentile, ratio } from '../stats.js';
import { DASH, ms, num } from './format.js';
import type { IngestFigures, IngestPhase, IngestRatios, IngestRound, TracingRatios } from './types.js';

/** Issue 23's targets for the ratios to the floor. */
export const INGEST_RATIO_TARGETS = { single: 0.15, batch: 0.6, p99ExcessMs: 10 } as const;
/** Issue 23's target for tracing on against off: throughput on ÷ off and p99 off ÷ on, each at least this. */
export const TRACING_RATIO_TARGET = 0.9;

/** The ratios of one round: each ingest leg against the floor legs of the same round, and tracing on against off. */
export function roundRatios(round: IngestRound): IngestRatios {
  return {
    single: ratio(round.single.eventsPerSecond, round.floor.requestsPerSecond),
    batch: round.batch ? ratio(round.batch.eventsPerSecond, round.floor.requestsPerSecond) : undefined,
    p99ExcessMs:
      round.fixedRate && round.floorFixedRate
        ? round.fixedRate.p99Ms - round.floorFixedRate.p99Ms
        : undefined,
    ...(round.traced ? { tracing: tracingRatios(round) } : {}),
  };
}

function tracingRatios(round: IngestRound): TracingRatios {
  const { traced } = round;
  return {
    single: traced ? ratio(traced.single.eventsPerSecond, round.single.eventsPerSecond) : undefined,
    batch:
      traced?.batch && round.batch
        ? ratio(traced.batch.eventsPerSecond, round.batch.eventsPerSecond)
        : undefined,
    p99:
      traced?.fixedRate && round.fixedRate ? ratio(round.fixedRate.p99Ms, traced.fixedRate.p99Ms) : undefined,
    ...(traced?.sampled || traced?.unsampled
      ? {
          cpuUsPerDelivery: {
            off: cpuUsPerDelivery(round.fixedRate),
            unsampled: cpuUsPerDelivery(traced.unsampled),
            sampled: cpuUsPerDelivery(traced.sampled),
          },
        }
      : {}),
  };
}

/** The answering process's CPU time per request of a leg, in µs (where it was read). */
function cpuUsPerDelivery(phase: IngestPhase | undefined): number | undefined {
  if (phase?.serverCpuS === undefined || phase.requests === 0) return undefined;
  return (phase.serverCpuS * 1e6) / phase.requests;
}

/**
 * What sampling `sampleRatio` of the deliveries adds to the traced ingest's CPU, as a share of an unsampled
 * delivery's: `sampleRatio` × (sampled − unsampled) ÷ unsampled. Both sides come from the same process in the same
 * leg (decision 034); the off process's CPU is measured in another leg, and its difference from the unsampled side
 * is as much the machine's drift as the SDK's cost, so it is shown but not used here.
 */
export function sampledCpuShare(
  cpu: TracingRatios['cpuUsPerDelivery'],
  sampleRatio: number,
): number | undefined {
  if (cpu?.unsampled === undefined || cpu.sampled === undefined || cpu.unsampled <= 0) return undefined;
  return (sampleRatio * (cpu.sampled - cpu.unsampled)) / cpu.unsampled;
}

const defined = (values: readonly (number | undefined)[]): number[] =>
  values.filter((v): v is number => v !== undefined && Number.isFinite(v));

/** Median, min and max of the rounds' values (undefined when no round has one). */
export function spread(
  values: readonly (number | undefined)[],
): { median: number; min: number; max: number } | undefined {
  const present = defined(values);
  const median = percentile(present, 50);
  if (median === undefined) return undefined;
  return { median, min: Math.min(...present), max: Math.max(...present) };
}

function spreadCell(values: readonly (number | undefined)[], format: (v: number) => string): string {
  const s = spread(values);
  if (!s) return DASH;
  return values.length > 1 ? `${format(s.median)} (${format(s.min)}–${format(s.max)})` : format(s.median);
}

const ratioText = (v: number) => num(v, 2);

/** ` (ingest CPU 0.87 of a core)`: the median load of ingest's fixed-rate legs, where it was read. */
function loadNote(f: IngestFigures): string {
  const load = spread(f.rounds.map((r) => serverLoad(r.fixedRate)));
  return load ? ` (ingest CPU ${num(load.median, 2)} of a core)` : '';
}

/** `; CPU per delivery at 1,000/s: …`, where the traced ingest was measured against itself. */
function cpuNote(f: IngestFigures): string {
  const cpu = f.ratios.map((r) => r.tracing?.cpuUsPerDelivery);
  if (!f.tracing || cpu.every((c) => c?.sampled === undefined)) return '';
  const us = (v: number) => num(v);
  const { sampleRatio } = f.tracing;
  return `; CPU per delivery at ${num(f.targetRequestsPerSecond)}/s: off ${spreadCell(
    cpu.map((c) => c?.off),
    us,
  )} µs, on and unsampled ${spreadCell(
    cpu.map((c) => c?.unsampled),
    us,
  )} µs, on and sampled ${spreadCell(
    cpu.map((c) => c?.sampled),
    us,
  )} µs, hence sampling ${num(sampleRatio * 100)}% adds ${spreadCell(
    cpu.map((c) => sampledCpuShare(c, sampleRatio)),
    percentText,
  )} to a delivery's CPU`;
}

const percentText = (v: number) => `${v >= 0 ? '+' : ''}${num(v * 100, 1)}%`;

/** The main table's cell: medians over the rounds, each beside the floor and as a ratio. */
export function ingestCell(f: IngestFigures): string {
  const floor = spreadCell(
    f.rounds.map((r) => r.floor.requestsPerSecond),
    (v) => num(v),
  );
  const parts = [
    `floor ${floor} req/s`,
    `1 per webhook: ${spreadCell(
      f.rounds.map((r) => r.single.eventsPerSecond),
      (v) => num(v),
    )} = ${spreadCell(
      f.ratios.map((r) => r.single),
      ratioText,
    )}× floor`,
  ];
  if (f.rounds.some((r) => r.batch))
    parts.push(
      `${f.batchSize} per webhook: ${spreadCell(
        f.rounds.map((r) => r.batch?.eventsPerSecond),
        (v) => num(v),
      )} = ${spreadCell(
        f.ratios.map((r) => r.batch),
        ratioText,
      )}× floor`,
    );
  if (f.rounds.some((r) => r.fixedRate))
    parts.push(
      `p99 at ${num(f.targetRequestsPerSecond)}/s: ${spreadCell(
        f.rounds.map((r) => r.fixedRate?.p99Ms),
        ms,
      )} ms${loadNote(f)}, floor ${spreadCell(
        f.rounds.map((r) => r.floorFixedRate?.p99Ms),
        ms,
      )} ms`,
    );
  if (f.tracing)
    parts.push(
      `tracing on (${num(f.tracing.sampleRatio * 100)}% sampled) ÷ off: 1 per webhook ${spreadCell(
        f.ratios.map((r) => r.tracing?.single),
        ratioText,
      )}, ${f.batchSize} per webhook ${spreadCell(
        f.ratios.map((r) => r.tracing?.batch),
        ratioText,
      )}, p99 off ÷ on ${spreadCell(
        f.ratios.map((r) => r.tracing?.p99),
        ratioText,
      )}${cpuNote(f)}`,
    );
  const failures = f.rounds.reduce(
    (sum, r) =>
      sum +
      [
        r.single,
        r.batch,
        r.fixedRate,
        r.floor,
        r.floorFixedRate,
        r.traced?.single,
        r.traced?.batch,
        r.traced?.fixedRate,
        r.traced?.sampled,
        r.traced?.unsampled,
      ].reduce((n, p) => n + (p?.non2xx ?? 0), 0),
    0,
  );
  if (failures > 0) parts.push(`${num(failures)} non-2xx`);
  return `${parts.join('; ')} (${f.rounds.length === 1 ? 'one round' : `median of ${f.rounds.length} rounds, min–max`})`;
}

/** Of one core, how busy a leg kept its server: its CPU time over the leg's duration (undefined where unread). */
export function serverLoad(p: IngestPhase | undefined): number | undefined {
  return p?.serverCpuS === undefined || p.durationS <= 0 ? undefined : p.serverCpuS / p.durationS;
}

/** A fixed-rate leg's p99, with how busy that rate kept the server (the p99 of a server near a full core is its queue). */
function fixedRateCell(p: IngestPhase | undefined): string {
  if (!p) return DASH;
  const load = serverLoad(p);
  return load === undefined ? `${ms(p.p99Ms)} ms` : `${ms(p.p99Ms)} ms (CPU ${num(load, 2)})`;
}

function leg(p: IngestPhase | undefined, what: 'requests' | 'events'): string {
  if (!p) return DASH;
  const rate = what === 'requests' ? p.requestsPerSecond : p.eventsPerSecond;
  const failed = p.non2xx + p.errors > 0 ? `, ${num(p.non2xx + p.errors)} failed` : '';
  return `${num(rate)} (${ms(p.p50Ms)} / ${ms(p.p99Ms)} ms${failed})`;
}

/** The median of a table column's values of every round, formatted; a dash when no round has one. */
function medianCell(values: (number | undefined)[], format: (v: number) => string): string {
  const s = spread(values);
  return s ? format(s.median) : DASH;
}

/** Every round of the ingest scenario, then the medians against issue 23's targets. */
export function ingestRoundsTable(f: IngestFigures): string[][] {
  const rows = f.rounds.map((round, i) => {
    const r = f.ratios[i];
    return [
      String(i + 1),
      leg(round.floor, 'requests'),
      leg(round.single, 'events'),
      num(r?.single, 2),
      leg(round.batch, 'events'),
      num(r?.batch, 2),
      fixedRateCell(round.floorFixedRate),
      fixedRateCell(round.fixedRate),
      r?.p99ExcessMs === undefined ? DASH : `${ms(r.p99ExcessMs)} ms`,
    ];
  });
  rows.push([
    'median',
    medianCell(
      f.rounds.map((r) => r.floor.requestsPerSecond),
      (v) => num(v),
    ),
    medianCell(
      f.rounds.map((r) => r.single.eventsPerSecond),
      (v) => num(v),
    ),
    `${medianCell(
      f.ratios.map((r) => r.single),
      ratioText,
    )} (target ≥ ${INGEST_RATIO_TARGETS.single})`,
    medianCell(
      f.rounds.map((r) => r.batch?.eventsPerSecond),
      (v) => num(v),
    ),
    `${medianCell(
      f.ratios.map((r) => r.batch),
      ratioText,
    )} (target ≥ ${INGEST_RATIO_TARGETS.batch})`,
    medianCell(
      f.rounds.map((r) => r.floorFixedRate?.p99Ms),
      (v) => `${ms(v)} ms`,
    ),
    medianCell(
      f.rounds.map((r) => r.fixedRate?.p99Ms),
      (v) => `${ms(v)} ms`,
    ),
    `${medianCell(
      f.ratios.map((r) => r.p99ExcessMs),
      (v) => `${ms(v)} ms`,
    )} (target ≤ ${INGEST_RATIO_TARGETS.p99ExcessMs} ms)`,
  ]);
  return rows;
}

export function ingestRoundsHeaders(f: IngestFigures): string[] {
  return [
    'round',
    'floor req/s (p50 / p99)',
    'ingest 1 per webhook, events/s (p50 / p99)',
    '÷ floor',
    `ingest ${f.batchSize} per webhook, events/s (p50 / p99)`,
    '÷ floor',
    `floor p99 at ${num(f.targetRequestsPerSecond)}/s (CPU, of one core)`,
    `ingest p99 at ${num(f.targetRequestsPerSecond)}/s (CPU, of one core)`,
    'ingest − floor',
  ];
}

/** With `--tracing`: every round's ingest legs with tracing off and on, then the medians against issue 23's target. */
export function tracingRoundsTable(f: IngestFigures): string[][] {
  const target = `(target ≥ ${num(TRACING_RATIO_TARGET, 2)})`;
  const rows = f.rounds.map((round, i) => {
    const r = f.ratios[i]?.tracing;
    return [
      String(i + 1),
      leg(round.single, 'events'),
      leg(round.traced?.single, 'events'),
      num(r?.single, 2),
      leg(round.batch, 'events'),
      leg(round.traced?.batch, 'events'),
      num(r?.batch, 2),
      fixedRateCell(round.fixedRate),
      fixedRateCell(round.traced?.fixedRate),
      num(r?.p99, 2),
      cpuCell(r?.cpuUsPerDelivery),
      shareCell(sampledCpuShare(r?.cpuUsPerDelivery, f.tracing?.sampleRatio ?? 0)),
    ];
  });
  const median = (values: (number | undefined)[]) => medianCell(values, ratioText);
  rows.push([
    'median',
    '',
    '',
    `${median(f.ratios.map((r) => r.tracing?.single))} ${target}`,
    '',
    '',
    `${median(f.ratios.map((r) => r.tracing?.batch))} ${target}`,
    '',
    '',
    `${median(f.ratios.map((r) => r.tracing?.p99))} ${target}`,
    '',
    shareCell(
      spread(f.ratios.map((r) => sampledCpuShare(r.tracing?.cpuUsPerDelivery, f.tracing?.sampleRatio ?? 0)))
        ?.median,
    ),
  ]);
  return rows;
}

function cpuCell(cpu: TracingRatios['cpuUsPerDelivery']): string {
  if (cpu === undefined) return DASH;
  return [cpu.off, cpu.unsampled, cpu.sampled].map((v) => (v === undefined ? DASH : num(v))).join(' / ');
}

const shareCell = (share: number | undefined): string => (share === undefined ? DASH : percentText(share));

export function tracingRoundsHeaders(f: IngestFigures): string[] {
  return [
    'round',
    'off: 1 per webhook, events/s (p50 / p99)',
    'on',
    'on ÷ off',
    `off: ${f.batchSize} per webhook, events/s (p50 / p99)`,
    'on',
    'on ÷ off',
    `off: p99 at ${num(f.targetRequestsPerSecond)}/s (CPU, of one core)`,
    'on',
    'off ÷ on',
    `CPU µs per delivery at ${num(f.targetRequestsPerSecond)}/s: off / on, unsampled / on, sampled`,
    `sampling ${num((f.tracing?.sampleRatio ?? 0) * 100)}% adds to the CPU per delivery`,
  ];
}
