import {
  type FaultProfileInput,
  type GenerateFixtureOptions,
  regionalLatencyPresets,
  type SimFixture,
} from '@wfm-sync/local-stack/gc-sim';
import type { StrategyName } from '../strategies/names.js';
import { generateAgentStormWorkload } from '../workload/agent-storm.js';
import { generateTenantMixWorkload } from '../workload/tenant-mix.js';
import { generateTimeOffScheduleWorkload } from '../workload/timeoff-schedule-storm.js';
import type { Workload } from '../workload/types.js';

export const SCENARIO_NAMES = [
  'peak',
  'publishing-window',
  'timeoff-schedules',
  'ingest',
  'soak',
  'tenants',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];
export type BenchMode = 'full' | 'quick';

/**
 * The strategies a scenario compares, when not all: the time-off and schedule scenario sets wfm-sync against the two
 * ways teams handle those 409s (retry with the first version token, or take the 409 as success).
 */
export const SCENARIO_STRATEGIES: Partial<Record<ScenarioName, readonly StrategyName[]>> = {
  'timeoff-schedules': ['wfm-sync', 'retry-backoff', 'conflict-as-success'],
  // Many tenants is about wfm-sync's own scaling (Redis per org, worker memory, fairness of the budgets).
  tenants: ['wfm-sync'],
};

/** The selected strategies a scenario runs, in the selection's order. */
export function strategiesOf(scenario: ScenarioName, selected: readonly StrategyName[]): StrategyName[] {
  const allowed = SCENARIO_STRATEGIES[scenario];
  return allowed ? selected.filter((name) => allowed.includes(name)) : [...selected];
}

/**
 * A scenario that every strategy runs, one after another, on a fresh simulator with the same seed and settings.
 * A new sync scenario is a `buildWorkload` whose `Expectation`s read the simulator's state; what a baseline writes
 * per event type is in `baselines/sync-model.ts`. Nothing else in the runner knows about event types.
 */
export interface SyncScenario {
  kind: 'sync';
  name: ScenarioName;
  summary: string;
  fixture: GenerateFixtureOptions;
  requestsPerMinute: number;
  faults: FaultProfileInput;
  /** The first `trunks` trunks of the first org flap during the feed; the storm ends with every trunk healthy. */
  flapping?: { trunks: number; minDwellMs: number; maxDwellMs: number };
  /** The administrator edits a campaign right after this share of the campaign writes that succeed. */
  adminShareOfCampaignWrites: number;
  /** "Concurrent modification" 409s on this share of writes, from the first event on, for `durationMs`. */
  publishingWindow?: { rate: number; durationMs: number };
  /** Another publisher re-publishing schedules (moving schedule and agent versions) from the first to the last event. */
  concurrentPublisher?: { publishesPerMinute: number; agentShare: number };
  /** After the last event; a key not converged by then counts as lost. */
  timeLimitMs: number;
  /** wfm-sync worker processes per region. @defaultValue 1 */
  workersPerRegion?: number;
  buildWorkload(fixture: SimFixture, seed: number): Workload;
}

/** Signed webhooks at the ingest alone, as fast as it takes them, then at a fixed rate. */
export interface IngestScenario {
  kind: 'ingest';
  name: 'ingest';
  summary: string;
  fixture: GenerateFixtureOptions;
  phaseSeconds: number;
  /** Rounds of alternated legs (floor, ingest, floor, ingest): medians over them are what the table reports. */
  rounds: number;
  connections: { single: number; batch: number; fixedRate: number };
  batchSize: number;
  fixedRequestsPerSecond: number;
}

/** A long feed into the whole pipeline, sampling worker and Redis memory. */
export interface SoakScenario {
  kind: 'soak';
  name: 'soak';
  summary: string;
  fixture: GenerateFixtureOptions;
  requestsPerMinute: number;
  faults: FaultProfileInput;
  events: number;
  eventsPerSecond: number;
  batchSize: number;
  sampleEveryMs: number;
  /** The share of the feed after which memory counts as warmed up. */
  warmUpShare: number;
  timeLimitMs: number;
}

