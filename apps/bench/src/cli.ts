import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type BenchMode, SCENARIO_NAMES, type ScenarioName } from './scenarios/catalog.js';
import { STRATEGY_NAMES, type StrategyName } from './strategies/names.js';

export const USAGE = `Usage: npm run bench -- [--quick] [--scenario NAME] [--soak] [--strategy NAME,...] [--seed N] [--requests-per-minute N] [--json FILE] [--markdown FILE]

Runs wfm-sync and the baselines one after another on the same seeded scenario against gc-sim, and prints one table.
  --quick              small numbers, 60 s limit per strategy, peak, timeoff-schedules and ingest; exits non-zero if a strategy
                       produced no figures (the CI check)
  --scenario NAME      only this scenario: ${SCENARIO_NAMES.join(', ')}
  --soak               add the soak (1,000,000 events; opt-in, long)
  --strategy LIST      only these strategies (comma-separated): ${STRATEGY_NAMES.join(', ')}
  --seed N             seed of the fixture, the events and every simulator fault (default 42)
  --requests-per-minute N
                       every org's budget in the sync scenarios, instead of the scenario's own (to see what the
                       strategies do when the budget is not what limits them)
  --rounds N           ingest: rounds of alternated floor and ingest legs (default 3, quick 1)
  --seconds N          ingest: seconds per leg (default 15, quick 2)
  --cpu-prof DIR       ingest: run ingest and the floor under node --cpu-prof (profiles in DIR) and only the
                       single-event legs
  --ingest-script FILE ingest: run this build of ingest (a main.js) instead of apps/ingest/dist/main.js
  --tracing            ingest: also run a second ingest with tracing on (OpenTelemetry, 10% of deliveries sampled,
                       OTLP to a sink in the bench) and measure it beside the first in every round (issue 23)
  --json FILE          also write every figure as JSON
  --markdown FILE      also write the table and the machine as Markdown
Progress goes to stderr; the table to stdout. Needs redis-server on PATH (the bench starts a private one).`;

/** Bad flags: main prints the message and the usage, and exits with status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const optionsSchema = z.object({
  mode: z.enum(['full', 'quick']),
  scenarios: z.array(z.enum(SCENARIO_NAMES)).min(1),
  strategies: z.array(z.enum(STRATEGY_NAMES)).min(1),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  requestsPerMinute: z.coerce.number().int().min(1).max(1_000_000).optional(),
  jsonFile: z.string().min(1).optional(),
  markdownFile: z.string().min(1).optional(),
  ingestRounds: z.coerce.number().int().min(1).max(100).optional(),
  ingestSeconds: z.coerce.number().int().min(1).max(600).optional(),
  cpuProfDir: z.string().min(1).optional(),
  ingestScript: z.string().min(1).optional(),
  ingestTracing: z.boolean().optional(),
});

export interface BenchOptions {
  mode: BenchMode;
  scenarios: ScenarioName[];
  strategies: StrategyName[];
  seed: number;
  requestsPerMinute?: number | undefined;
  jsonFile?: string | undefined;
  markdownFile?: string | undefined;
  ingestRounds?: number | undefined;
  ingestSeconds?: number | undefined;
  cpuProfDir?: string | undefined;
  ingestScript?: string | undefined;
  ingestTracing?: boolean | undefined;
}

/** Scenarios of a run without --scenario. */
export function defaultScenarios(mode: BenchMode, soak: boolean): ScenarioName[] {
  const base: ScenarioName[] =
    mode === 'quick'
      ? ['peak', 'timeoff-schedules', 'ingest']
      : ['peak', 'publishing-window', 'timeoff-schedules', 'ingest'];
  return soak ? [...base, 'soak'] : base;
}

/** Returns undefined for --help. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | undefined {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return undefined;
  const mode: BenchMode = values.quick ? 'quick' : 'full';
  const result = optionsSchema.safeParse({
    mode,
    scenarios: values.scenario ? [values.scenario] : defaultScenarios(mode, values.soak ?? false),
    strategies: values.strategy
      ? values.strategy
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
      : [...STRATEGY_NAMES],
    seed: values.seed ?? '42',
    requestsPerMinute: values['requests-per-minute'],
    jsonFile: values.json,
    markdownFile: values.markdown,
    ingestRounds: values.rounds,
    ingestSeconds: values.seconds,
    cpuProfDir: values['cpu-prof'],
    ingestScript: values['ingest-script'],
    ingestTracing: values.tracing,
  });
  if (!result.success) throw new UsageError(z.prettifyError(result.error));
  return result.data;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean' },
      scenario: { type: 'string' },
      soak: { type: 'boolean' },
      strategy: { type: 'string' },
      seed: { type: 'string' },
      'requests-per-minute': { type: 'string' },
      json: { type: 'string' },
      markdown: { type: 'string' },
      rounds: { type: 'string' },
      seconds: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'ingest-script': { type: 'string' },
      tracing: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
}
