import type { FaultProfileInput, SimFixture } from '@wfm-sync/gc-sim';
import type { SyncFigures } from '../figures/types.js';
import type { SyncScenario } from '../scenarios/catalog.js';
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

/** A peak-like scenario: the seeded workload on its schedule, the publishing window, flapping that ends with the feed. */
export function runSyncScenario(
  ctx: BenchContext,
  scenario: SyncScenario,
  strategy: Strategy,
  fixture: SimFixture,
  workload: Workload,
): Promise<SyncFigures> {
  const window = scenario.publishingWindow;
  return measureSyncRun(
    ctx,
    {
      scenario: scenario.name,
      fixture,
      faults: faultsOf(scenario, fixture),
      requestsPerMinute: scenario.requestsPerMinute,
      timeLimitMs: scenario.timeLimitMs,
      deliveries: workload.deliveries.length,
      expectations: workload.expectations,
      adminShareOfCampaignWrites: scenario.adminShareOfCampaignWrites,
      ...(window
        ? {
            beforeFeed: (sim) =>
              sim.patchFaults({
                concurrentModification: { rate: window.rate, untilMs: Date.now() + window.durationMs },
              }),
          }
        : {}),
      feed: (run) => feed(workload.deliveries, (events) => run.deliver(events), { tickMs: FEED_TICK_MS }),
      // The storm is over: flapping trunks settle healthy, so that "converged" means the same for every strategy.
      ...(scenario.flapping ? { afterFeed: (sim) => sim.patchFaults({ flapping: { trunkIds: [] } }) } : {}),
    },
    strategy,
  );
}
