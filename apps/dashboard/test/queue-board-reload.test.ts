import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TopologyHolder } from '@wfm-sync/config';
import { generateFixture, type SimTopology, topologyFromFixture } from '@wfm-sync/gc-sim';
import { deadLetterQueueName, orgQueueName, regionQueueName } from '@wfm-sync/pipeline';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadTopologyWithoutSecrets } from '../src/topology.js';
import { basicAuthHeader, OPERATOR, startTestDashboard, type TestDashboard } from './support/dashboard.js';

const AUTHORIZED = { authorization: basicAuthHeader(OPERATOR.user, OPERATOR.password) };

/** The part of bull-board's `GET /api/queues` answer this test reads. */
const BoardAnswer = z.object({ queues: z.array(z.object({ name: z.string() })) });

/** Two orgs in two regions: removing the second also removes its region's queues. */
const fixture = generateFixture({
  seed: 5,
  orgs: 2,
  trunks: 2,
  agents: 4,
  regions: ['ap-southeast-1', 'eu-west-1'],
});
const full = topologyFromFixture(fixture, { baseUrl: 'http://127.0.0.1:9' }).topology;
const [stays, comes] = full.orgs;

function onlyOrgs(...orgIds: string[]): SimTopology {
  const keep = new Set(orgIds);
  return {
    orgs: full.orgs.filter((org) => keep.has(org.id)),
    trunks: full.trunks.filter((trunk) => keep.has(trunk.orgId)),
    routingGroups: full.routingGroups.filter((group) => keep.has(group.orgId)),
  };
}

describe('dashboard: bull-board follows a topology reload (decision 026)', () => {
  let dashboard: TestDashboard | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await dashboard?.close();
    dashboard = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("an added org's queues appear in the board's API, a removed org's disappear and their Queue objects are closed", async () => {
    if (!stays || !comes) throw new Error('the fixture has two orgs');
    expect(comes.region).toBe('eu-west-1');
    dir = mkdtempSync(join(tmpdir(), 'wfm-board-reload-'));
    const path = join(dir, 'topology.json');
    const write = (topology: SimTopology) => writeFileSync(path, JSON.stringify(topology));
    write(onlyOrgs(stays.id));
    const holder = new TopologyHolder(() => loadTopologyWithoutSecrets(path));
    dashboard = await startTestDashboard({ holder });
    const board = dashboard;
    const listed = async () => {
      const response = await board.app.inject({ url: '/queues/api/queues', headers: AUTHORIZED });
      expect(response.statusCode).toBe(200);
      return BoardAnswer.parse(response.json()).queues.map((queue) => queue.name);
    };
    const newQueues = [
      orgQueueName('eu-west-1', comes.id),
      regionQueueName('eu-west-1'),
      deadLetterQueueName('eu-west-1'),
      ...full.routingGroups.filter((g) => g.orgId === comes.id).map((g) => `{eu-west-1/${comes.id}/${g.id}}`),
    ];
    const before = await listed();
    expect(before).toContain(orgQueueName('ap-southeast-1', stays.id));
    for (const name of newQueues) expect(before).not.toContain(name);
    // Each BullMQ Queue puts listeners on the shared connection until it is closed.
    const listeners = board.connection.listenerCount('ready');

    write(full);
    expect(await holder.reload()).toMatchObject({ outcome: 'applied', changes: { added: [comes.id] } });
    const grown = await listed();
    expect(grown).toEqual(expect.arrayContaining([...before, ...newQueues]));
    expect(board.connection.listenerCount('ready')).toBeGreaterThan(listeners);
    // A job of the org, to see that its removal leaves its recorded state alone.
    await board.ctx.queues.get(orgQueueName('eu-west-1', comes.id)).add('reconcile', { kept: true });

    write(onlyOrgs(stays.id));
    expect(await holder.reload()).toMatchObject({ outcome: 'applied', changes: { removed: [comes.id] } });
    expect((await listed()).sort()).toEqual([...before].sort());
    expect(board.connection.listenerCount('ready')).toBe(listeners);
    const open = board.ctx.queues.all().map((queue) => queue.name);
    for (const name of newQueues) expect(open).not.toContain(name);
    // The removed org's queue still holds its job in Redis.
    const counts = await board.ctx.queues.get(orgQueueName('eu-west-1', comes.id)).getJobCounts('waiting');
    expect(counts.waiting).toBe(1);
  });
});