export type ScenarioDefinition = SyncScenario | IngestScenario | SoakScenario;

const TOPOLOGY = { orgs: 2, trunks: 15 } as const;
/** gc-sim's ap-southeast-1 preset (p50 180 ms, p99 900 ms, log-normal), for every org. */
const APAC_LATENCY = regionalLatencyPresets['ap-southeast-1'] ?? { p50Ms: 180, p99Ms: 900 };

interface Sizes {
  agents: number;
  events: number;
  feedMs: number;
  timeLimitMs: number;
  publishingWindowMs: number;
}
const SIZES: Record<BenchMode, Sizes> = {
  full: { agents: 500, events: 20_000, feedMs: 60_000, timeLimitMs: 600_000, publishingWindowMs: 300_000 },
  quick: { agents: 8, events: 12, feedMs: 2_000, timeLimitMs: 60_000, publishingWindowMs: 20_000 },
};

function stormOf(sizes: Sizes): SyncScenario['buildWorkload'] {
  return (fixture, seed) =>
    generateAgentStormWorkload(fixture, {
      seed,
      events: sizes.events,
      feedMs: sizes.feedMs,
      duplicateRate: 0.1,
      outOfOrderRate: 0.05,
    });
}

function peak(mode: BenchMode): SyncScenario {
  const sizes = SIZES[mode];
  return {
    kind: 'sync',
    name: 'peak',
    summary: `${sizes.agents} agents, 15 trunks in 2 regions, ${sizes.events} events in ${sizes.feedMs / 1000} s (10% duplicates, 5% out of order), 3 trunks flapping, administrator at 15% of campaign writes, ap-southeast-1 latency, 300 requests/min per org`,
    fixture: { ...TOPOLOGY, agents: sizes.agents },
    requestsPerMinute: 300,
    faults: { latency: APAC_LATENCY },
    flapping: { trunks: 3, minDwellMs: 5_000, maxDwellMs: 20_000 },
    adminShareOfCampaignWrites: 0.15,
    timeLimitMs: sizes.timeLimitMs,
    buildWorkload: stormOf(sizes),
  };
}

function publishingWindow(mode: BenchMode): SyncScenario {
  const sizes = SIZES[mode];
  return {
    kind: 'sync',
    name: 'publishing-window',
    summary: `the peak's feed without flapping or administrator; 15% of writes answered 409 "concurrent modification" for ${sizes.publishingWindowMs / 1000} s from the first event`,
    fixture: { ...TOPOLOGY, agents: sizes.agents },
    requestsPerMinute: 300,
    faults: { latency: APAC_LATENCY },
    adminShareOfCampaignWrites: 0,
    publishingWindow: { rate: 0.15, durationMs: sizes.publishingWindowMs },
    timeLimitMs: sizes.timeLimitMs,
    buildWorkload: stormOf(sizes),
  };
}

const WEEKS = ['2026-11-23', '2026-11-30', '2026-12-07', '2026-12-14'];
const TIME_OFF_SCHEDULE_SIZES: Record<
  BenchMode,
  { agents: number; externalIds: number; agentsPerSchedule: number; feedMs: number; timeLimitMs: number }
> = {
  full: { agents: 400, externalIds: 150, agentsPerSchedule: 100, feedMs: 20_000, timeLimitMs: 300_000 },
  quick: { agents: 16, externalIds: 6, agentsPerSchedule: 4, feedMs: 2_000, timeLimitMs: 60_000 },
};

/**
 * Issue 6's storms in one publishing window: time-off (3 events per external id, some canceled) and four schedules
 * (2 events per agent), with lost create answers, an administrator re-saving requests, and another publisher moving
 * schedule versions; stale schedule updates fail at once or as "Error" operations at random. The budget is 600
 * requests/min so that the baselines' one upload per agent can finish within the limit at all.
 */
