import { generateFixture, type SimFixture } from '@wfm-sync/gc-sim';
import { generateAgentStorm } from '@wfm-sync/local-stack';
import { waitFor } from '@wfm-sync/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from './support/cli-stack.js';
import { processStackLifecycle } from './support/process-stack.js';

const MEDIA = ['call', 'chat', 'email'] as const;

describe('an org held by Genesys: a spent quota, a refused client; the other org is unaffected', () => {
  const lifecycle = processStackLifecycle('org-holds');
  afterAll(() => lifecycle.stop());

  it('holds the org without retries or dead letters, says why, and resumes when the client works again', async () => {
    const fixture: SimFixture = generateFixture({
      seed: 31,
      orgs: 2,
      trunks: 2,
      agents: 20,
      regions: ['ap-southeast-1'],
    });
    const [held, other] = fixture.orgs as [SimFixture['orgs'][0], SimFixture['orgs'][0]];
    const {
      sim,
      sender,
      cliEnv,
      latestDecision: decisionOf,
    } = await lifecycle.start({
      fixture,
      seed: 31,
      faults: { quotaSpent: { [held.id]: { retryAfterS: 3_600 } } },
    });
    const admin = sim.sim.admin;
    const latestDecision = (orgId: string, id: string) => decisionOf(orgId, 'agent', id);
    const storm = generateAgentStorm(fixture, {
      seed: 31,
      agents: 40,
      eventsPerAgent: 2,
      duplicateRate: 0,
      outOfOrderRate: 0,
    });
    const agentsOf = (orgId: string) => [...storm.expected].filter(([, e]) => e.orgId === orgId);
    const inStep = (orgId: string) =>
      agentsOf(orgId).every(([userId, { data }]) => {
        const actual = admin.utilization(orgId, userId)?.utilization;
        return MEDIA.every((m) => actual?.[m]?.maximumCapacity === data.utilization[m]?.maximumCapacity);
      });
    const allHeld = async (orgId: string, reason: string) => {
      for (const [userId] of agentsOf(orgId)) {
        const decision = await latestDecision(orgId, userId);
        if (decision?.outcome !== 'held' || decision.reason !== reason) return false;
      }
      return true;
    };
    const status = async () =>
      JSON.parse((await runCaptured(['status', '--json'], cliEnv)).stdout) as {
        orgs: { orgId: string; holds: { reason: string; until?: number; detail: string }[] }[];
        regions: { deadLetters: number }[];
      };
    expect(agentsOf(held.id).length).toBeGreaterThan(0);
    expect(agentsOf(other.id).length).toBeGreaterThan(0);

    // 1. A spent quota (Retry-After one hour): the org is held until then; the other org converges.
    expect(
      (await sender.sendAll(storm.deliveries, { batchSize: 20, concurrency: 4 })).filter((s) => s !== 202),
    ).toEqual([]);
    await waitFor(() => inStep(other.id), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: 'the other org converged',
    });
    await waitFor(() => allHeld(held.id, 'org-quota-spent'), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: 'every key of the spent org held',
    });
    const spent = (await status()).orgs.find((o) => o.orgId === held.id)!;
    expect(spent.holds).toMatchObject([{ reason: 'quota-spent' }]);
    expect(spent.holds[0]!.until! - Date.now()).toBeGreaterThan(3_000_000);
    expect((await status()).regions.reduce((n, r) => n + r.deadLetters, 0)).toBe(0);
    const sentToHeld = admin
      .requestLog()
      .filter((r) => r.orgId === held.id && r.path.startsWith('/api/')).length;
    expect(sentToHeld).toBeLessThanOrEqual(8); // the first answers (one per worker slot at most), then nothing
    expect(admin.violations()).toMatchObject({ requestsDuringRetryAfter: 0 });

    // 2. The quota is given back, but the client is revoked: lifting the quota by hand (the runbook) leads to a
    // refused client, held the same way with its reason; restoring the client resumes the org on the re-check.
    admin.updateFaults({ quotaSpent: {}, revokedClients: [held.id] });
    const resumed = await runCaptured(['org', 'resume', held.id, '--quota', '--actor', 'test'], cliEnv);
    expect(resumed.stdout, resumed.stderr).toMatch(/resumed: \d+ held keys? woken/);
    await waitFor(() => allHeld(held.id, 'org-client-refused'), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: 'every key of the refused org held',
    });
    expect((await status()).orgs.find((o) => o.orgId === held.id)!.holds).toMatchObject([
      { reason: 'client-refused' },
    ]);
    admin.updateFaults({ revokedClients: [] });
    await waitFor(() => inStep(held.id), { timeoutMs: 60_000, intervalMs: 500, what: 'the org resumed' });
    expect((await status()).orgs.find((o) => o.orgId === held.id)!.holds).toEqual([]);
    expect((await status()).regions.reduce((n, r) => n + r.deadLetters, 0)).toBe(0);
    expect(admin.violations()).toMatchObject({ requestsDuringRetryAfter: 0, concurrentWrites: 0 });
  }, 120_000);
});
