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
    // Off again: nothing moves any more. The administrator's campaign edits, started at the same rate by the same
    // background timers, are the clock: after five of them the publisher would have published about as often.
    const campaignEdits = () =>
      org.campaigns.reduce((sum, c) => sum + Number(sim.sim.admin.campaign(org.id, c.id)?.version ?? 0), 0);
    const editsBefore = campaignEdits();
    sim.sim.admin.updateFaults({
      concurrentPublisher: { publishesPerMinute: 0 },
      admin: { ...sim.sim.admin.faults().admin, campaignEditsPerMinute: 1200 },
    });
    const settled = versionOf();
    await waitFor(() => campaignEdits() >= editsBefore + 5, { timeoutMs: 5_000, what: 'five admin edits' });
    expect(versionOf()).toBe(settled);
    expect(sim.sim.admin.violations().concurrentScheduleUpdates).toBe(0);
  });
});
