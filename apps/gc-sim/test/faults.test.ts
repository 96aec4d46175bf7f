import { waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { CONCURRENT_MODIFICATION_MESSAGE } from '../src/index.js';
import { apiFor, inBatches, useSims } from './helpers.js';

/** Expected count ± 4 standard deviations of a binomial: fails by chance about once in 16 000 seeds. */
function binomialBounds(n: number, p: number): [number, number] {
  const sd = Math.sqrt(n * p * (1 - p));
  return [n * p - 4 * sd, n * p + 4 * sd];
}

describe('faults happen at the configured rates, from the seeded PRNG', () => {
  const start = useSims();

  it('answers about 5% of 2000 requests with 502/503/504, and nothing else fails', async () => {
    const sim = await start({ requestsPerMinute: 1_000_000, faults: { error5xxRate: 0.05 } });
    const api = await apiFor(sim);
    const path = `/api/v2/telephony/providers/edges/trunks/${api.org.trunks[0]?.id}`;
    const statuses = await inBatches(2000, 25, async () => (await api.call('GET', path)).status);
    const failures = statuses.filter((s) => s !== 200);
    const [low, high] = binomialBounds(2000, 0.05);
    expect(failures.length).toBeGreaterThan(low);
    expect(failures.length).toBeLessThan(high);
    expect(new Set(failures)).toEqual(new Set([502, 503, 504]));
    const logged = sim.sim.admin.requestLog().filter((e) => e.fault === 'error5xx');
    expect(logged).toHaveLength(failures.length);
  });

  it('drops connections and holds timeouts at their rates, without an answer', async () => {
    const sim = await start({
      requestsPerMinute: 1_000_000,
      faults: { dropConnectionRate: 0.1, timeoutRate: 0.1, timeoutHoldMs: 200 },
    });
    const api = await apiFor(sim);
    const path = `/api/v2/telephony/providers/edges/trunks/${api.org.trunks[0]?.id}`;
    const outcomes = await inBatches(600, 25, async () => {
      const startedAt = Date.now();
      try {
        return { ok: (await api.call('GET', path)).status === 200, ms: Date.now() - startedAt };
      } catch {
        return { ok: false, ms: Date.now() - startedAt };
      }
    });
    const failed = outcomes.filter((o) => !o.ok);
    const [low, high] = binomialBounds(600, 0.2);
    expect(failed.length).toBeGreaterThan(low);
    expect(failed.length).toBeLessThan(high);
    // A held request's log entry is written when its connection closes, which can trail the client's error.
    const log = await waitFor(
      () => {
        const entries = sim.sim.admin.requestLog().filter((e) => e.route.includes('trunks'));
        return entries.length === 600 ? entries : undefined;
      },
      { what: 'every request in the log' },
    );
    const held = log.filter((e) => e.fault === 'timeout');
    const dropped = log.filter((e) => e.fault === 'drop');
    expect(held.length + dropped.length).toBe(failed.length);
    expect([...held, ...dropped].every((e) => e.status === 0)).toBe(true);
    expect(held.every((e) => e.durationMs >= 190)).toBe(true);
    expect(failed.filter((o) => o.ms >= 190).length).toBeGreaterThanOrEqual(held.length);
  });

  it('gives the same fault sequence for the same seed, and another for another seed', async () => {
    const sequence = async (seed: number) => {
      const sim = await start({ seed, faults: { error5xxRate: 0.2 } });
      const api = await apiFor(sim);
      const path = `/api/v2/telephony/providers/edges/trunks/${api.org.trunks[0]?.id}`;
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) statuses.push((await api.call('GET', path)).status);
      return statuses.join(',');
    };
    const first = await sequence(1);
    expect(await sequence(1)).toBe(first);
    expect(await sequence(2)).not.toBe(first);
  });

  it('answers writes with the publishing-window 409 until the window ends, and never reads', async () => {
    const sim = await start({ faults: { concurrentModification: { rate: 1 } } });
    const api = await apiFor(sim);
    const userId = api.org.agents[0]?.id;
    const path = `/api/v2/routing/users/${userId}/utilization`;
    const write = await api.call('PUT', path, { utilization: { call: { maximumCapacity: 1 } } });
    expect(write.status).toBe(409);
    expect(write.body).toMatchObject({ status: 409, message: CONCURRENT_MODIFICATION_MESSAGE });
    expect((write.body as { code: string }).code).not.toBe('conflict');
    expect((await api.call('GET', path)).status).toBe(200);
    expect(sim.sim.admin.utilization(api.org.id, userId as string)?.level).toBe('Organization');

    sim.sim.admin.updateFaults({ concurrentModification: { rate: 1, untilMs: Date.now() - 1 } });
    expect((await api.call('PUT', path, { utilization: { call: { maximumCapacity: 1 } } })).status).toBe(200);
  });

  it('adds log-normal latency', async () => {
    const sim = await start({ requestsPerMinute: 1_000_000, faults: { latency: { p50Ms: 60, p99Ms: 200 } } });
    const api = await apiFor(sim);
    const path = `/api/v2/telephony/providers/edges/trunks/${api.org.trunks[0]?.id}`;
    await inBatches(100, 50, () => api.call('GET', path));
    const durations = sim.sim.admin
      .requestLog()
      .filter((e) => e.route.includes('trunks'))
      .map((e) => e.durationMs)
      .sort((a, b) => a - b);
    const median = durations[Math.floor(durations.length / 2)] as number;
    expect(median).toBeGreaterThan(40);
    expect(median).toBeLessThan(150);
  });

  it('flaps a trunk between healthy and unhealthy, seen through the real fields', async () => {
    const sim = await start();
    const api = await apiFor(sim);
    const trunkId = api.org.trunks[1]?.id as string;
    sim.sim.admin.setFaults({
      flapping: { trunkIds: [`${api.org.id}/${trunkId}`], minDwellMs: 30, maxDwellMs: 60 },
    });
    const path = `/api/v2/telephony/providers/edges/trunks/${trunkId}`;
    const looksHealthy = (body: unknown) => {
      const trunk = body as {
        state: string;
        inService: boolean;
        enabled: boolean;
        connectedStatus: { connected: boolean };
        registersStatus: Array<{ registerState: boolean }>;
        optionsStatus: Array<{ optionState: boolean }>;
      };
      return (
        trunk.state === 'active' &&
        trunk.inService &&
        trunk.enabled &&
        trunk.connectedStatus.connected &&
        trunk.registersStatus.every((r) => r.registerState) &&
        trunk.optionsStatus.every((o) => o.optionState)
      );
    };
    await waitFor(async () => !looksHealthy((await api.call('GET', path)).body), {
      what: 'the trunk to go unhealthy',
    });
    await waitFor(async () => looksHealthy((await api.call('GET', path)).body), {
      what: 'the trunk to recover',
    });
    await waitFor(async () => !looksHealthy((await api.call('GET', path)).body), {
      what: 'the trunk to flap again',
    });

    sim.sim.admin.setFaults({});
    expect(sim.sim.admin.trunkHealth(api.org.id, trunkId)).toBe('healthy');
  });

  it('runs a background administrator that edits only fields the sync does not own', async () => {
    const sim = await start({
      faults: { admin: { campaignEditsPerMinute: 6000, timeOffResavesPerMinute: 6000 } },
    });
    const api = await apiFor(sim);
    const agent = api.org.agents[0];
    const created = await api.call(
      'POST',
      `/api/v2/workforcemanagement/managementunits/${agent?.managementUnitId}/timeoffrequests`,
      {
        status: 'PENDING',
        users: [{ id: agent?.id }],
        activityCodeId: 'ac-vacation',
        fullDayManagementUnitDates: ['2026-12-24'],
      },
    );
    expect(created.status).toBe(200);
    const campaignIds = api.org.campaigns.map((c) => c.id);
    await waitFor(
      () => campaignIds.every((id) => (sim.sim.admin.campaign(api.org.id, id)?.version as number) > 2),
      {
        what: 'administrator edits of every campaign',
      },
    );
    await waitFor(() => (sim.sim.admin.timeOffRequests(api.org.id)[0]?.version ?? 0) > 1, {
      what: 'an administrator re-save of the time-off request',
    });
    for (const fixtureCampaign of api.org.campaigns) {
      const campaign = sim.sim.admin.campaign(api.org.id, fixtureCampaign.id);
      expect(campaign?.outboundLineCount).toBe(fixtureCampaign.outboundLineCount);
      expect(campaign?.contactList).toEqual(fixtureCampaign.contactList);
    }
  });
});
