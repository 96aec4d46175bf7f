import { describe, expect, it } from 'vitest';
import { http, manualClock, tokenFor, useSims } from './helpers.js';

describe('faults that take one org out of service (decision 026)', () => {
  const start = useSims();

  it('quotaSpent: every API request of the org is answered 429 with its long Retry-After; other orgs are served', async () => {
    const clock = manualClock();
    const sim = await start({ now: clock.now });
    const spent = sim.sim.fixture.orgs[0];
    sim.sim.admin.updateFaults({ quotaSpent: { [spent!.id]: { retryAfterS: 3_600 } } });
    const trunkUrl = (orgIndex: number) =>
      `${sim.url}/api/v2/telephony/providers/edges/trunks/${sim.sim.fixture.orgs[orgIndex]!.trunks[0]!.id}`;
    const answer = await http(trunkUrl(0), { token: await tokenFor(sim, 0) });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('3600');
    expect((await http(trunkUrl(1), { token: await tokenFor(sim, 1) })).status).toBe(200);

    // Asking again on the same token before the hour is over is a violation.
    sim.sim.admin.updateFaults({ retryAfterGraceMs: 0 });
    const token = await tokenFor(sim, 0);
    await http(trunkUrl(0), { token });
    // One millisecond later: within a zero grace only a request in the same millisecond is forgiven.
    clock.advance(1);
    await http(trunkUrl(0), { token });
    expect(sim.sim.admin.violations().requestsDuringRetryAfter).toBe(1);
    // Given back, the quota serves the org again.
    sim.sim.admin.updateFaults({ quotaSpent: {} });
    expect((await http(trunkUrl(0), { token: await tokenFor(sim, 0) })).status).toBe(200);
  });

  it('revokedClients: the token endpoint refuses the client and its tokens are refused, until restored', async () => {
    const sim = await start();
    const token = await tokenFor(sim, 0);
    const trunkUrl = `${sim.url}/api/v2/telephony/providers/edges/trunks/${sim.sim.fixture.orgs[0]!.trunks[0]!.id}`;
    sim.sim.admin.updateFaults({ revokedClients: [sim.sim.fixture.orgs[0]!.id] });
    expect((await http(trunkUrl, { token })).status).toBe(401);
    await expect(tokenFor(sim, 0)).rejects.toThrow(/token request failed: 401/);
    expect(await tokenFor(sim, 1)).toMatch(/.+/);

    sim.sim.admin.updateFaults({ revokedClients: [] });
    expect((await http(trunkUrl, { token: await tokenFor(sim, 0) })).status).toBe(200);
  });
});
