import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WfmEvent } from '@wfm-sync/domain';
import {
  generateAgentStorm,
  generateScheduleStorm,
  generateTimeOffStorm,
  startStack,
  WebhookSender,
  writeTopologyFile,
} from '@wfm-sync/local-stack';
import { generateFixture, type SimFixture } from '@wfm-sync/local-stack/gc-sim';
import type { Logger } from '@wfm-sync/observability';
import type { NoisyNeighborScenario } from '../scenarios/catalog.js';
import type { SimAdminClient, SimRequest, SimStateReader } from '../sim/sim-admin-client.js';
import { startSimProcess } from '../sim/sim-process.js';
import { BENCH_WEBHOOK_SECRET } from '../strategies/wfm-sync.js';
import { agentExpectation } from '../workload/expectations.js';
import { scheduleAgentExpectation, timeOffExpectation } from '../workload/timeoff-schedule-expectations.js';
import type { Expectation } from '../workload/types.js';
import type { ChangeLag, NoisyKind } from './lag-figures.js';

const REGION = 'ap-southeast-1';
const TICK_MS = 100;
const POLL_MS = 100;
/** Events per webhook of the storming org. */
const STORM_BATCH = 50;

export interface LegOptions {
  redisUrl: string;
  logDir: string;
  logger: Logger;
  seed: number;
  label: string;
  /** With org A storming, or with A quiet (sending nothing). */
  storm: boolean;
}

export interface LegResult {
  lags: ChangeLag[];
  /** Storm legs: A's convergence (feed start → every key of A applied), s; undefined when not reached in time. */
  stormConvergenceS?: number | undefined;
  /** Storm legs: A's changed keys ÷ its budget, and never less than the feed itself, s. */
  stormLowerBoundS?: number;
  stormEvents?: number;
  webhooksRefused: number;
  /** The slowest quiet agent change and every gc-sim request of its org meanwhile: what a p99 was made of. */
  slowestAgent?: SlowestAgentChange;
}

export interface SlowestAgentChange {
  orgId: string;
  userId: string;
  lagMs: number;
  /** The org's requests answered between the change's acceptance and its PUT's answer, ms from acceptance. */
  requests: { method: string; path: string; status: number; sentMs: number; durationMs: number }[];
}

interface QuietChange {
  orgId: string;
  kind: NoisyKind;
  event: WfmEvent;
  expectation: Expectation;
  lag?: ChangeLag;
}

function oneOrg(fixture: SimFixture, index: number): SimFixture {
  return { ...fixture, orgs: [fixture.orgs[index]!] };
}

const calm = { duplicateRate: 0, outOfOrderRate: 0 };

/** One change per second of each kind for a quiet org, each on a key of its own. */
function quietChanges(fixture: SimFixture, index: number, seconds: number, seed: number): QuietChange[][] {
  const org = oneOrg(fixture, index);
  const orgId = fixture.orgs[index]!.id;
  const agents = generateAgentStorm(org, { seed, agents: seconds, eventsPerAgent: 1, ...calm }).deliveries;
  const timeOff = generateTimeOffStorm(org, {
    seed,
    externalIds: seconds,
    eventsPerId: 1,
    cancelRate: 0,
    ...calm,
  }).deliveries;
  const schedules = generateScheduleStorm(org, {
    seed,
    schedules: 1,
    agentsPerSchedule: seconds,
    eventsPerAgent: 1,
  }).deliveries;
  return Array.from({ length: seconds }, (_, s) =>
    [agents[s], timeOff[s], schedules[s]].flatMap((event): QuietChange[] => {
      if (!event) return [];
      if (event.type === 'agent.capacity.updated')
        return [{ orgId, kind: 'agent', event, expectation: agentExpectation(orgId, event.data) }];
      if (event.type === 'timeoff.upserted')
        return [{ orgId, kind: 'timeoff', event, expectation: timeOffExpectation(orgId, event.data) }];
      if (event.type === 'schedule.agent.updated')
        return [{ orgId, kind: 'schedule', event, expectation: scheduleAgentExpectation(orgId, event.data) }];
      return [];
    }),
  );
}

