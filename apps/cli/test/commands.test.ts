import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@wfm-sync/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentEvent, type CliStack, startCliStack } from './support/cli-stack.js';

describe('wfm-sync against real Redis and gc-sim', () => {
  let s: CliStack;
  let region: string;
  let applied: ReturnType<CliStack['agent']>;

  beforeAll(async () => {
    s = await startCliStack();
    region = s.topology.org(s.orgId)!.region;
    applied = s.agent(0, 4);
    await s.recorder.record([
      agentEvent(s.orgId, applied, 1),
      agentEvent(s.orgId, { ...s.agent(1, 1), userId: 'no-such-user' }, 1),
    ]);
    await s.startWorker();
    const key = { orgId: s.orgId, kind: 'agent' as const, id: applied.userId };
    await waitFor(async () => (await s.ctx.state.load(key)).status === 'applied', { what: 'applied' });
    await waitFor(async () => (await s.ctx.deadLetters.list(region)).length === 1, { what: 'dead letter' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('status: a table per region and per org, or JSON', async () => {
    const human = await s.run(['status']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^REGION\s+WAITING\s+ACTIVE\s+DELAYED\s+FAILED\s+PARKED\s+DEAD LETTERS\s+OLDEST PENDING$/m,
    );
    expect(human.stdout).toMatch(
      new RegExp(`^${region}\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+0\\s+1\\s+-$`, 'm'),
    );
    // No worker runs, so nobody holds the org's notification channels.
    expect(human.stdout).toMatch(
      new RegExp(`^${s.orgId}\\s+${region}\\s+live\\s+[1-9]\\d*/6000\\s+-\\s+-\\s+no-owner$`, 'm'),
    );

    const json = await s.run(['status', '--json', '--region', region]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.regions).toHaveLength(1);
    expect(parsed.regions[0]).toMatchObject({ region, deadLetters: 1, parkedAgents: 0 });
    expect(parsed.orgs[0]).toMatchObject({
      orgId: s.orgId,
      mode: 'live',
      blockedUntil: null,
      holds: [],
      notifications: { status: 'no-owner', since: null, gaps: 0 },
    });

    const unknown = await s.run(['status', '--region', 'eu-west-1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no org of the topology is in region "eu-west-1"');
  });

  it('inspect: desired, applied, plan and trail; clear errors for unknown keys, orgs and kinds', async () => {
    const human = await s.run(['inspect', s.orgId, 'agent', applied.userId]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^status\s+applied$/m);
    expect(human.stdout).toMatch(/^revision\s+desired 1, applied 1$/m);
    // The worker's plan: an agent's first write goes without a read (decision 015), and says so.
    expect(human.stdout).toContain(`plan         agent ${applied.userId}  call.maximumCapacity not read → 4`);
    expect(human.stdout).toMatch(/^AT\s+WORKER\s+ATTEMPT\s+OUTCOME\s+REASON\s+DETAIL$/m);
    expect(human.stdout).toMatch(/\s1\s+applied\s+first-sync/);

    const json = JSON.parse((await s.run(['inspect', s.orgId, 'agent', applied.userId, '--json'])).stdout);
    expect(json).toMatchObject({ status: 'applied', applied: { call: { maximumCapacity: 4 } } });

    const dead = await s.run(['inspect', s.orgId, 'agent', 'no-such-user']);
    expect(dead.stdout).toMatch(/^dead letter\s+not-found: /m);

    const missing = await s.run(['inspect', s.orgId, 'agent', 'nobody']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe(
      `wfm-sync: agent nobody of org ${s.orgId}: wfm-sync has no record of this key\n`,
    );

    const badOrg = await s.run(['inspect', 'nope', 'agent', 'x']);
    expect(badOrg.code).toBe(2);
    expect(badOrg.stderr).toContain(`org "nope" is not in the topology (orgs: ${s.orgId})`);

    const badKind = await s.run(['inspect', s.orgId, 'agents', 'x']);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain(
      'unknown kind "agents": one of agent, trunk, campaign, timeoff, schedule',
    );
    expect(badKind.stderr).not.toMatch(/\n\s+at /);
  });

  it('dlq: list with filters, replay and purge with the actor, refusing an unfiltered purge', async () => {
    const list = await s.run(['dlq', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      new RegExp(`^${region}\\s+${s.orgId}\\s+agent\\s+no-such-user\\s+not-found\\s+1\\s`, 'm'),
    );
    expect(list.stdout).toContain('1 dead letter\n');
    expect(JSON.parse((await s.run(['dlq', 'list', '--kind', 'campaign', '--json'])).stdout)).toEqual([]);
    expect(JSON.parse((await s.run(['dlq', 'list', '--reason', 'not-found', '--json'])).stdout)).toHaveLength(
      1,
    );

    expect((await s.run(['dlq', 'purge'])).code).toBe(2);
    const noOrg = await s.run(['dlq', 'replay', '--key', 'agent:no-such-user']);
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toContain('--key needs --org');

    const replay = await s.run([
      'dlq',
      'replay',
      '--org',
      s.orgId,
      '--key',
      'agent:no-such-user',
      '--actor',
      'alice',
    ]);
    expect(replay).toMatchObject({ code: 0, stdout: 'replayed 1 dead letter (actor alice)\n' });
    await waitFor(async () => (await s.ctx.deadLetters.list(region)).length === 1, {
      what: 'dead-lettered again',
    });

    const purge = await s.run(['dlq', 'purge', '--org', s.orgId, '--json']);
    expect(purge.code).toBe(0);
    expect(JSON.parse(purge.stdout)).toEqual({ purged: 1, actor: 'tester' });
    expect(JSON.parse((await s.run(['dlq', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('resync: re-enqueues every known key of the org (of a kind)', async () => {
    const key = { orgId: s.orgId, kind: 'agent' as const, id: applied.userId };
    const before = (await s.ctx.trail.read(key)).length;
    const run = await s.run(['resync', s.orgId, '--kind', 'agent']);
    expect(run).toMatchObject({ code: 0, stdout: `enqueued 2 keys of org ${s.orgId} (agent)\n` });
    await waitFor(async () => (await s.ctx.trail.read(key)).length > before, { what: 'resynced' });
    const all = JSON.parse((await s.run(['resync', s.orgId, '--json'])).stdout);
    expect(all.enqueued).toBeGreaterThan(2);
    expect((await s.run(['resync', s.orgId, '--kind', 'bogus'])).code).toBe(2);
  });

  it('topology check: 0 for a valid file, 78 with the problem for an invalid one, like the processes', async () => {
    const valid = await s.run(['topology', 'check', s.topologyFile]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/valid \(1 orgs, 3 trunks, \d+ routing groups\)/);

    const bad = join(s.dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ orgs: [{ id: 'x', region: 'mars-1' }], trunks: [], routingGroups: [] }),
    );
    const invalid = await s.run(['topology', 'check', bad]);
    expect(invalid.code).toBe(78);
    expect(invalid.stderr).toContain(`Invalid configuration in ${bad}`);
    expect(invalid.stderr).toContain('orgs[0].region');
    expect(invalid.stderr).not.toMatch(/\n\s+at /);

    const secretMissing = await s.run(['topology', 'check', s.topologyFile], {
      ...Object.fromEntries(
        Object.keys(s.env)
          .filter((k) => k.endsWith('_CLIENT_SECRET'))
          .map((k) => [k, '']),
      ),
    });
    expect(secretMissing.code).toBe(78);
    expect(secretMissing.stderr).toContain('is empty');

    const notJson = join(s.dir, 'not.json');
    writeFileSync(notJson, '{ "orgs": [ }');
    expect((await s.run(['topology', 'check', notJson])).code).toBe(78);
  });

  it('configuration and connection problems: 78 for a bad environment, 1 and one line when Redis is not there', async () => {
    const env = await s.run(['status'], { SYNC_MODE: 'sometimes' });
    expect(env.code).toBe(78);
    expect(env.stderr).toContain('SYNC_MODE');
    const prefix = await s.run(['status'], { WFM_KEY_PREFIX: 'a b' });
    expect(prefix.code).toBe(78);

    const down = await s.run(['status'], { REDIS_URL: 'redis://:hunter2@127.0.0.1:1' });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^wfm-sync: cannot reach Redis at 127\.0\.0\.1:1: .*\(REDIS_URL\)\n$/);
    expect(down.stderr).not.toContain('hunter2');
  });

  it('--help everywhere, usage errors exit 2', async () => {
    for (const args of [
      ['--help'],
      ['status', '--help'],
      ['dlq', 'replay', '--help'],
      ['topology', 'check', '--help'],
      ['plan', '--help'],
    ]) {
      const run = await s.run(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toContain('Usage: wfm-sync');
    }
    const unknown = await s.run(['statsu']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'statsu'");
    expect((await s.run(['inspect', s.orgId])).code).toBe(2);
    expect((await s.run(['status', '--bogus'])).code).toBe(2);
  });
});
