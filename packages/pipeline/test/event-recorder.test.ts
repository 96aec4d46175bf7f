import { keyMember } from '@wfm-sync/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orgQueueName, WebhookClaim, webhookIdKey } from '../src/index.js';
import { agentData, agentEvent, type Harness, startHarness } from './harness.js';

describe('EventRecorder', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('keeps only the newest event per key and counts duplicates and stale ones', async () => {
    const orgId = h.topology.topology.orgs[0]!.id;
    const e5 = agentEvent(orgId, agentData(h, 0, 5), 5);
    const first = await h.recorder.record([e5, agentEvent(orgId, agentData(h, 0, 3), 3), e5]);
    expect(first).toMatchObject({ accepted: 1, stale: 1, duplicates: 1 });
    expect(first.outcomes).toEqual(['accepted', 'stale', 'duplicate']);
    const state = await h.ctx.state.load({ orgId, kind: 'agent', id: e5.data.userId as string });
    expect(JSON.parse(state.desiredJson!).utilization.call.maximumCapacity).toBe(5);
    expect(state.rev).toBe(1);
    // A tie on sequence is broken by occurredAt, then by id.
    const tie = agentEvent(orgId, agentData(h, 0, 9), 5, { occurredAt: '2026-11-22T10:00:00.000Z' });
    expect((await h.recorder.record([tie])).accepted).toBe(1);
    const stats = await h.redis.client.hgetall(h.ctx.names.org(orgId).stats);
    expect(stats).toEqual({ stale: '1', duplicates: '1' });
  });

  it('claims the webhook-id in one script with the first store: claimed, busy or done, and only claimed records', async () => {
    const orgA = h.topology.topology.orgs[0]!.id;
    const events = [agentEvent(orgA, agentData(h, 0, 4), 1), agentEvent(orgA, agentData(h, 1, 6), 1)];
    const idKey = webhookIdKey(h.ctx.names.prefix, 'msg_claimed');
    const mine = new WebhookClaim(h.redis.client, idKey, Date.now() + 5_000);

    const recorded = await h.recorder.record(events, { claim: mine.request() });
    expect(recorded).toMatchObject({ claim: 'claimed', accepted: 2 });
    expect(await h.redis.client.get(idKey)).toMatch(/^processing:/);

    // Another delivery of the id while this one holds it: nothing stored, not even a duplicate count.
    const other = new WebhookClaim(h.redis.client, idKey, Date.now() + 5_000);
    const later = events.map((e) => ({ ...e, sequence: 2, id: `${e.id}-2` }));
    const stats = await h.redis.client.hgetall(h.ctx.names.org(orgA).stats);
    expect(await h.recorder.record(later, { claim: other.request() })).toEqual({
      accepted: 0,
      duplicates: 0,
      stale: 0,
      outcomes: [],
      claim: 'busy',
    });
    expect(await h.redis.client.hgetall(h.ctx.names.org(orgA).stats)).toEqual(stats);
    expect(await other.state()).toBe('busy');

    await mine.markDone(60);
    expect(await h.recorder.record(later, { claim: other.request() })).toMatchObject({
      claim: 'done',
      accepted: 0,
    });
    expect(await other.state()).toBe('done');
    // Without a claim, as before: recorded.
    expect(await h.recorder.record(later)).toMatchObject({ accepted: 2 });
    expect((await h.recorder.record(later)).claim).toBeUndefined();
  });

  it("takes a claim over once its claimer's deadline passed, and a release frees only its own claim", async () => {
    const orgId = h.topology.topology.orgs[0]!.id;
    const idKey = webhookIdKey(h.ctx.names.prefix, 'msg_takeover');
    const expired = new WebhookClaim(h.redis.client, idKey, Date.now() - 1);
    const event = agentEvent(orgId, agentData(h, 2, 4), 1);
    expect((await h.recorder.record([event], { claim: expired.request() })).claim).toBe('claimed');
    expect(await expired.state()).toBe('free');

    const next = new WebhookClaim(h.redis.client, idKey, Date.now() + 5_000);
    expect((await h.recorder.record([event], { claim: next.request() })).claim).toBe('claimed');
    await expired.release();
    expect(await next.state()).toBe('busy');
    await next.release();
    expect(await next.state()).toBe('free');
  });

  it('marks the id done in the claim-and-store script when it is the only store, else sends the mark after the store', async () => {
    const orgId = h.topology.topology.orgs[0]!.id;
    const event = agentEvent(orgId, agentData(h, 3, 7), 1);
    const idKey = webhookIdKey(h.ctx.names.prefix, 'msg_done_with_store');
    const mine = new WebhookClaim(h.redis.client, idKey, Date.now() + 5_000);
    const sent: (string | undefined)[] = [];
    const done = {
      ttlS: 60,
      // What was stored when the mark was sent.
      send: async () => {
        sent.push(
          (await h.ctx.state.load({ orgId, kind: 'agent', id: event.data.userId as string })).desiredJson,
        );
      },
    };
    // One org, its store carrying the claim: the script marks the id done, nothing is sent.
    expect((await h.recorder.record([event], { claim: mine.request(), done })).claim).toBe('claimed');
    expect(await h.redis.client.get(idKey)).toBe('done');
    expect(await h.redis.client.ttl(idKey)).toBeGreaterThan(50);
    expect(sent).toEqual([]);

    // Another delivery of the id stores nothing, so it has nothing to mark either.
    const other = new WebhookClaim(h.redis.client, idKey, Date.now() + 5_000);
    expect((await h.recorder.record([event], { claim: other.request(), done })).claim).toBe('done');
    expect(sent).toEqual([]);

    // No claim with the store (a large delivery claims first, as does Redis Cluster): the mark is sent, after the store.
    const next = agentEvent(orgId, agentData(h, 3, 8), 2);
    await h.recorder.record([next], { done });
    expect(sent).toEqual([JSON.stringify(next.data)]);
    const failing = { ttlS: 60, send: () => Promise.reject(new Error('no done mark')) };
    const later = agentEvent(orgId, agentData(h, 3, 9), 3);
    await expect(h.recorder.record([later], { done: failing })).rejects.toThrow('no done mark');
  });

  it('coalesces many events of one key into at most one waiting job, and marks the key due', async () => {
    const orgId = h.topology.topology.orgs[0]!.id;
    const events = Array.from({ length: 50 }, (_, i) => agentEvent(orgId, agentData(h, 1, i % 7), i + 1));
    for (const event of events) await h.recorder.record([event]);
    const userId = events[0]!.data.userId as string;
    const group = agentData(h, 1, 1).routingGroupId;
    const queue = h.ctx.queues.get(`{${h.topology.topology.orgs[0]!.region}/${orgId}/${group}}`);
    const waiting = await queue.getJobs(['waiting', 'delayed', 'active']);
    expect(waiting.filter((j) => j.data.id === userId)).toHaveLength(1);
    const due = await h.redis.client.zscore(
      h.ctx.names.org(orgId).due,
      keyMember({ kind: 'agent', id: userId }),
    );
    expect(due).not.toBeNull();
  });

  it('stores the newest event and enqueues every key when many webhooks record at once, in shared batches', async () => {
    const orgId = h.topology.topology.orgs[0]!.id;
    const agents = h.sim.sim.fixture.orgs[0]!.agents.length;
    const rounds = 30;
    const sent: string[] = [];
    let jobsSent = 0;
    const original = h.ctx.queues.get.bind(h.ctx.queues);
    // Counts the MULTIs sent, through the one method the registry adds jobs with.
    const counted = new Set<string>();
    h.ctx.queues.get = (name: string) => {
      const queue = original(name);
      if (counted.has(name)) return queue;
      counted.add(name);
      const addBulk = queue.addBulk.bind(queue);
      queue.addBulk = (jobs) => {
        sent.push(name);
        jobsSent += jobs.length;
        return addBulk(jobs);
      };
      // A batch of one job goes out as an `add` (no pipeline).
      const add = queue.add.bind(queue);
      queue.add = (jobName, data, opts) => {
        sent.push(name);
        jobsSent += 1;
        return add(jobName, data, opts);
      };
      return queue;
    };
    // One webhook per (agent, sequence), all at once: capacity = sequence, so the newest is easy to check.
    const webhooks = Array.from({ length: agents * rounds }, (_, n) => {
      const sequence = Math.floor(n / agents) + 1;
      return h.recorder.record([agentEvent(orgId, agentData(h, n % agents, sequence % 25), sequence)]);
    });
    // Every store command is written by now. Hold this event loop a moment, as a busy ingest's is: the replies pile up
    // and resume their webhooks together, which is what the shared batches are for. Without it the count depended on
    // how this machine happened to deliver the replies (a loaded CI machine once sent 49 batches).
    const until = Date.now() + 200;
    while (Date.now() < until);
    const results = await Promise.all(webhooks);
    expect(results.reduce((sum, r) => sum + r.accepted + r.stale, 0)).toBe(agents * rounds);
    const ids = new Set<string>();
    for (const name of counted) {
      for (const job of await original(name).getJobs(['waiting', 'delayed', 'active'])) ids.add(job.data.id);
    }
    for (let i = 0; i < agents; i++) {
      const { userId } = agentData(h, i, 1);
      expect(ids.has(userId)).toBe(true);
      const state = await h.ctx.state.load({ orgId, kind: 'agent', id: userId });
      expect(JSON.parse(state.desiredJson!).utilization.call.maximumCapacity).toBe(rounds % 25);
    }
    // Concurrent webhooks share MULTIs, far fewer than one per webhook, and a key named by many webhooks of one
    // batch is added once.
    expect(sent.length).toBeLessThan((agents * rounds) / 4);
    expect(jobsSent).toBeLessThan((agents * rounds) / 4);
  });

  it('reports unknown orgs, routing groups and trunks with their event index', () => {
    const orgId = h.topology.topology.orgs[0]!.id;
    const ok = agentEvent(orgId, agentData(h, 0, 1), 1);
    const badGroup = agentEvent(orgId, { ...agentData(h, 0, 1), routingGroupId: 'nope' }, 2);
    const badOrg = { ...ok, orgId: 'ghost' };
    expect(h.recorder.unknownReferences([ok, badGroup, badOrg])).toEqual([
      { index: 1, field: 'data.routingGroupId', value: 'nope' },
      { index: 2, field: 'orgId', value: 'ghost' },
    ]);
  });

  it('orders schedule events per agent while one job serves the whole schedule', async () => {
    const orgId = h.topology.topology.orgs[0]!.id;
    const shift = (hour: number) => ({
      startDate: `2026-11-23T0${hour}:00:00Z`,
      lengthMinutes: 480,
      activities: [
        { activityCodeId: 'ac-work', startDate: `2026-11-23T0${hour}:00:00Z`, lengthMinutes: 480 },
      ],
    });
    const event = (userId: string, sequence: number, hour: number) => ({
      id: `sch_${userId}_${sequence}`,
      type: 'schedule.agent.updated' as const,
      orgId,
      occurredAt: '2026-11-22T09:00:00.000Z',
      sequence,
      data: {
        businessUnitId: 'bu-apac',
        managementUnitId: 'mu-sg',
        weekId: '2026-11-23',
        scheduleId: 'sch-48',
        userId,
        shifts: [shift(hour)],
      },
    });
    // Agent b's sequence 1 is not stale just because agent a is at sequence 5: each agent is ordered alone.
    const result = await h.recorder.record([event('a', 5, 1), event('b', 1, 2), event('a', 4, 3)]);
    expect(result.outcomes).toEqual(['accepted', 'accepted', 'stale']);
    const keys = h.ctx.names.org(orgId);
    const scheduleId = 'bu-apac/2026-11-23/sch-48';
    expect((await h.redis.client.smembers(keys.scheduleAgents(scheduleId))).sort()).toEqual(['a', 'b']);
    const a = await h.redis.client.hget(keys.scheduleAgentState(scheduleId, 'a'), 'desired');
    expect(JSON.parse(a!).shifts[0].startDate).toBe('2026-11-23T01:00:00Z');
    const jobs = await h.ctx.queues
      .get(orgQueueName(h.topology.topology.orgs[0]!.region, orgId))
      .getJobs(['delayed', 'waiting']);
    expect(jobs.filter((j) => j.data.kind === 'schedule').map((j) => j.data.id)).toEqual([scheduleId]);
  });
});