/** A's storm: `total` changes over few keys, a third per kind, in the order a re-plan sends them. */
function stormOf(scenario: NoisyNeighborScenario, fixture: SimFixture, seed: number, total: number) {
  const org = oneOrg(fixture, 0);
  const perKind = Math.ceil(total / 3);
  const { agents, timeOffIds, scheduleAgents } = scenario.stormKeys;
  const events = [
    generateAgentStorm(org, { seed, agents, eventsPerAgent: Math.ceil(perKind / agents), ...calm })
      .deliveries,
    generateTimeOffStorm(org, {
      seed,
      externalIds: timeOffIds,
      eventsPerId: Math.ceil(perKind / timeOffIds),
      cancelRate: 0,
      ...calm,
    }).deliveries,
    generateScheduleStorm(org, {
      seed,
      schedules: 1,
      agentsPerSchedule: scheduleAgents,
      eventsPerAgent: Math.ceil(perKind / scheduleAgents),
    }).deliveries,
  ].map((list) => list.slice(0, perKind));
  // Interleave the kinds, as one WFM system re-planning everything at once would send them.
  const feed: WfmEvent[] = [];
  for (let i = 0; i < perKind; i++) for (const list of events) if (list[i]) feed.push(list[i]!);
  const finals = new Map<string, Expectation>();
  const orgId = fixture.orgs[0]!.id;
  for (const event of feed) {
    if (event.type === 'agent.capacity.updated')
      finals.set(`agent:${event.data.userId}`, agentExpectation(orgId, event.data));
    else if (event.type === 'timeoff.upserted')
      finals.set(`timeoff:${event.data.externalId}`, timeOffExpectation(orgId, event.data));
    else if (event.type === 'schedule.agent.updated')
      finals.set(`schedule:${event.data.userId}`, scheduleAgentExpectation(orgId, event.data));
  }
  // One schedule upload brings all of its agents in step: the lower bound counts it once.
  const units = new Set([...finals.values()].map((e) => e.writeUnit ?? `${e.kind}:${e.label}`)).size;
  return { feed, finals: [...finals.values()], units };
}

async function allMatch(sim: SimStateReader, expectations: readonly Expectation[]): Promise<boolean> {
  for (const e of expectations) if (!(await e.matches(sim))) return false;
  return true;
}

/** One leg on a fresh simulator and stack: the quiet orgs' changes, and A's storm if `storm`. */
export async function runLeg(scenario: NoisyNeighborScenario, options: LegOptions): Promise<LegResult> {
  const dir = join(options.logDir, options.label);
  mkdirSync(dir, { recursive: true });
  const fixture = generateFixture({
    seed: options.seed,
    orgs: scenario.orgs,
    trunks: 2 * scenario.orgs,
    agents: scenario.agentsPerOrg * scenario.orgs,
    managementUnitsPerOrg: 1,
    weekIds: ['2026-11-23'],
    regions: [REGION],
  });
  const sim = await startSimProcess({
    label: options.label,
    fixture,
    faults: scenario.faults,
    seed: options.seed,
    requestsPerMinute: scenario.requestsPerMinute,
    logDir: dir,
  });
  try {
    const { topologyFile, env } = writeTopologyFile(fixture, dir, {
      baseUrl: sim.url,
      requestsPerMinute: scenario.requestsPerMinute,
    });
    const stack = await startStack({
      redisUrl: options.redisUrl,
      prefix: `nn-${options.label}-${Date.now()}`,
      topologyFile,
      env,
      webhookSecret: BENCH_WEBHOOK_SECRET,
      logDir: dir,
      logLevel: 'warn',
      workers: [{ region: REGION }],
    });
    try {
      return await feedAndMeasure(scenario, options, fixture, sim.admin, stack.ingestUrl);
    } finally {
      await stack.stop();
    }
  } finally {
    await sim.stop();
  }
}

