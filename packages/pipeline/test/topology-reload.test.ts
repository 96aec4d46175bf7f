import type { OrgConfig, Topology } from '@wfm-sync/config';
import { afterEach, describe, expect, it } from 'vitest';
import { orgQueueName, regionQueueName } from '../src/index.js';
import { type Harness, startHarness } from './harness.js';

describe('topology reload (decision 026): workers follow the index without a restart', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('starts and stops consumers and trunk polls of an added, then removed org; rebuilds a changed org client', async () => {
    h = await startHarness({ label: 'topology-reload' });
    const original = h.topology.topology;
    const org = original.orgs[0] as OrgConfig;
    const worker = await h.startWorker();
    const before = [...worker.queues];

    const added: OrgConfig = { ...org, id: 'org-added', region: 'eu-west-1' };
    const grown: Topology = {
      orgs: [...original.orgs, added],
      trunks: original.trunks,
      routingGroups: [
        ...original.routingGroups,
        { id: 'rg-added', orgId: 'org-added', trunkIds: [], campaignIds: [], callsPerAgent: 1, minLines: 0 },
      ],
    };
    h.topology.replace(grown);
    await worker.refresh();
    expect(worker.queues).toEqual(
      expect.arrayContaining([
        ...before,
        regionQueueName('eu-west-1'),
        orgQueueName('eu-west-1', 'org-added'),
        '{eu-west-1/org-added/rg-added}',
      ]),
    );
    // Trunk polls run in the org's own queue (decision 025).
    const schedulers = async () =>
      (await h!.ctx.queues.get(orgQueueName('eu-west-1', 'org-added')).getJobSchedulers()).map((s) => s.key);
    expect(await schedulers()).toContain('trunk-poll:org-added');

    // A changed org gets a new client; an unchanged one keeps its client.
    const client = h.ctx.clientFor(org.id);
    expect(h.ctx.clientFor(org.id)).toBe(client);
    h.topology.replace({ ...original, orgs: [{ ...org, requestsPerMinute: 60 }] });
    await worker.refresh();
    expect(h.ctx.clientFor(org.id)).not.toBe(client);
    expect(() => h!.ctx.clientFor('org-added')).toThrow(/not in the topology/);
    expect(worker.queues.sort()).toEqual(before.sort());
    expect(await schedulers()).not.toContain('trunk-poll:org-added');
  });
});
