import type { FaultProfileInput, SimFixture } from '@wfm-sync/local-stack/gc-sim';
import type { SyncFigures } from '../figures/types.js';
import type { SyncScenario } from '../scenarios/catalog.js';
import type { SimAdminClient } from '../sim/sim-admin-client.js';
import type { Strategy } from '../strategies/types.js';
import type { Workload } from '../workload/types.js';
import type { BenchContext } from './bench-context.js';
import { feed } from './feeder.js';
import { measureSyncRun } from './measure-sync-run.js';

/** Deliveries due within this window go out together (one webhook for wfm-sync). */
const FEED_TICK_MS = 50;

function faultsOf(scenario: SyncScenario, fixture: SimFixture): FaultProfileInput {
  if (!scenario.flapping) return scenario.faults;
  const org = fixture.orgs[0];
  const trunkIds = (org?.trunks ?? []).slice(0, scenario.flapping.trunks).map((t) => `${org?.id}/${t.id}`);
  return {
    ...scenario.faults,
    flapping: {
      trunkIds,
      minDwellMs: scenario.flapping.minDwellMs,
      maxDwellMs: scenario.flapping.maxDwellMs,
    },
  };
}

/** The faults that hold from the first event on: the publishing window's 409s, the other publisher. */
function duringFeed(scenario: SyncScenario): Record<string, unknown> {
  const window = scenario.publishingWindow;
  return {
    ...(window
      ? { concurrentModification: { rate: window.rate, untilMs: Date.now() + window.durationMs } }
      : {}),
    ...(scenario.concurrentPublisher ? { concurrentPublisher: scenario.concurrentPublisher } : {}),
  };
}

/** The end of the storm: flapping trunks settle healthy and the other publisher stops, the same for every strategy. */
function afterFeed(scenario: SyncScenario): Record<string, unknown> {
  return {
    ...(scenario.flapping ? { flapping: { trunkIds: [] } } : {}),
    ...(scenario.concurrentPublisher ? { concurrentPublisher: { publishesPerMinute: 0 } } : {}),
  };
}

/** A sync scenario: the seeded workload on its schedule, with the faults of the storm during the feed only. */
export function runSyncScenario(
  ctx: BenchContext,
  scenario: SyncScenario,
  strategy: Strategy,
  fixture: SimFixture,
  workload: Workload,
): Promise<SyncFigures> {
  const patchIfAny = (sim: SimAdminClient, changes: Record<string, unknown>) =>
    Object.keys(changes).length > 0 ? sim.patchFaults(changes) : Promise.resolve();
  return measureSyncRun(
    ctx,
    {
      scenario: scenario.name,
      fixture,
      faults: faultsOf(scenario, fixture),
      requestsPerMinute: scenario.requestsPerMinute,
      timeLimitMs: scenario.timeLimitMs,
      workersPerRegion: scenario.workersPerRegion,
      deliveries: workload.deliveries.length,
      feedMs: workload.deliveries.at(-1)?.atMs ?? 0,
      expectations: workload.expectations,
      adminShareOfCampaignWrites: scenario.adminShareOfCampaignWrites,
      beforeFeed: (sim) => patchIfAny(sim, duringFeed(scenario)),
      feed: (run) => feed(workload.deliveries, (events) => run.deliver(events), { tickMs: FEED_TICK_MS }),
      afterFeed: (sim) => patchIfAny(sim, afterFeed(scenario)),
    },
    strategy,
  );
}