async function feedAndMeasure(
  scenario: NoisyNeighborScenario,
  options: LegOptions,
  fixture: SimFixture,
  sim: SimAdminClient,
  ingestUrl: string,
): Promise<LegResult> {
  const sender = new WebhookSender(`${ingestUrl}/v1/webhooks/wfm`, BENCH_WEBHOOK_SECRET);
  const seconds = scenario.feedSeconds;
  const quiet = fixture.orgs
    .slice(1)
    .map((_, i) => quietChanges(fixture, i + 1, seconds, options.seed * 100 + i + 1));
  const stormTotal = options.storm
    ? Math.round(((scenario.stormFactor * scenario.requestsPerMinute) / 60) * seconds)
    : 0;
  const storm = options.storm ? stormOf(scenario, fixture, options.seed * 100, stormTotal) : undefined;

  const sends: Promise<void>[] = [];
  const pending = new Set<QuietChange>();
  const all: QuietChange[] = [];
  let refused = 0;
  const deliverQuiet = (change: QuietChange) => {
    all.push(change);
    sends.push(
      sender.send([change.event]).then((result) => {
        if (result.status !== 202) {
          refused++;
          return;
        }
        change.lag = { orgId: change.orgId, kind: change.kind, acceptedAt: Date.now(), appliedAt: undefined };
        pending.add(change);
      }),
    );
  };

  let polling = true;
  const poller = (async () => {
    while (polling || pending.size > 0) {
      await Promise.all(
        [...pending].map(async (change) => {
          if (await change.expectation.matches(sim).catch(() => false)) {
            change.lag!.appliedAt = Date.now();
            pending.delete(change);
          }
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();

  const started = Date.now();
  let stormSent = 0;
  const feedMs = seconds * 1000;
  for (let tick = 0; ; tick++) {
    const at = tick * TICK_MS;
    if (at > feedMs) break;
    const wait = started + at - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (tick % (1000 / TICK_MS) === 0 && at < feedMs) {
      const second = at / 1000;
      for (const org of quiet) for (const change of org[second] ?? []) deliverQuiet(change);
    }
    if (storm) {
      const due = Math.min(storm.feed.length, Math.round((storm.feed.length * at) / feedMs));
      for (let i = stormSent; i < due; i += STORM_BATCH) {
        const batch = storm.feed.slice(i, Math.min(due, i + STORM_BATCH));
        sends.push(
          sender.send(batch).then((result) => {
            if (result.status !== 202) refused++;
          }),
        );
      }
      stormSent = Math.max(stormSent, due);
    }
  }
  await Promise.all(sends);
  const deadline = Date.now() + scenario.timeLimitMs;
  const waitUntil = async (done: () => boolean | Promise<boolean>, everyMs: number) => {
    while (!(await done()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, everyMs));
  };
  await waitUntil(() => pending.size === 0, POLL_MS);
  polling = false;
  pending.clear();
  await poller;

  const entries = await refineAgentLags(sim, all);
  const result: LegResult = {
    lags: all.flatMap((c) => (c.lag ? [c.lag] : [])),
    webhooksRefused: refused,
    slowestAgent: slowestAgentChange(all, entries),
  };
  if (storm) {
    let convergedAt: number | undefined;
    await waitUntil(async () => {
      if (await allMatch(sim, storm.finals)) convergedAt = Date.now();
      return convergedAt !== undefined;
    }, 500);
    result.stormConvergenceS = convergedAt === undefined ? undefined : (convergedAt - started) / 1000;
    result.stormLowerBoundS = Math.max(seconds, (storm.units * 60) / scenario.requestsPerMinute);
    result.stormEvents = storm.feed.length;
  }
  options.logger.info(
    { leg: options.label, changes: result.lags.length, refused, convergenceS: result.stormConvergenceS },
    'noisy-neighbor leg done',
  );
  return result;
}

/**
 * An agent change is one PUT: its lag ends when gc-sim answered that PUT (from gc-sim's request log), not when the
 * bench's poll, slowed by the storm it feeds, happened to see it. Time-off and schedules take several requests and
 * keep the poll's time.
 */
async function refineAgentLags(sim: SimAdminClient, changes: readonly QuietChange[]): Promise<SimRequest[]> {
  const entries: SimRequest[] = [];
  for (let since = 0; ; ) {
    const page = await sim.requests(since);
    entries.push(...page.entries);
    if (page.entries.length === 0 || page.nextSince === since) break;
    since = page.nextSince;
  }
  const puts = new Map<string, SimRequest[]>();
  for (const r of entries) {
    if (r.method !== 'PUT' || r.status < 200 || r.status > 299 || !r.path.endsWith('/utilization')) continue;
    const userId = /\/users\/([^/]+)\/utilization$/.exec(r.path)?.[1];
    if (userId === undefined) continue;
    const key = `${r.orgId}\n${decodeURIComponent(userId)}`;
    puts.set(key, [...(puts.get(key) ?? []), r]);
  }
  for (const change of changes) {
    const lag = change.lag;
    if (!lag || lag.appliedAt === undefined || change.event.type !== 'agent.capacity.updated') continue;
    const answered = (puts.get(`${change.orgId}\n${change.event.data.userId}`) ?? [])
      .map((r) => r.at + r.durationMs)
      .filter((end) => end >= lag.acceptedAt && end <= lag.appliedAt!);
    if (answered.length > 0) lag.appliedAt = Math.min(...answered);
  }
  return entries;
}

function slowestAgentChange(
  changes: readonly QuietChange[],
  entries: readonly SimRequest[],
): SlowestAgentChange | undefined {
  let slowest: { change: QuietChange; lagMs: number } | undefined;
  for (const change of changes) {
    const lag = change.lag;
    if (!lag || lag.appliedAt === undefined || change.event.type !== 'agent.capacity.updated') continue;
    const lagMs = lag.appliedAt - lag.acceptedAt;
    if (!slowest || lagMs > slowest.lagMs) slowest = { change, lagMs };
  }
  if (!slowest?.change.lag || slowest.change.event.type !== 'agent.capacity.updated') return undefined;
  const { acceptedAt, appliedAt = acceptedAt } = slowest.change.lag;
  return {
    orgId: slowest.change.orgId,
    userId: slowest.change.event.data.userId,
    lagMs: slowest.lagMs,
    requests: entries
      .filter(
        (r) => r.orgId === slowest.change.orgId && r.at + r.durationMs >= acceptedAt && r.at <= appliedAt,
      )
      .map((r) => ({
        method: r.method,
        path: r.path,
        status: r.status,
        sentMs: Math.round(r.at - acceptedAt),
        durationMs: Math.round(r.durationMs),
      })),
  };
}