function timeOffSchedules(mode: BenchMode): SyncScenario {
  const sizes = TIME_OFF_SCHEDULE_SIZES[mode];
  const schedules = WEEKS.length;
  return {
    kind: 'sync',
    name: 'timeoff-schedules',
    summary: `${sizes.externalIds} time-off external ids × 3 events (15% canceled) and ${schedules} schedules × ${sizes.agentsPerSchedule} agents × 2 events in ${sizes.feedMs / 1000} s (10% duplicates, 5% out of order); 10% of create answers lost, an administrator re-saving requests (60/min), another publisher (30 publishes/min, 5% of agents), stale updates 409 or "Error" at random; ap-southeast-1 latency, 600 requests/min`,
    fixture: {
      orgs: 1,
      trunks: 2,
      agents: sizes.agents,
      managementUnitsPerOrg: 2,
      weekIds: WEEKS,
      regions: ['ap-southeast-1'],
    },
    requestsPerMinute: 600,
    faults: {
      latency: APAC_LATENCY,
      dropCreateResponseRate: 0.1,
      admin: { timeOffResavesPerMinute: 60 },
      scheduleStaleMode: 'random',
    },
    concurrentPublisher: { publishesPerMinute: 30, agentShare: 0.05 },
    adminShareOfCampaignWrites: 0,
    timeLimitMs: sizes.timeLimitMs,
    buildWorkload: (fixture, seed) =>
      generateTimeOffScheduleWorkload(fixture, {
        seed,
        feedMs: sizes.feedMs,
        timeOff: { externalIds: sizes.externalIds, eventsPerId: 3, cancelRate: 0.15 },
        schedules: { schedules, agentsPerSchedule: sizes.agentsPerSchedule, eventsPerAgent: 2 },
        duplicateRate: 0.1,
        outOfOrderRate: 0.05,
      }),
  };
}

/**
 * Each fixed-rate leg of the ingest scenario (the floor's, ingest's, and ingest's beside its traced twin) starts with
 * this long at its rate, not measured, at most a leg's length (decision 035). The leg before it left the server idle
 * for a leg's length, with the garbage of the saturating legs still uncollected; the major GC that catches up with it
 * in the first few hundred milliseconds of load held dozens of requests past 10 ms, and that start, not the steady
 * state, set the leg's p99.
 */
export function fixedRateWarmupS(phaseSeconds: number): number {
  return Math.min(2, phaseSeconds);
}

/** The ingest scenario's summary line, for its (possibly overridden) rounds and seconds per leg. */
export function ingestSummary(phaseSeconds: number, rounds: number): string {
  return `signed webhooks on loopback (autocannon), ${phaseSeconds} s per leg, ${rounds} round${rounds === 1 ? '' : 's'} of: a bare fastify POST handler (the floor), ingest with single events, ingest with batches of 100, the floor then ingest at 1,000 requests/s paced open loop (latency from each request's due time; the first ${fixedRateWarmupS(phaseSeconds)} s of each not measured); ingest's figures as ratios to the floor of the same round`;
}

/** `--rounds` and `--seconds` applied to the ingest scenario; other scenarios unchanged. */
export function withIngestOverrides(
  scenario: ScenarioDefinition,
  overrides: { rounds?: number | undefined; seconds?: number | undefined },
): ScenarioDefinition {
  if (scenario.kind !== 'ingest') return scenario;
  const phaseSeconds = overrides.seconds ?? scenario.phaseSeconds;
  const rounds = overrides.rounds ?? scenario.rounds;
  return { ...scenario, phaseSeconds, rounds, summary: ingestSummary(phaseSeconds, rounds) };
}

function ingest(mode: BenchMode): IngestScenario {
  const phaseSeconds = mode === 'full' ? 15 : 2;
  const rounds = mode === 'full' ? 3 : 1;
  return {
    kind: 'ingest',
    name: 'ingest',
    summary: ingestSummary(phaseSeconds, rounds),
    fixture: { ...TOPOLOGY, agents: 500 },
    phaseSeconds,
    rounds,
    connections: { single: 32, batch: 8, fixedRate: 32 },
    batchSize: 100,
    fixedRequestsPerSecond: 1_000,
  };
}

