import type { BenchReport } from './bench.js';
import {
  ingestRoundsHeaders,
  ingestRoundsTable,
  tracingRoundsHeaders,
  tracingRoundsTable,
} from './figures/ingest-floor.js';
import { syncDetailLines } from './figures/sync-details.js';
import { renderMarkdownTable, TABLE_HEADERS, tableRows } from './figures/table.js';
import { describeNotificationSettings } from './notifications/settings.js';

/** The table with what is needed to reproduce it: command, machine, seed, scenarios. */
export function renderReport(report: BenchReport, command: string): string {
  const m = report.machine;
  const { mode, notifications, notificationFaults } = report.options;
  // The settings in the first line, so that rows quoted elsewhere with their header say what they measured.
  const settings = describeNotificationSettings({ mode: notifications, faults: notificationFaults });
  const details = syncDetailLines(report.results);
  return [
    `wfm-sync bench (${mode}; ${settings}), ${report.startedAt} → ${report.finishedAt}`,
    `command: ${command}`,
    `machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, Redis ${m.redis}, ${m.platform}; load average ${m.loadAverageAtStart} at the start, ${report.loadAverageAtEnd} at the end`,
    `seed ${report.options.seed}; each strategy on a fresh gc-sim process with the same seed and settings, one after another`,
    '',
    renderMarkdownTable(TABLE_HEADERS, tableRows(report.results)),
    '',
    ...(details.length > 0 ? [...details, ''] : []),
    ...report.results.flatMap((r) =>
      r.kind === 'ingest'
        ? [
            `ingest against its floor, round by round (${r.secondsPerLeg} s per leg; connections: ${r.connections.single} single, ${r.connections.batch} batches, ${r.connections.fixedRate} at the fixed rate; ${r.processes}):`,
            '',
            renderMarkdownTable(ingestRoundsHeaders(r), ingestRoundsTable(r)),
            ...(r.tracing
              ? [
                  '',
                  `ingest with tracing off and on (${r.tracing.sampleRatio * 100}% of deliveries sampled, ${r.tracing.exporter}), each leg of a round in alternating slices, A B B A, each side pooling its own (${r.tracing.sliceS.saturating * 1000} ms as fast as they answer, ${r.tracing.sliceS.fixedRate * 1000} ms at ${r.targetRequestsPerSecond.toLocaleString('en-US')}/s):`,
                  '',
                  renderMarkdownTable(tracingRoundsHeaders(r), tracingRoundsTable(r)),
                  '',
                  `CPU per delivery: the process's CPU time over its own slices ÷ its requests, at ${r.targetRequestsPerSecond.toLocaleString('en-US')}/s; "unsampled" and "sampled" are the traced ingest against itself, deliveries whose traceparent says not sampled or sampled, in alternating ${r.tracing.sliceS.sampled} s slices; what sampling adds = ${r.tracing.sampleRatio} × (sampled − unsampled) ÷ unsampled (decision 034).`,
                ]
              : []),
            ...(r.cpuProfiles ? ['', `CPU profiles: ${r.cpuProfiles.join(', ')}`] : []),
            '',
          ]
        : [],
    ),
    ...report.scenarios.map((s) => `- ${s.name}: ${s.summary}`),
    `- logs and per-run files: ${report.logDir}`,
  ].join('\n');
}
