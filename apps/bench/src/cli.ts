import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  NOTIFICATION_MODES,
  type NotificationFaults,
  type NotificationMode,
} from './notifications/settings.js';
import { type BenchMode, SCENARIO_NAMES, type ScenarioName } from './scenarios/catalog.js';
import { STRATEGY_NAMES, type StrategyName } from './strategies/names.js';

export const USAGE = `Usage: npm run bench -- [--quick] [--scenario NAME] [--soak] [--strategy NAME,...] [--seed N] [--requests-per-minute N]
                        [--notifications auto|off] [--notif-drop RATE] [--notif-cut-every-s S] [--notif-socket-closing N]
                        [--json FILE] [--markdown FILE]

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
  --notifications auto|off
                       wfm-sync: every org's "notifications" in the topology (default: the topology's, auto)
  --notif-drop RATE    wfm-sync: share of notification topic messages gc-sim drops on a live connection (0 to 1)
  --notif-cut-every-s S
                       wfm-sync: gc-sim cuts each notification connection at random, on average every S seconds
  --notif-socket-closing N
                       wfm-sync: N socket_closing announcements to every live connection, spread over the feed
                       (the --notif-* faults hold for the whole run; they need notifications auto; ingest has no workers)
  --rounds N           ingest: rounds of alternated floor and ingest legs (default 3, quick 1)
  --seconds N          ingest: seconds per leg (default 15, quick 2)
  --cpu-prof DIR       ingest: run ingest and the floor under node --cpu-prof (profiles in DIR) and only the
                       single-event legs
  --ingest-script FILE ingest: run this build of ingest (a main.js) instead of apps/ingest/dist/main.js
  --tracing            ingest: also run a second ingest with tracing on (OpenTelemetry, 10% of deliveries sampled,
                       OTLP to a sink in the bench) and measure it beside the first in every round (issue 23)
  --tracing-ratio R    ingest, with --tracing: the share of deliveries the traced ingest samples, 0 to 1 (default 0.1;
                       0 leaves the SDK on with nothing sampled, which tells its own cost from the sampled spans')
  --json FILE          also write every figure as JSON
  --markdown FILE      also write the table and the machine as Markdown
Progress goes to stderr; the table to stdout. Needs redis-server on PATH (the bench starts a private one).`;

/** Scenarios in which wfm-sync's workers talk to gc-sim, so that the topology's notifications matter. */
const LISTENING_SCENARIOS: readonly ScenarioName[] = SCENARIO_NAMES.filter((name) => name !== 'ingest');

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
  notifications: z.enum(NOTIFICATION_MODES).optional(),
  notifDrop: z.coerce.number().min(0).max(1).optional(),
  notifCutEveryS: z.coerce.number().min(1).max(86_400).optional(),
  notifSocketClosings: z.coerce.number().int().min(0).max(100).optional(),
  ingestTracing: z.boolean().optional(),
  ingestTracingRatio: z.coerce.number().min(0).max(1).optional(),
});

type ParsedOptions = z.infer<typeof optionsSchema>;

/** Each option's flag, so that an error names what the person typed. */
const FLAGS: Record<keyof ParsedOptions, string> = {
  mode: '--quick',
  scenarios: '--scenario',
  strategies: '--strategy',
  seed: '--seed',
  requestsPerMinute: '--requests-per-minute',
  jsonFile: '--json',
  markdownFile: '--markdown',
  ingestRounds: '--rounds',
  ingestSeconds: '--seconds',
  cpuProfDir: '--cpu-prof',
  ingestScript: '--ingest-script',
  notifications: '--notifications',
  notifDrop: '--notif-drop',
  notifCutEveryS: '--notif-cut-every-s',
  notifSocketClosings: '--notif-socket-closing',
  ingestTracing: '--tracing',
  ingestTracingRatio: '--tracing-ratio',
};

function usageMessage(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const key = issue.path[0];
      const flag = typeof key === 'string' && key in FLAGS ? FLAGS[key as keyof ParsedOptions] : String(key);
      return `${flag}: ${issue.message}`;
    })
    .join('\n');
}

/** The --notif-* flags as one fault set; undefined when none was given (the simulator's defaults: no fault). */
function notificationFaultsOf(o: ParsedOptions): NotificationFaults | undefined {
  if (o.notifDrop === undefined && o.notifCutEveryS === undefined && o.notifSocketClosings === undefined)
    return undefined;
  return {
    dropRate: o.notifDrop ?? 0,
    cutEveryS: o.notifCutEveryS,
    socketClosings: o.notifSocketClosings ?? 0,
  };
}

/** Flags that would measure nothing: said at once rather than found in a table that does not show them. */
function contradiction(o: ParsedOptions, faults: NotificationFaults | undefined): string | undefined {
  if (o.ingestTracingRatio !== undefined && o.ingestTracing !== true)
    return '--tracing-ratio sets what the traced ingest samples: add --tracing';
  const flags = [
    ...(o.notifications === undefined ? [] : ['--notifications']),
    ...(faults === undefined ? [] : ['--notif-*']),
  ].join(' and ');
  if (flags.length === 0) return undefined;
  if (!o.strategies.includes('wfm-sync'))
    return `${flags} change only wfm-sync runs (the baselines never listen): add wfm-sync to --strategy`;
  if (!o.scenarios.some((name) => LISTENING_SCENARIOS.includes(name)))
    return `${flags} change no run of ${o.scenarios.join(', ')} (ingest runs without workers): choose one of ${LISTENING_SCENARIOS.join(', ')}`;
  if (faults && o.notifications === 'off')
    return 'notification faults need --notifications auto: with off no channel is opened, so nothing could be dropped, cut or closed';
  return undefined;
}

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
  /** Every org's `notifications` in the topology; undefined: the topology's default (auto). */
  notifications?: NotificationMode | undefined;
  notificationFaults?: NotificationFaults | undefined;
  ingestTracing?: boolean | undefined;
  /** With ingestTracing: the share of deliveries sampled; undefined: 10% (issue 23). */
  ingestTracingRatio?: number | undefined;
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
    notifications: values.notifications,
    notifDrop: values['notif-drop'],
    notifCutEveryS: values['notif-cut-every-s'],
    notifSocketClosings: values['notif-socket-closing'],
    ingestTracing: values.tracing,
    ingestTracingRatio: values['tracing-ratio'],
  });
  if (!result.success) throw new UsageError(usageMessage(result.error));
  const parsed = result.data;
  const notificationFaults = notificationFaultsOf(parsed);
  const refused = contradiction(parsed, notificationFaults);
  if (refused) throw new UsageError(refused);
  return {
    mode: parsed.mode,
    scenarios: parsed.scenarios,
    strategies: parsed.strategies,
    seed: parsed.seed,
    requestsPerMinute: parsed.requestsPerMinute,
    jsonFile: parsed.jsonFile,
    markdownFile: parsed.markdownFile,
    ingestRounds: parsed.ingestRounds,
    ingestSeconds: parsed.ingestSeconds,
    cpuProfDir: parsed.cpuProfDir,
    ingestScript: parsed.ingestScript,
    notifications: parsed.notifications,
    notificationFaults,
    ingestTracing: parsed.ingestTracing,
    ingestTracingRatio: parsed.ingestTracingRatio,
  };
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
      notifications: { type: 'string' },
      'notif-drop': { type: 'string' },
      'notif-cut-every-s': { type: 'string' },
      'notif-socket-closing': { type: 'string' },
      tracing: { type: 'boolean' },
      'tracing-ratio': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
}
