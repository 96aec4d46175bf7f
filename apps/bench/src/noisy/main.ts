import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startPrivateRedis } from '@wfm-sync/local-stack';
import { createLogger } from '@wfm-sync/observability';
import { runMain } from '../run-main.js';
import { noisyNeighbor } from '../scenarios/catalog.js';
import {
  type LegFigures,
  legFigures,
  NOISY_KINDS,
  type NoisyKind,
  stormRatios,
  worstRatios,
} from './lag-figures.js';
import { type LegResult, runLeg, type SlowestAgentChange } from './run-noisy-neighbor.js';

const USAGE = `Usage: npm run bench:noisy-neighbor -- [--orgs N] [--runs N] [--seconds N] [--seed N] [--json FILE]

Issue 17's noisy neighbour (docs/decisions/025): per run, the quiet orgs alone, then beside org A's storm, each leg on
a fresh gc-sim and stack. Prints, for each of the quiet orgs' kinds, p99 lag (accepted → applied) storm ÷ quiet.
  --orgs N     orgs in the region, A included (default 2; 20 for the many-orgs variant)
  --runs N     runs (default 3)
  --seconds N  length of the feed (default 60)
  --seed N     (default 17)`;

const round = (value: number | undefined, digits = 2) =>
  value === undefined ? '–' : String(Math.round(value * 10 ** digits) / 10 ** digits);

function describeSlowest(leg: string, slowest: SlowestAgentChange | undefined): string {
  if (!slowest) return `- ${leg}: none`;
  const calls = slowest.requests.map(
    (r) => `${r.method} ${r.path.replace(/^\/api\/v2\//, '')} ${r.status} at ${r.sentMs} +${r.durationMs}`,
  );
  return `- ${leg}: ${Math.round(slowest.lagMs)} ms (${slowest.orgId} ${slowest.userId}): ${calls.join('; ') || 'no request'}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      orgs: { type: 'string', default: '2' },
      runs: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '60' },
      seed: { type: 'string', default: '17' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const orgs = Number(values.orgs);
  const runs = Number(values.runs);
  const seconds = Number(values.seconds);
  const seed = Number(values.seed);
  if (![orgs, runs, seconds, seed].every(Number.isInteger) || orgs < 2 || runs < 1 || seconds < 1) {
    process.stderr.write(`bench: bad arguments\n\n${USAGE}\n`);
    return 2;
  }
  const logger = createLogger({
    service: 'bench',
    level: process.env.LOG_LEVEL ?? 'info',
    destination: process.stderr,
  });
  const scenario = noisyNeighbor({ orgs, feedSeconds: seconds });
  const logDir = mkdtempSync(join(tmpdir(), 'wfm-noisy-'));
  const loadAtStart = loadavg()[0] ?? 0;
  const redis = await startPrivateRedis({ appendOnly: false });
  const perRun: { quiet: LegFigures; storm: LegFigures; stormLeg: LegResult; quietLeg: LegResult }[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const leg = (storm: boolean) =>
        runLeg(scenario, {
          redisUrl: redis.url,
          logDir,
          logger,
          seed: seed + run,
          label: `run${run + 1}-${storm ? 'storm' : 'quiet'}`,
          storm,
        });
      const quietLeg = await leg(false);
      const stormLeg = await leg(true);
      perRun.push({
        quietLeg,
        stormLeg,
        quiet: legFigures(quietLeg.lags, scenario.timeLimitMs),
        storm: legFigures(stormLeg.lags, scenario.timeLimitMs),
      });
    }
  } finally {
    await redis.stop();
  }
  const ratios = perRun.map((r) => stormRatios(r.quiet, r.storm));
  const worst = worstRatios(ratios);
  const cells = (f: (kind: NoisyKind) => string) => NOISY_KINDS.map(f).join(' | ');
  const heads = (what: string) => NOISY_KINDS.map((k) => `${what} ${k}`).join(' | ');
  const lines = [
    `noisy-neighbor: ${scenario.summary}; ${runs} run(s) of ${seconds} s; load average ${round(loadAtStart)} at start, ${round(loadavg()[0])} at end; logs ${logDir}`,
    '',
    `| run | ${heads('quiet p99 s')} | ${heads('storm p99 s')} | ${heads('storm ÷ quiet')} | ${heads('worst org storm p99 s')} | not applied quiet/storm | refused quiet/storm | A converged s | A lower bound s | A ÷ bound |`,
    `|---|${'---|'.repeat(4 * NOISY_KINDS.length + 5)}`,
    ...perRun.map((r, i) => {
      const a = r.stormLeg;
      const aRatio =
        a.stormConvergenceS !== undefined && a.stormLowerBoundS
          ? a.stormConvergenceS / a.stormLowerBoundS
          : undefined;
      return `| ${i + 1} | ${cells((k) => round(r.quiet.p99s[k]))} | ${cells((k) => round(r.storm.p99s[k]))} | ${cells((k) => round(ratios[i]![k]))} | ${cells((k) => round(r.storm.worstOrgP99s[k]))} | ${r.quiet.notApplied}/${r.storm.notApplied} | ${r.quietLeg.webhooksRefused}/${r.stormLeg.webhooksRefused} | ${round(a.stormConvergenceS, 1)} | ${round(a.stormLowerBoundS, 1)} | ${round(aRatio)} |`;
    }),
    '',
    `worst of ${runs} run(s), storm ÷ quiet: ${cells((k) => `${k} ${round(worst[k])}×`)}`,
    '',
    "Slowest quiet agent change per leg, with its org's gc-sim requests meanwhile (ms from its acceptance: sent +duration):",
    ...perRun.flatMap((r, i) => [
      describeSlowest(`run ${i + 1} quiet`, r.quietLeg.slowestAgent),
      describeSlowest(`run ${i + 1} storm`, r.stormLeg.slowestAgent),
    ]),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.json)
    writeFileSync(values.json, `${JSON.stringify({ scenario, perRun, ratios, worst }, null, 2)}\n`);
  return 0;
}

runMain(main);
