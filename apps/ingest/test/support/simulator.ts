import { type RunningSim, startSim } from '@wfm-sync/gc-sim';
import { expect } from 'vitest';
import type { CapacityEvent } from './events.js';
import { type TestTopology, testFixture, testTopology } from './topology.js';

export interface SimulatedGenesys {
  sim: RunningSim;
  /** The topology that points every org at the simulator. */
  topology: TestTopology;
}

export async function startSimulatedGenesys(): Promise<SimulatedGenesys> {
  const fixture = testFixture();
  const sim = await startSim({ fixture, faults: {}, requestsPerMinute: 6000 });
  return { sim, topology: testTopology(fixture, sim.url) };
}

/** True once the agent's utilization in the simulator carries every media type of the event, as sent. */
export function utilizationApplied({ sim }: SimulatedGenesys, event: CapacityEvent): boolean {
  const actual = sim.sim.admin.utilization(event.orgId, event.data.userId);
  if (actual?.level !== 'Agent') return false;
  return Object.entries(event.data.utilization).every(
    ([media, wanted]) =>
      actual.utilization[media as keyof typeof actual.utilization]?.maximumCapacity ===
      wanted?.maximumCapacity,
  );
}

export function expectUtilizationApplied(genesys: SimulatedGenesys, event: CapacityEvent): void {
  const actual = genesys.sim.sim.admin.utilization(event.orgId, event.data.userId);
  expect(actual?.utilization).toMatchObject(event.data.utilization);
}
