import { waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { useSims } from './helpers.js';

describe('concurrentPublisher fault: another publisher in the publishing window', () => {
  const start = useSims();

  it('publishes schedules again inside Genesys, moving the schedule version, and stops when switched off', async () => {
    const sim = await start({ faults: { concurrentPublisher: { publishesPerMinute: 1200, agentShare: 1 } } });
    const org = sim.sim.fixture.orgs[0]!;
    const bu = org.businessUnits[0]!;
    const { weekId, scheduleId } = bu.schedules[0]!;
    const versionOf = () =>
      (sim.sim.admin.schedule(org.id, bu.id, weekId, scheduleId) as { metadata: { version: number } })
        .metadata.version;
    const before = versionOf();
    await waitFor(() => versionOf() > before, { timeoutMs: 5_000, what: 'the schedule published again' });
    // Off again: nothing moves any more.
    sim.sim.admin.updateFaults({ concurrentPublisher: { publishesPerMinute: 0 } });
    const settled = versionOf();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(versionOf()).toBe(settled);
    expect(sim.sim.admin.violations().concurrentScheduleUpdates).toBe(0);
  });
});
