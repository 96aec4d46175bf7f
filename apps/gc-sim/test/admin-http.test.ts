import { describe, expect, it } from 'vitest';
import { apiFor, http, manualClock, useSims } from './helpers.js';

describe('the /__sim admin API, probes and metrics', () => {
  const start = useSims();

  it('gets, replaces and patches the fault profile, rejecting invalid ones', async () => {
    const sim = await start();
    const faults = `${sim.url}/__sim/faults`;
    expect((await http(faults)).body).toMatchObject({ error5xxRate: 0, unhealthyWriteGraceMs: 5000 });
    const put = await http(faults, { method: 'PUT', body: { error5xxRate: 0.1, latency: 'regional' } });
    expect(put.body).toMatchObject({ error5xxRate: 0.1, latency: 'regional', timeoutRate: 0 });
    const patched = await http(faults, { method: 'PATCH', body: { timeoutRate: 0.2 } });
    expect(patched.body).toMatchObject({ error5xxRate: 0.1, timeoutRate: 0.2 });
    expect((await http(faults, { method: 'PUT', body: { error5xxRate: 2 } })).status).toBe(400);
    expect(
      (await http(faults, { method: 'PATCH', body: { flapping: { trunkIds: ['no-such-trunk'] } } })).status,
    ).toBe(404);
    expect(sim.sim.admin.faults()).toMatchObject({ error5xxRate: 0.1, timeoutRate: 0.2 });
  });

  it('sets trunk health, edits campaigns as the administrator, revokes tokens and reads state', async () => {
    const sim = await start();
    const api = await apiFor(sim);
    const orgId = api.org.id;
    const trunkId = api.org.trunks[0]?.id;
    const trunk = await http(`${sim.url}/__sim/trunks/${orgId}/${trunkId}`, {
      method: 'PUT',
      body: { health: 'offline' },
    });
    expect(trunk.body).toMatchObject({ id: trunkId, connectedStatus: { connected: false } });
    expect((await http(`${sim.url}/__sim/state/${orgId}/trunks/${trunkId}`)).body).toMatchObject({
      health: 'offline',
    });
    expect(
      (await http(`${sim.url}/__sim/trunks/${orgId}/nope`, { method: 'PUT', body: { health: 'offline' } }))
        .status,
    ).toBe(404);
    expect(
      (await http(`${sim.url}/__sim/trunks/${orgId}/${trunkId}`, { method: 'PUT', body: { health: 'sad' } }))
        .status,
    ).toBe(400);

    const campaignId = api.org.campaigns[0]?.id;
    const edited = await http(`${sim.url}/__sim/campaigns/${orgId}/${campaignId}/admin-edit`, {
      method: 'POST',
      body: { callerName: 'Acme Support' },
    });
    expect(edited.body).toMatchObject({ callerName: 'Acme Support', version: 2 });
    expect((await http(`${sim.url}/__sim/state/${orgId}/campaigns/${campaignId}`)).body).toMatchObject({
      version: 2,
    });

    const userId = api.org.agents[0]?.id;
    expect((await http(`${sim.url}/__sim/state/${orgId}/utilization/${userId}`)).body).toMatchObject({
      level: 'Organization',
    });
    expect((await http(`${sim.url}/__sim/state/${orgId}/timeoffrequests`)).body).toEqual({ entities: [] });
    const bu = api.org.businessUnits[0];
    const week = bu?.schedules[0];
    const schedule = `${sim.url}/__sim/state/${orgId}/schedules/${bu?.id}/${week?.weekId}/${week?.scheduleId}`;
    expect((await http(schedule)).body).toMatchObject({ metadata: { version: 1 } });
    expect((await http(`${schedule}/agents/${userId}`)).body).toMatchObject({ userId, version: 1 });
    expect((await http(`${sim.url}/__sim/fixture`)).body).toEqual(
      JSON.parse(JSON.stringify(sim.sim.fixture)),
    );

    const revoked = await http(`${sim.url}/__sim/tokens/revoke`, { method: 'POST', body: {} });
    expect(revoked.body).toEqual({ revoked: 1 });
    expect((await api.call('GET', '/api/v2/telephony/providers/edges/trunks')).status).toBe(401);
  });

  it('serves the request log with route templates and paging by sequence number, and clears it', async () => {
    const sim = await start({ requestLogCap: 3 });
    const api = await apiFor(sim);
    const campaignId = api.org.campaigns[0]?.id;
    await api.call('GET', `/api/v2/outbound/campaigns/${campaignId}`);
    await api.call('PATCH', `/api/v2/outbound/campaigns/${campaignId}`, { outboundLineCount: 2 });
    await http(`${sim.url}/__sim/violations`);
    const log = (await http(`${sim.url}/__sim/requests`)).body as {
      entries: Array<Record<string, unknown> & { seq: number }>;
      nextSince: number;
    };
    expect(log.entries.map((e) => e.route)).toEqual([
      '/oauth/token',
      '/api/v2/outbound/campaigns/:campaignId',
      '/api/v2/outbound/campaigns/:campaignId',
    ]);
    expect(log.entries[2]).toMatchObject({
      method: 'PATCH',
      path: `/api/v2/outbound/campaigns/${campaignId}`,
      orgId: api.org.id,
      status: 204,
      stateChanging: true,
      durationMs: expect.any(Number),
      at: expect.any(Number),
    });
    expect(log.entries[1]).toMatchObject({ stateChanging: false, status: 200 });
    const since = (await http(`${sim.url}/__sim/requests?since=${log.entries[0]?.seq}&limit=1`))
      .body as typeof log;
    expect(since.entries.map((e) => e.seq)).toEqual([log.entries[1]?.seq]);
    expect(since.nextSince).toBe(log.entries[1]?.seq);

    await api.call('GET', `/api/v2/outbound/campaigns/${campaignId}`);
    const capped = (await http(`${sim.url}/__sim/requests`)).body as typeof log;
    expect(capped.entries).toHaveLength(3);
    expect(capped.entries[0]?.seq).toBe(log.entries[1]?.seq);

    expect((await http(`${sim.url}/__sim/requests`, { method: 'DELETE' })).status).toBe(204);
    expect(((await http(`${sim.url}/__sim/requests`)).body as typeof log).entries).toEqual([]);
  });

  it('reports violations over HTTP and resets them', async () => {
    const clock = manualClock();
    const sim = await start({ now: clock.now, requestsPerMinute: 1, faults: { retryAfterGraceMs: 0 } });
    const api = await apiFor(sim);
    // The third request comes a millisecond after the 429: a zero grace forgives only the same millisecond.
    for (let i = 0; i < 3; i++) {
      await api.call('GET', '/api/v2/telephony/providers/edges/trunks');
      clock.advance(1);
    }
    const report = (await http(`${sim.url}/__sim/violations`)).body as Record<string, unknown>;
    expect(report).toMatchObject({
      concurrentWrites: 0,
      requestsDuringRetryAfter: 1,
      unhealthyTrunkWrites: 0,
      adminEditsOverwritten: 0,
      duplicateTimeOffCreates: 0,
      concurrentScheduleUpdates: 0,
    });
    expect(report.violationLog).toEqual([
      expect.objectContaining({ kind: 'requestsDuringRetryAfter', orgId: api.org.id }),
    ]);
    expect((await http(`${sim.url}/__sim/violations`, { method: 'DELETE' })).status).toBe(204);
    expect(sim.sim.admin.violations().requestsDuringRetryAfter).toBe(0);
  });

  it('answers probes and Prometheus metrics, and 404 with an ErrorBody elsewhere', async () => {
    const sim = await start();
    const api = await apiFor(sim);
    await api.call('GET', '/api/v2/telephony/providers/edges/trunks');
    expect((await http(`${sim.url}/healthz`)).body).toEqual({ status: 'ok' });
    expect((await http(`${sim.url}/readyz`)).body).toEqual({ status: 'ok', checks: { open: true } });
    const metrics = await http(`${sim.url}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.body).toContain(
      'gc_sim_http_requests_total{route="/api/v2/telephony/providers/edges/trunks",method="GET",status="200",service="gc-sim"} 1',
    );
    expect(metrics.body).toContain('gc_sim_trunks_unhealthy{org="acme-apac",service="gc-sim"} 0');
    expect((await http(`${sim.url}/api/v2/nowhere`)).body).toMatchObject({ status: 404, code: 'not.found' });
  });
});
