import { describe, expect, it } from 'vitest';
import { VERSION_MISMATCH_MESSAGE } from '../src/index.js';
import { apiFor, useSims } from './helpers.js';

const TRUNKS = '/api/v2/telephony/providers/edges/trunks';

describe('trunks', () => {
  const start = useSims();

  it('pages the listing with the real paging fields', async () => {
    const sim = await start();
    const api = await apiFor(sim);
    const all = await api.call('GET', `${TRUNKS}?pageSize=100&pageNumber=1`);
    expect(all.body).toMatchObject({ pageSize: 100, pageNumber: 1, total: 3, pageCount: 1 });
    const defaults = (await api.call('GET', TRUNKS)).body as { pageSize: number };
    expect(defaults.pageSize).toBe(25);
    const page2 = await api.call('GET', `${TRUNKS}?pageSize=1&pageNumber=2`);
    expect(page2.body).toMatchObject({ pageNumber: 2, pageCount: 3, total: 3 });
    expect(page2.body).toHaveProperty('nextUri');
    expect(page2.body).toHaveProperty('previousUri');
    const beyond = await api.call('GET', `${TRUNKS}?pageSize=2&pageNumber=5`);
    expect((beyond.body as { entities: unknown[] }).entities).toEqual([]);
    expect((await api.call('GET', `${TRUNKS}?pageSize=0`)).status).toBe(400);
    expect((await api.call('GET', `${TRUNKS}?pageSize=101`)).status).toBe(400);
    expect((await api.call('GET', `${TRUNKS}?pageNumber=abc`)).status).toBe(400);
  });

  it('expresses each offline and degraded variant through one clause of the derivation', async () => {
    const sim = await start();
    const api = await apiFor(sim);
    const trunkId = api.org.trunks[0]?.id as string;
    const read = async () => (await api.call('GET', `${TRUNKS}/${trunkId}`)).body as Record<string, unknown>;
    const cases = [
      ['offline', 'inactive', { state: 'inactive' }],
      ['offline', 'outOfService', { inService: false }],
      ['offline', 'disabled', { enabled: false }],
      ['offline', 'disconnected', { connectedStatus: expect.objectContaining({ connected: false }) }],
    ] as const;
    for (const [health, variant, expected] of cases) {
      sim.sim.admin.setTrunkHealth(api.org.id, trunkId, health, variant);
      expect(await read()).toMatchObject(expected);
    }
    sim.sim.admin.setTrunkHealth(api.org.id, trunkId, 'degraded', 'options');
    const degraded = (await read()) as {
      connectedStatus: { connected: boolean };
      optionsStatus: Array<{ optionState: boolean; errorInfo?: unknown }>;
      registersStatus: Array<{ registerState: boolean }>;
    };
    expect(degraded.connectedStatus.connected).toBe(true);
    expect(degraded.optionsStatus[0]).toMatchObject({ optionState: false, errorInfo: expect.any(Object) });
    expect(degraded.registersStatus.every((r) => r.registerState)).toBe(true);
  });
});

describe('utilization', () => {
  const start = useSims();

  it('rejects unknown media types, capacities outside 0..25 and non-integers with a 400 ErrorBody', async () => {
    const sim = await start();
    const api = await apiFor(sim);
    const path = `/api/v2/routing/users/${api.org.agents[0]?.id}/utilization`;
    for (const utilization of [
      { video: { maximumCapacity: 1 } },
      { call: { maximumCapacity: 26 } },
      { call: { maximumCapacity: -1 } },
      { call: { maximumCapacity: 1.5 } },
      { call: {} },
      { chat: { maximumCapacity: 1, interruptableMediaTypes: ['fax'] } },
    ]) {
      const res = await api.call('PUT', path, { utilization });
      expect(res.status, JSON.stringify(utilization)).toBe(400);
      expect(res.body).toMatchObject({ status: 400, code: 'bad.request', message: expect.any(String) });
    }
    expect(
      (
        await api.call('PUT', path, {
          utilization: { call: { maximumCapacity: 25 }, email: { maximumCapacity: 0 } },
        })
      ).status,
    ).toBe(200);
    expect(
      (await api.call('PUT', '/api/v2/routing/users/nobody/utilization', { utilization: {} })).status,
    ).toBe(404);
  });

  it('resets omitted media types to the org default: the last full map wins', async () => {
    const sim = await start();
    const api = await apiFor(sim);
    const path = `/api/v2/routing/users/${api.org.agents[0]?.id}/utilization`;
    await api.call('PUT', path, {
      utilization: { call: { maximumCapacity: 3 }, email: { maximumCapacity: 5 } },
    });
    await api.call('PUT', path, { utilization: { call: { maximumCapacity: 2 } } });
    const now = (await api.call('GET', path)).body as {
      utilization: Record<string, { maximumCapacity: number }>;
    };
    expect(now.utilization.call?.maximumCapacity).toBe(2);
    expect(now.utilization.email?.maximumCapacity).toBe(1);
  });
});

describe('campaigns', () => {
  const start = useSims();

  it('validates the whole campaign on PUT and keeps fields the sync does not own', async () => {
    const sim = await start();
    const api = await apiFor(sim);
    const id = api.org.campaigns[0]?.id;
    const path = `/api/v2/outbound/campaigns/${id}`;
    const campaign = (await api.call('GET', path)).body as Record<string, unknown>;
    const { version: _version, ...withoutVersion } = campaign;
    expect((await api.call('PUT', path, withoutVersion)).status).toBe(400);
    expect((await api.call('PUT', path, { ...campaign, dialingMode: 'telepathy' })).status).toBe(400);
    expect((await api.call('PUT', path, { ...campaign, id: 'other' })).status).toBe(400);
    expect((await api.call('PUT', path, { ...campaign, outboundLineCount: -1 })).status).toBe(400);
    const ok = await api.call('PUT', path, { ...campaign, outboundLineCount: 11 });
    expect(ok.body).toMatchObject({
      ...campaign,
      version: 2,
      outboundLineCount: 11,
      dateModified: expect.any(String),
    });
    const stale = await api.call('PUT', path, { ...campaign, outboundLineCount: 12 });
    expect(stale.body).toMatchObject({ status: 409, code: 'conflict', message: VERSION_MISMATCH_MESSAGE });
    expect(sim.sim.admin.campaign(api.org.id, id as string)?.outboundLineCount).toBe(11);
  });

  it('PATCHes without a version check, answers 204 and moves the version', async () => {
    const sim = await start();
    const api = await apiFor(sim);
    const id = api.org.campaigns[0]?.id as string;
    const path = `/api/v2/outbound/campaigns/${id}`;
    const res = await api.call('PATCH', path, { outboundLineCount: 8 });
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    expect(sim.sim.admin.campaign(api.org.id, id)).toMatchObject({ version: 2, outboundLineCount: 8 });
    expect((await api.call('PATCH', path, { outboundLineCount: 'eight' })).status).toBe(400);
    expect(
      (await api.call('PATCH', '/api/v2/outbound/campaigns/missing', { outboundLineCount: 1 })).status,
    ).toBe(404);
    expect((await api.call('GET', '/api/v2/outbound/campaigns/missing')).body).toMatchObject({
      status: 404,
      code: 'not.found',
    });
  });
});
