import { genesysKeys } from '@wfm-sync/genesys-client';
import { waitFor } from '@wfm-sync/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorQueries, type OperatorQueries } from '../src/index.js';
import { agentData, agentEvent, type Harness, startHarness } from './harness.js';

describe('operator queries against a running pipeline', () => {
  let h: Harness;
  let queries: OperatorQueries;
  let orgId: string;
  let region: string;
  const applied = () => agentData(h, 0, 4);
  const parked = () => agentData(h, 1, 2);
  const missing = () => ({ ...agentData(h, 2, 1), userId: 'no-such-user' });

  beforeAll(async () => {
    h = await startHarness({ agents: 6, trunks: 3 });
    queries = createOperatorQueries(h.ctx);
    const org = h.topology.topology.orgs[0]!;
    orgId = org.id;
    region = org.region;
    // The second agent's trunk is degraded while the first agent's stays healthy.
    if (parked().trunkId === applied().trunkId) throw new Error('fixture: agents 0 and 1 share a trunk');
    h.sim.sim.admin.setTrunkHealth(orgId, parked().trunkId, 'degraded');
    await h.recorder.record([
      agentEvent(orgId, applied(), 1),
      agentEvent(orgId, parked(), 1),
      agentEvent(orgId, missing(), 1),
    ]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('shows a backlog before any worker runs: pending age and waiting jobs', async () => {
    const { regions, orgs } = await queries.status();
    const status = regions.find((r) => r.region === region)!;
    expect(status.oldestPendingAgeMs).not.toBeNull();
    expect(status.oldestPendingAgeMs!).toBeGreaterThanOrEqual(0);
    expect(status.queues.reduce((n, q) => n + q.waiting + q.delayed, 0)).toBeGreaterThanOrEqual(3);
    expect(orgs.map((o) => o.orgId)).toContain(orgId);
  });

  it('after the worker ran: applied, parked and dead-lettered keys, each visible with its reason', async () => {
    await h.startWorker();
    const agentKey = { orgId, kind: 'agent' as const, id: applied().userId };
    const parkedKey = { orgId, kind: 'agent' as const, id: parked().userId };
    await waitFor(async () => (await h.ctx.state.load(agentKey)).status === 'applied', { what: 'applied' });
    await waitFor(async () => (await h.ctx.state.load(parkedKey)).status === 'parked', { what: 'parked' });
    await waitFor(async () => (await queries.deadLetters()).length === 1, { what: 'dead letter' });

    const { regions, orgs } = await queries.status(region);
    expect(regions).toHaveLength(1);
    expect(regions[0]).toMatchObject({ region, parkedAgents: 1, deadLetters: 1, oldestPendingAgeMs: null });
    const budget = orgs.find((o) => o.orgId === orgId)!;
    expect(budget).toMatchObject({ mode: 'live', blockedUntil: null, requestsPerMinute: 6000 });
    if (budget.usedThisMinute === 0) {
      // Counted per clock minute: the worker's calls fell in the minute before this one (CI saw the minute turn).
      const minute = Math.floor(Date.now() / 60_000);
      const lastMinute = await h.redis.client.get(
        genesysKeys(h.redis.prefix, orgId).usedInMinute(minute - 1),
      );
      expect(Number(lastMinute ?? 0)).toBeGreaterThan(0);
    }

    const inspection = await queries.inspect(agentKey);
    expect(inspection).toMatchObject({
      status: 'applied',
      rev: 1,
      appliedRev: 1,
      desired: { userId: applied().userId, utilization: { call: { maximumCapacity: 4 } } },
      applied: { call: { maximumCapacity: 4 } },
      deadLetter: null,
    });
    expect(inspection!.plan).toMatchObject({ reason: 'first-sync', calls: [{ method: 'PUT' }] });
    expect(inspection!.trail[0]).toMatchObject({ outcome: 'applied', reason: 'first-sync', rev: 1 });
    expect(inspection!.appliedAt).toBeGreaterThan(0);

    const parkedInspection = await queries.inspect(parkedKey);
    expect(parkedInspection).toMatchObject({ status: 'parked', plan: { reason: 'parked' } });
    expect(parkedInspection!.reason).toContain(`${parked().trunkId} degraded`);

    const dead = await queries.inspect({ orgId, kind: 'agent', id: 'no-such-user' });
    expect(dead!.deadLetter).toMatchObject({ reason: 'not-found', region, attempts: 1 });
    expect(await queries.inspect({ orgId, kind: 'agent', id: 'never-seen' })).toBeUndefined();
  });

  it('finds keys by part of their id, and shows trunks with their parked agents and the pacing', async () => {
    const found = await queries.findKeys(orgId, applied().userId.slice(2, 10).toUpperCase());
    expect(found).toContainEqual({ orgId, kind: 'agent', id: applied().userId });
    expect(await queries.findKeys(orgId, 'no-such', { kind: 'campaign' })).toEqual([]);

    const trunks = await queries.trunks(region);
    const degraded = trunks.find((t) => t.trunkId === parked().trunkId)!;
    expect(degraded).toMatchObject({ health: 'degraded', parkedAgents: [parked().userId] });
    expect(trunks.find((t) => t.trunkId === applied().trunkId)?.health).toBe('healthy');

    const pacing = await queries.pacing(orgId);
    expect(pacing.map((p) => p.groupId).sort()).toEqual(
      h.topology.topology.routingGroups.map((g) => g.id).sort(),
    );
    const group = pacing.find((p) => p.groupId === applied().routingGroupId)!;
    expect(group.campaigns.length).toBeGreaterThan(0);
    expect(group.agentLines).toBeGreaterThan(0);
    const campaign = group.campaigns[0]!;
    await waitFor(
      () => h.sim.sim.admin.campaign(orgId, campaign.campaignId)?.outboundLineCount === campaign.share,
      { what: 'campaign paced as the view says' },
    );
  });

  it('filters, replays and purges dead letters, logging the actor', async () => {
    expect(await queries.deadLetters({ reason: 'not-found', kind: 'agent', orgId, region })).toHaveLength(1);
    expect(await queries.deadLetters({ kind: 'campaign' })).toEqual([]);
    expect(await queries.deadLetters({ reason: 'attempts-exhausted' })).toEqual([]);

    const key = { orgId, kind: 'agent' as const, id: 'no-such-user' };
    const before = (await h.ctx.trail.read(key)).length;
    expect(await queries.replayDeadLetters({ key }, 'alice')).toBe(1);
    // The replayed key runs again and, the user still missing, comes back as a dead letter.
    await waitFor(async () => (await h.ctx.trail.read(key)).length > before, { what: 'replayed run' });
    await waitFor(async () => (await queries.deadLetters()).length === 1, { what: 'dead-lettered again' });

    expect(await queries.purgeDeadLetters({ orgId, reason: 'other' }, 'bob')).toBe(0);
    expect(await queries.purgeDeadLetters({ orgId }, 'bob')).toBe(1);
    expect(await queries.deadLetters()).toEqual([]);
  });

  it('resyncs every known key of a kind: each runs again and finds nothing to do', async () => {
    const key = { orgId, kind: 'agent' as const, id: applied().userId };
    const before = (await h.ctx.trail.read(key)).length;
    expect(await queries.resync(orgId, { kind: 'agent', actor: 'carol' })).toBe(3);
    await waitFor(async () => (await h.ctx.trail.read(key)).length > before, { what: 'resynced run' });
    expect((await h.ctx.trail.read(key))[0]).toMatchObject({ outcome: 'noop', reason: 'in-step' });
    const campaigns = h.topology.topology.routingGroups.flatMap((g) => g.campaignIds).length;
    expect(await queries.resync(orgId, { kind: 'campaign', actor: 'carol' })).toBe(campaigns);
  });

  it('shows a 429 block with its end', async () => {
    const until = Date.now() + 60_000;
    await h.redis.client.set(genesysKeys(h.redis.prefix, orgId).blockedUntil, String(until), 'PX', 60_000);
    const budget = (await queries.status()).orgs.find((o) => o.orgId === orgId)!;
    expect(budget.blockedUntil).toBe(until);
    await h.redis.client.del(genesysKeys(h.redis.prefix, orgId).blockedUntil);
  });
});
