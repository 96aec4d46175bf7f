import { computeGroupPacing } from '@wfm-sync/domain';
import { waitFor } from '@wfm-sync/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentEvent, type CliStack, startCliStack } from './support/cli-stack.js';

describe('wfm-sync plan on a seeded gc-sim org', () => {
  let s: CliStack;
  let agents: ReturnType<CliStack['agent']>[];
  let offlineTrunk: string;

  beforeAll(async () => {
    s = await startCliStack({ agents: 6, trunks: 3 });
    agents = [0, 1, 2, 3].map((i) => s.agent(i, 3));
    offlineTrunk = agents[1]!.trunkId;
    s.sim.sim.admin.setTrunkHealth(s.orgId, offlineTrunk, 'offline');
    // Desired states recorded as ingest would; no worker has run.
    await s.recorder.record(agents.map((data) => agentEvent(s.orgId, data, 1)));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('prints the diff, the parked agents and the totals, and exits 2', async () => {
    const run = await s.run(['plan', s.orgId]);
    expect(run.code).toBe(2);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`org ${s.orgId} (live)`);
    for (const agent of agents) {
      if (agent.trunkId === offlineTrunk) {
        expect(lines).toContainEqual(
          expect.stringMatching(
            new RegExp(`^agent ${agent.userId}  parked: ${offlineTrunk} offline since \\d{4}-`),
          ),
        );
      } else {
        expect(lines).toContain(
          `agent ${agent.userId}  call.maximumCapacity 1 → 3, chat.maximumCapacity 4 → 2  (first-sync)`,
        );
      }
    }
    const expectedCampaignLines = expectedCampaigns();
    expect(expectedCampaignLines.some((c) => c.current !== c.desired)).toBe(true);
    for (const { campaignId, current, desired } of expectedCampaignLines) {
      const line = lines.find((l) => l.startsWith(`campaign ${campaignId}  `));
      if (current === desired) expect(line).toBeUndefined();
      else {
        expect(line).toContain(`outboundLineCount ${current} → ${desired}  (first-sync; group `);
        expect(line).toContain(`${offlineTrunk} offline`);
      }
    }
    const parked = agents.filter((a) => a.trunkId === offlineTrunk).length;
    const writes =
      agents.length - parked + expectedCampaignLines.filter((c) => c.current !== c.desired).length;
    expect(run.stdout).toContain(
      `\n${writes} writes would be made (${writes} keys), 0 in step, ${parked} parked, 0 failed\n`,
    );
    expect(run.stderr).toContain(`planned keys ${agents.length + expectedCampaignLines.length}/`);
    expect(s.sim.sim.admin.requestLog().filter((r) => r.stateChanging)).toEqual([]);
  });

  it('--json for scripts and --kind for one kind; a kind that is not planned is a usage error', async () => {
    const json = await s.run(['plan', s.orgId, '--json', '--kind', 'agent']);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(report.plans.map((p: { key: { kind: string } }) => p.key.kind)).toEqual(agents.map(() => 'agent'));
    expect(report.totals).toMatchObject({ keys: agents.length, failed: 0 });

    const trunk = await s.run(['plan', s.orgId, '--kind', 'trunk']);
    expect(trunk.code).toBe(2);
    expect(trunk.stderr).toContain('unknown kind "trunk": one of agent, campaign, timeoff, schedule');
    expect((await s.run(['plan', 'nope'])).code).toBe(2);
  });

  it('exits 0 once a live worker has converged', async () => {
    await s.startWorker();
    for (const agent of agents.filter((a) => a.trunkId !== offlineTrunk)) {
      await waitFor(
        () => s.sim.sim.admin.utilization(s.orgId, agent.userId)?.utilization.call?.maximumCapacity === 3,
        { what: `agent ${agent.userId} applied` },
      );
    }
    await waitFor(
      () =>
        expectedCampaigns().every(
          (c) => s.sim.sim.admin.campaign(s.orgId, c.campaignId)?.outboundLineCount === c.desired,
        ),
      { what: 'campaigns paced' },
    );
    const run = await s.run(['plan', s.orgId]);
    expect(run.stdout).toContain('0 writes would be made (0 keys)');
    expect(run.code).toBe(0);
  });

  /** What pacing must give each campaign of a group with agents: the formula, with the offline trunk at 0. */
  function expectedCampaigns(): { campaignId: string; current: number; desired: number }[] {
    const result: { campaignId: string; current: number; desired: number }[] = [];
    for (const group of s.topology.topology.routingGroups) {
      const members = agents.filter((a) => a.routingGroupId === group.id);
      if (members.length === 0) continue;
      const trunks = group.trunkIds.map((id) => ({
        id,
        maxConcurrentCalls: s.topology.trunk(s.orgId, id)!.maxConcurrentCalls,
      }));
      const pacing = computeGroupPacing(
        { ...group, trunks },
        members.map((a) => ({ trunkId: a.trunkId, available: a.available, callCapacity: 3 })),
        (id) => (id === offlineTrunk ? 'offline' : 'healthy'),
      );
      for (const campaignId of group.campaignIds) {
        const initial =
          initialLines.get(campaignId) ??
          (s.sim.sim.admin.campaign(s.orgId, campaignId)?.outboundLineCount as number);
        initialLines.set(campaignId, initial);
        result.push({ campaignId, current: initial, desired: pacing.shares.get(campaignId) ?? pacing.lines });
      }
    }
    return result;
  }
  const initialLines = new Map<string, number>();
});
