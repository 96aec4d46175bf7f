import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { apiFor, http, useSims } from './helpers.js';

describe('answer faults: null optionals and garbled write answers', () => {
  const start = useSims();

  async function setup(faults: Record<string, unknown>) {
    const sim = await start({ faults });
    const api = await apiFor(sim);
    const bu = api.org.businessUnits[0]!;
    const week = bu.schedules[0]!;
    const agent = api.org.agents[0]!;
    const base = `/api/v2/workforcemanagement/businessunits/${bu.id}/weeks/${week.weekId}/schedules/${week.scheduleId}`;
    const startUpdate = async () => {
      const version = ((await api.call('GET', base)).body as { metadata: { version: number } }).metadata
        .version;
      const body = gzipSync(JSON.stringify({ metadata: { version }, agentSchedules: [] }));
      const issued = await api.call('POST', `${base}/update/uploadurl`, { contentLengthBytes: body.length });
      const { url, uploadKey } = issued.body as { url: string; uploadKey: string };
      const put = await fetch(url, { method: 'PUT', body });
      const update = await api.call('POST', `${base}/update`, { uploadKey });
      return { issued, put: { status: put.status, text: await put.text() }, update };
    };
    return { sim, api, agent, base, startUpdate };
  }

  it('are off by default: an absent optional field stays absent', async () => {
    const { sim, startUpdate } = await setup({});
    const { update } = await startUpdate();
    expect(update.status).toBe(200);
    expect(update.body).not.toHaveProperty('result');
    expect(sim.sim.admin.faults()).toMatchObject({ nullOptionals: false, garbledWriteAnswers: 0 });
    expect(sim.sim.admin.garbledAnswers()).toEqual({});
  });

  it('nullOptionals answers null for every optional field an answer leaves out, and keeps the others', async () => {
    const { api, agent, startUpdate } = await setup({ nullOptionals: true });
    const { update } = await startUpdate();
    expect(update.body).toMatchObject({ status: 'Processing', result: null });
    expect(typeof (update.body as { operationId: unknown }).operationId).toBe('string');
    const utilization = await api.call('GET', `/api/v2/routing/users/${agent.id}/utilization`);
    const body = utilization.body as Record<string, unknown> & { utilization: Record<string, unknown> };
    expect(body.utilization).toBeDefined();
    // The fixture sets no maxInboundCalls: the answer now carries it as null.
    expect(Object.values(body).filter((v) => v === null).length).toBeGreaterThan(0);
  });

  it('garbledWriteAnswers cuts the body of a write answer after applying it, and tallies it per route', async () => {
    const { sim, api, agent, base } = await setup({ garbledWriteAnswers: 1 });
    const path = `/api/v2/routing/users/${agent.id}/utilization`;
    const put = await api.call('PUT', path, { utilization: { call: { maximumCapacity: 3 } } });
    expect(put.status).toBe(200);
    expect(typeof put.body).toBe('string'); // not JSON any more
    // Applied all the same; reads are never garbled.
    expect(sim.sim.admin.utilization(api.org.id, agent.id)?.utilization.call?.maximumCapacity).toBe(3);
    const read = await api.call('GET', path);
    expect(read.body).toMatchObject({ utilization: { call: { maximumCapacity: 3 } } });

    const garbledIssue = await api.call('POST', `${base}/update/uploadurl`, { contentLengthBytes: 10 });
    expect(garbledIssue.status).toBe(200);
    expect(typeof garbledIssue.body).toBe('string');

    sim.sim.admin.updateFaults({ garbledWriteAnswers: 0 });
    const version = ((await api.call('GET', base)).body as { metadata: { version: number } }).metadata
      .version;
    const body = gzipSync(JSON.stringify({ metadata: { version }, agentSchedules: [] }));
    const issued = await api.call('POST', `${base}/update/uploadurl`, { contentLengthBytes: body.length });
    const { url, uploadKey } = issued.body as { url: string; uploadKey: string };
    sim.sim.admin.updateFaults({ garbledWriteAnswers: 1 });
    const upload = await fetch(url, { method: 'PUT', body });
    expect(upload.status).toBe(200);
    expect(await upload.text()).not.toBe('');
    const update = await api.call('POST', `${base}/update`, { uploadKey });
    expect(update.status).toBe(200);
    expect(typeof update.body).toBe('string');
    // The update started all the same.
    expect(sim.sim.admin.scheduleUpdates().started).toBe(1);

    const ROUTE =
      'POST /api/v2/workforcemanagement/businessunits/:businessUnitId/weeks/:weekId/schedules/:scheduleId';
    const tally = sim.sim.admin.garbledAnswers();
    expect(tally).toEqual({
      'PUT /api/v2/routing/users/:userId/utilization': 1,
      [`${ROUTE}/update/uploadurl`]: 1,
      'PUT /__sim/uploads/:uploadKey': 1,
      [`${ROUTE}/update`]: 1,
    });
    expect((await http(`${sim.url}/__sim/garbled-answers`)).body).toEqual(tally);
    const logged = sim.sim.admin.requestLog().filter((e) => e.fault === 'garbledAnswer');
    expect(logged).toHaveLength(4);
  });
});
