import { gzipSync } from 'node:zlib';
import { waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { VERSION_MISMATCH_MESSAGE } from '../src/index.js';
import { apiFor, useSims } from './helpers.js';

describe('schedules', () => {
  const start = useSims();

  async function setup(options: Parameters<typeof start>[0] = {}) {
    const sim = await start(options);
    const api = await apiFor(sim);
    const bu = api.org.businessUnits[0];
    const week = bu?.schedules[0];
    const [agent, other] = api.org.agents;
    if (!bu || !week || !agent || !other) throw new Error('fixture without a schedule');
    const base = `/api/v2/workforcemanagement/businessunits/${bu.id}/weeks/${week.weekId}/schedules/${week.scheduleId}`;
    const shift = (start: string, minutes: number) => ({
      startDate: start,
      lengthMinutes: minutes,
      activities: [{ activityCodeId: 'ac-work', startDate: start, lengthMinutes: minutes }],
    });
    const upload = async (payload: unknown, tamper?: (body: Buffer) => Buffer) => {
      const body = gzipSync(JSON.stringify(payload));
      const res = await api.call('POST', `${base}/update/uploadurl`, { contentLengthBytes: body.length });
      const { url, uploadKey, headers } = res.body as {
        url: string;
        uploadKey: string;
        headers: Record<string, string>;
      };
      const put = await fetch(url, { method: 'PUT', headers, body: tamper ? tamper(body) : body });
      return { uploadKey, putStatus: put.status, putBody: put.status === 200 ? undefined : await put.json() };
    };
    const update = async (payload: unknown) => {
      const { uploadKey } = await upload(payload);
      return api.call('POST', `${base}/update`, { uploadKey });
    };
    const agentVersion = () =>
      sim.sim.admin.agentSchedule(api.org.id, bu.id, week.weekId, week.scheduleId, agent.id)?.version;
    const scheduleVersion = async () =>
      ((await api.call('GET', base)).body as { metadata: { version: number } }).metadata.version;
    return { sim, api, bu, week, agent, other, base, shift, upload, update, agentVersion, scheduleVersion };
  }

  it('reads the schedule metadata and the agent schedules of one management unit', async () => {
    const { api, base, agent } = await setup();
    const metadata = await api.call('GET', `${base}?expand=managementUnits.agents`);
    expect(metadata.body).toMatchObject({
      published: true,
      metadata: { version: 1 },
      managementUnits: [{ managementUnit: { id: agent.managementUnitId }, agentCount: 6 }],
    });
    const query = await api.call('POST', `${base}/agentschedules/query`, {
      managementUnitId: agent.managementUnitId,
    });
    const result = query.body as { status: string; result: { agentSchedules: Array<{ shifts: unknown[] }> } };
    expect(result.status).toBe('Complete');
    expect(result.result.agentSchedules).toHaveLength(6);
    expect(result.result.agentSchedules[0]?.shifts).toHaveLength(5);
    expect((await api.call('POST', `${base}/agentschedules/query`, {})).status).toBe(400);
    expect(
      (await api.call('POST', `${base}/agentschedules/query`, { managementUnitId: 'mu-none' })).status,
    ).toBe(404);
    expect((await api.call('GET', base.replace(/schedules\/.*/, 'schedules/missing'))).status).toBe(404);
  });

  it('refuses uploads of the wrong size or not gzip JSON, and update keys that were not uploaded', async () => {
    const { upload, api, base } = await setup();
    const payload = { metadata: { version: 1 } };
    const short = await upload(payload, (body) => body.subarray(1));
    expect(short.putStatus).toBe(400);
    expect(short.putBody).toMatchObject({ status: 400, code: 'bad.request' });
    const plain = await upload(payload, (body) =>
      Buffer.concat([Buffer.from('{}'), body]).subarray(0, body.length),
    );
    expect(plain.putStatus).toBe(400);
    const invalid = await upload({ agentSchedules: 'none' });
    expect(invalid.putStatus).toBe(400);
    expect((await api.call('POST', `${base}/update`, { uploadKey: short.uploadKey })).status).toBe(400);
    expect((await api.call('POST', `${base}/update`, { uploadKey: 'never-issued' })).status).toBe(400);
    const good = await upload(payload);
    expect((await api.call('POST', `${base}/update`, { uploadKey: good.uploadKey })).status).toBe(200);
    expect((await api.call('POST', `${base}/update`, { uploadKey: good.uploadKey })).status).toBe(400);
  });

  it('completes an update: schedule and written agents move one version, shifts replaced, others untouched', async () => {
    const { sim, api, agent, other, bu, week, shift, update, agentVersion, scheduleVersion } = await setup({
      faults: { scheduleOperationDelayMs: 50 },
    });
    const started = await update({
      metadata: { version: 1 },
      agentSchedules: [
        { userId: agent.id, metadata: { version: 1 }, shifts: [shift('2026-11-25T02:00:00Z', 300)] },
      ],
    });
    expect(started.body).toMatchObject({ status: 'Processing' });
    await waitFor(async () => (await scheduleVersion()) === 2, { what: 'the update to complete' });
    expect(agentVersion()).toBe(2);
    expect(
      sim.sim.admin.agentSchedule(api.org.id, bu.id, week.weekId, week.scheduleId, agent.id)?.shifts,
    ).toEqual([expect.objectContaining({ startDate: '2026-11-25T02:00:00Z', lengthMinutes: 300 })]);
    expect(
      sim.sim.admin.agentSchedule(api.org.id, bu.id, week.weekId, week.scheduleId, other.id)?.version,
    ).toBe(1);
    const operationId = (started.body as { operationId: string }).operationId;
    expect(sim.sim.admin.scheduleOperation(api.org.id, operationId)?.status).toBe('Complete');
  });

  it('fails a stale update at once with the version 409, applying nothing', async () => {
    const { sim, update, shift, agent, agentVersion, scheduleVersion } = await setup({
      faults: { scheduleStaleMode: 'immediate409' },
    });
    const staleAgent = await update({
      metadata: { version: 1 },
      agentSchedules: [
        { userId: agent.id, metadata: { version: 7 }, shifts: [shift('2026-11-25T02:00:00Z', 60)] },
      ],
    });
    expect(staleAgent.body).toMatchObject({ status: 409, message: VERSION_MISMATCH_MESSAGE });
    const missingAgentVersion = await update({
      metadata: { version: 1 },
      agentSchedules: [{ userId: agent.id, shifts: [] }],
    });
    expect(missingAgentVersion.status).toBe(409);
    expect((await update({ metadata: { version: 0 } })).status).toBe(409);
    expect(await scheduleVersion()).toBe(1);
    expect(agentVersion()).toBe(1);
    expect(sim.sim.admin.scheduleUpdates()).toMatchObject({ started: 0, rejected: 3 });
  });

  it('fails a stale update as an operation that ends in Error, applying nothing', async () => {
    const { sim, api, update, shift, agent, agentVersion, scheduleVersion } = await setup({
      faults: { scheduleStaleMode: 'asyncError', scheduleOperationDelayMs: 20 },
    });
    const started = await update({
      metadata: { version: 1 },
      agentSchedules: [
        { userId: agent.id, metadata: { version: 3 }, shifts: [shift('2026-11-25T02:00:00Z', 60)] },
      ],
    });
    expect(started.body).toMatchObject({ status: 'Processing' });
    const operationId = (started.body as { operationId: string }).operationId;
    await waitFor(() => sim.sim.admin.scheduleOperation(api.org.id, operationId)?.status === 'Error', {
      what: 'the operation to fail',
    });
    expect(await scheduleVersion()).toBe(1);
    expect(agentVersion()).toBe(1);
  });

  it('fails the second of two overlapping updates when the first completes', async () => {
    const { sim, api, update, shift, agent, scheduleVersion } = await setup({
      // Long enough for the second update to start while the first is surely still Processing.
      faults: { scheduleOperationDelayMs: 1500, scheduleStaleMode: 'asyncError' },
    });
    const payload = {
      metadata: { version: 1 },
      agentSchedules: [
        { userId: agent.id, metadata: { version: 1 }, shifts: [shift('2026-11-26T02:00:00Z', 60)] },
      ],
    };
    const first = await update(payload);
    const second = await update(payload);
    const ids = [first, second].map((r) => (r.body as { operationId: string }).operationId);
    await waitFor(() =>
      ids.every((id) => sim.sim.admin.scheduleOperation(api.org.id, id)?.status !== 'Processing'),
    );
    expect(ids.map((id) => sim.sim.admin.scheduleOperation(api.org.id, id)?.status)).toEqual([
      'Complete',
      'Error',
    ]);
    expect(await scheduleVersion()).toBe(2);
    expect(sim.sim.admin.violations().concurrentScheduleUpdates).toBe(1);
    const tally = await (await fetch(`${sim.url}/__sim/schedule-updates`)).json();
    expect(tally).toEqual({ started: 2, agents: 2, rejected: 0, complete: 1, error: 1 });
  });

  it('chooses between the two failure modes with the seeded PRNG in random mode', async () => {
    const { update, agent } = await setup({
      faults: { scheduleStaleMode: 'random', scheduleOperationDelayMs: 10 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) {
      const res = await update({
        metadata: { version: 9 },
        agentSchedules: [{ userId: agent.id, metadata: { version: 1 } }],
      });
      statuses.push(res.status);
    }
    expect(new Set(statuses)).toEqual(new Set([200, 409]));
  });
});