function soak(mode: BenchMode): SoakScenario {
  const events = mode === 'full' ? 1_000_000 : 20_000;
  // Quick: fewer agents, so that the rate-budget lower bound (changed keys / budget) fits well inside its 60 s.
  const agents = mode === 'full' ? 500 : 100;
  return {
    kind: 'soak',
    name: 'soak',
    summary: `${events.toLocaleString('en-US')} events in batches of 100 at 2,500 events/s into the whole pipeline (${agents} agents), sampling worker RSS and Redis memory`,
    fixture: { ...TOPOLOGY, agents },
    requestsPerMinute: 300,
    faults: { latency: APAC_LATENCY },
    events,
    eventsPerSecond: 2_500,
    batchSize: 100,
    sampleEveryMs: mode === 'full' ? 5_000 : 1_000,
    warmUpShare: 0.1,
    timeLimitMs: SIZES[mode].timeLimitMs,
  };
}

interface TenantSizes {
  orgs: number;
  agentsPerOrg: number;
  eventsPerAgent: number;
  /** Per org: time-off external ids, 3 events each (15% canceled). */
  timeOffIds: number;
  /** Per org: schedules (weeks of its business unit), and agents changed in each, 2 events each. */
  schedules: number;
  agentsPerSchedule: number;
  feedMs: number;
  timeLimitMs: number;
}
const TENANT_SIZES: Record<BenchMode, TenantSizes> = {
  full: {
    orgs: 50,
    agentsPerOrg: 100,
    eventsPerAgent: 4,
    timeOffIds: 10,
    schedules: 2,
    agentsPerSchedule: 25,
    feedMs: 60_000,
    timeLimitMs: 600_000,
  },
  quick: {
    orgs: 6,
    agentsPerOrg: 10,
    eventsPerAgent: 3,
    timeOffIds: 2,
    schedules: 1,
    agentsPerSchedule: 4,
    feedMs: 3_000,
    timeLimitMs: 120_000,
  },
};

/**
 * Issue 20's scale figure: many orgs in 3 regions, 2 workers per region, each org with its own budget. Every org
 * gets mixed traffic: the agent storm (agent capacity changes and the campaign pacing they drive) and its own
 * time-off and schedule storm, 10% duplicates, 5% out of order. The lower bound is the slowest org's changed write
 * units over its own budget (budgets run in parallel), one request per unit: what it does not count is said in the
 * summary.
 */
function tenants(mode: BenchMode): SyncScenario {
  const sizes = TENANT_SIZES[mode];
  const agents = sizes.orgs * sizes.agentsPerOrg;
  const agentEvents = agents * sizes.eventsPerAgent;
  const weekIds = WEEKS.slice(0, sizes.schedules);
  return {
    kind: 'sync',
    name: 'tenants',
    summary: `${sizes.orgs} orgs × ${sizes.agentsPerOrg} agents in 3 regions (2 workers per region), mixed traffic in ${sizes.feedMs / 1000} s: ${agentEvents} agent capacity events and the campaign pacing they drive, and per org ${sizes.timeOffIds} time-off external ids × 3 events (15% canceled) and ${sizes.schedules} schedule${sizes.schedules === 1 ? '' : 's'} × ${sizes.agentsPerSchedule} agents × 2 events (10% duplicates, 5% out of order); 20 ms latency, 300 requests/min per org. Lower bound: the slowest org's changed write units (an agent, a campaign, a time-off id, a schedule with all its agents) × one request each over its own budget — a floor, since a time-off change costs at least a query and a write and a schedule update a read, an upload URL, the upload and the update`,
    fixture: {
      orgs: sizes.orgs,
      trunks: sizes.orgs * 3,
      agents,
      managementUnitsPerOrg: 2,
      weekIds,
      regions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
    },
    requestsPerMinute: 300,
    faults: { latency: { p50Ms: 20, p99Ms: 80 } },
    adminShareOfCampaignWrites: 0,
    timeLimitMs: sizes.timeLimitMs,
    workersPerRegion: 2,
    buildWorkload: (fixture, seed) =>
      generateTenantMixWorkload(fixture, {
        seed,
        feedMs: sizes.feedMs,
        agentEvents,
        timeOff: { externalIds: sizes.timeOffIds, eventsPerId: 3, cancelRate: 0.15 },
        schedules: {
          schedules: sizes.schedules,
          agentsPerSchedule: sizes.agentsPerSchedule,
          eventsPerAgent: 2,
        },
        duplicateRate: 0.1,
        outOfOrderRate: 0.05,
      }),
  };
}

