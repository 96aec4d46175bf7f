import type { ViolationCounters } from '@wfm-sync/local-stack/gc-sim';
import { STRATEGY_LABELS } from '../strategies/names.js';
import { DASH, kilobytes, megabytes, ms, num } from './format.js';
import { ingestCell } from './ingest-floor.js';
import type { IngestFigures, RunResult, SyncFigures } from './types.js';

export const TABLE_HEADERS = [
  'scenario',
  'strategy',
  'events accepted/s (ingest p50 / p99)',
  'API calls / applied change',
  'API calls / changed key',
  '409s seen / unresolved',
  'lost updates',
  'gc-sim violations',
  'converged after last event (× lower bound)',
  'Redis / 1,000 keys',
  'worker RSS',
] as const;

const VIOLATION_NAMES: Record<keyof ViolationCounters, string> = {
  concurrentWrites: 'concurrent writes',
  requestsDuringRetryAfter: 'during Retry-After',
  unhealthyTrunkWrites: 'unhealthy trunk',
  adminEditsOverwritten: 'admin overwritten',
  duplicateTimeOffCreates: 'duplicate time-off',
  concurrentScheduleUpdates: 'concurrent schedule',
};

export function violationsCell(violations: ViolationCounters): string {
  const parts = (Object.keys(VIOLATION_NAMES) as (keyof ViolationCounters)[])
    .filter((kind) => violations[kind] > 0)
    .map((kind) => `${VIOLATION_NAMES[kind]} ${num(violations[kind])}`);
  return parts.length === 0 ? '0' : parts.join(', ');
}

function lostCell(f: SyncFigures): string {
  const kinds = Object.entries(f.lostUpdates)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([kind, n]) => `${kind} ${num(n)}`);
  const detail = kinds.length > 1 ? ` (${kinds.join(', ')})` : '';
  return `${num(f.lostTotal)} of ${num(f.keys)}${detail}`;
}

function convergenceCell(f: SyncFigures): string {
  const bound = `lower bound ${num(f.lowerBoundS, 1)} s`;
  if (f.convergedAfterS === undefined) {
    const why = f.stoppedBecause === 'idle' ? 'never (stopped writing)' : `not within ${num(f.timeLimitS)} s`;
    return `${why}; ${bound}`;
  }
  return `${num(f.convergedAfterS, 1)} s (${num(f.ratioToLowerBound, 2)}× ${bound})`;
}

function rssCell(f: SyncFigures): string {
  if (f.memoryTrend) {
    const { start, warm, end } = f.memoryTrend.workerRss;
    return start
      .map((s, i) => `${megabytes(s)} → warm ${megabytes(warm[i])} → end ${megabytes(end[i])}`)
      .join('; ');
  }
  if (!f.workerRssStart || !f.workerRssEnd) return DASH;
  const end = f.workerRssEnd;
  return f.workerRssStart.map((s, i) => `${megabytes(s)} → ${megabytes(end[i])}`).join('; ');
}

function redisCell(f: SyncFigures): string {
  const perKeys =
    f.scenario === 'tenants' && f.redisBytesPerOrg !== undefined
      ? `${kilobytes(f.redisBytesPer1000Keys)} (${kilobytes(f.redisBytesPerOrg)} per org)`
      : kilobytes(f.redisBytesPer1000Keys);
  if (!f.memoryTrend) return perKeys;
  const { start, warm, end } = f.memoryTrend.redisUsed;
  return `${perKeys} (used ${megabytes(start)} → warm ${megabytes(warm)} → end ${megabytes(end)})`;
}

function callsPerKeyCell(f: SyncFigures): string {
  const updates = f.scheduleUpdates;
  if (!updates) return num(f.callsPerChangedKey, 2);
  return `${num(f.callsPerChangedKey, 2)} (${num(updates.meanAgentsPerUpdate, 1)} agents per schedule update, ${num(updates.started)} updates)`;
}

function syncRow(f: SyncFigures): string[] {
  const ingest = f.ingest
    ? `${num(f.ingest.eventsPerSecond)} (${ms(f.ingest.p50Ms)} / ${ms(f.ingest.p99Ms)} ms)`
    : DASH;
  return [
    f.scenario,
    STRATEGY_LABELS[f.strategy],
    ingest,
    `${num(f.callsPerAppliedChange, 2)} (${num(f.apiCalls)} calls${f.status429 > 0 ? `, ${num(f.status429)} answered 429` : ''})`,
    callsPerKeyCell(f),
    `${num(f.conflictsSeen)} / ${num(f.conflictsUnresolved)}`,
    lostCell(f),
    violationsCell(f.violations),
    convergenceCell(f),
    redisCell(f),
    rssCell(f),
  ];
}

function ingestRow(f: IngestFigures): string[] {
  return [
    f.scenario,
    STRATEGY_LABELS[f.strategy],
    ingestCell(f),
    DASH,
    DASH,
    DASH,
    DASH,
    DASH,
    DASH,
    DASH,
    DASH,
  ];
}

function rowOf(result: RunResult): string[] {
  switch (result.kind) {
    case 'sync':
      return syncRow(result);
    case 'ingest':
      return ingestRow(result);
    case 'failed':
      return [
        result.scenario,
        STRATEGY_LABELS[result.strategy],
        `FAILED: ${result.error.replaceAll('|', '/').slice(0, 200)}`,
        ...Array.from({ length: TABLE_HEADERS.length - 3 }, () => DASH),
      ];
  }
}

/** One row per result, in run order. */
export function tableRows(results: readonly RunResult[]): string[][] {
  return results.map(rowOf);
}

/** A Markdown table with padded columns, readable in a terminal as it is. */
export function renderMarkdownTable(headers: readonly string[], rows: readonly string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