const BUILDERS: Record<ScenarioName, (mode: BenchMode) => ScenarioDefinition> = {
  peak,
  'publishing-window': publishingWindow,
  'timeoff-schedules': timeOffSchedules,
  ingest,
  soak,
  tenants,
};

/** A scenario by name; `requestsPerMinute` replaces the budget of every org (the ingest scenario has none). */
export function scenarioFor(
  name: ScenarioName,
  mode: BenchMode,
  requestsPerMinute?: number,
): ScenarioDefinition {
  const scenario = BUILDERS[name](mode);
  if (requestsPerMinute === undefined || scenario.kind === 'ingest') return scenario;
  return {
    ...scenario,
    requestsPerMinute,
    summary: `${scenario.summary}; budget set to ${requestsPerMinute} requests/min by --requests-per-minute`,
  };
}

/**
 * Issue 17's noisy neighbour (docs/decisions/025): `orgs` orgs in ap-southeast-1, each with its own budget. Org A (the
 * first) receives changes at `stormFactor` × its budget for `feedSeconds` s, spread over agents (whose availability
 * drives campaign pacing), time-off and schedules; every other org receives one change per second of each kind,
 * each on a key of its own so that each change's lag (webhook accepted → applied in gc-sim) can be seen. One run is
 * two legs on fresh stacks: the quiet orgs alone, then beside A's storm. Runs with its own command
 * (`npm run bench:noisy-neighbor`), as its figures are ratios between legs, not strategies side by side.
 */
export interface NoisyNeighborScenario {
  kind: 'noisy-neighbor';
  name: 'noisy-neighbor';
  summary: string;
  orgs: number;
  agentsPerOrg: number;
  requestsPerMinute: number;
  stormFactor: number;
  feedSeconds: number;
  /** A's keys (few, changed again and again, as a re-plan does): agents, time-off ids, schedule agents. */
  stormKeys: { agents: number; timeOffIds: number; scheduleAgents: number };
  faults: FaultProfileInput;
  /** After the feed, for the quiet orgs' last changes and A's convergence. */
  timeLimitMs: number;
}

export function noisyNeighbor(options: { orgs: number; feedSeconds: number }): NoisyNeighborScenario {
  const requestsPerMinute = 600;
  const stormFactor = 10;
  return {
    kind: 'noisy-neighbor',
    name: 'noisy-neighbor',
    summary: `${options.orgs} orgs in ap-southeast-1 at ${requestsPerMinute} requests/min each; org A: ${stormFactor}× its budget in changes for ${options.feedSeconds} s over agents (campaign pacing), time-off and schedules; every other org: 1 change/s of each kind; ap-southeast-1 latency`,
    orgs: options.orgs,
    agentsPerOrg: Math.max(60, options.feedSeconds + 20),
    requestsPerMinute,
    stormFactor,
    feedSeconds: options.feedSeconds,
    stormKeys: { agents: 40, timeOffIds: 20, scheduleAgents: 20 },
    faults: { latency: APAC_LATENCY },
    timeLimitMs: 180_000,
  };
}
