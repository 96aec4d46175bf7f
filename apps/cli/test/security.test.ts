import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentEvent, type CliStack, startCliStack } from './support/cli-stack.js';

// An id an older version accepted: an escape sequence that clears the screen, and a forged line.
const HOSTILE_ID = 'agent-\u001b[2J\u001b[31m\nOK all keys applied\r';

describe('wfm-sync output and key reset', () => {
  let s: CliStack;
  beforeAll(async () => {
    s = await startCliStack({ agents: 3, trunks: 1 });
    await s.recorder.record([agentEvent(s.orgId, { ...s.agent(0, 2), userId: HOSTILE_ID }, 1)]);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('escapes control characters in everything it prints', async () => {
    const runs = [
      await s.run(['inspect', s.orgId, 'agent', HOSTILE_ID]),
      await s.run(['inspect', s.orgId, 'agent', HOSTILE_ID, '--json']),
      await s.run(['inspect', s.orgId, 'agent', `${HOSTILE_ID}-missing`]),
      await s.run(['key', 'reset', s.orgId, 'agent', HOSTILE_ID]),
    ];
    for (const run of runs) {
      const output = run.stdout + run.stderr;
      expect(output.replaceAll('\n', '')).not.toMatch(/\p{Cc}/u);
      expect(output).not.toMatch(/^OK all keys applied/m);
    }
    expect(runs[0]!.stdout).toContain('agent-\\x1b[2J\\x1b[31m\\x0aOK all keys applied\\x0d');
    expect(runs[2]!.code).toBe(1);
  });

  it('key reset: a key stuck behind a huge sequence takes the next event, and the trail says who reset it', async () => {
    const data = s.agent(1, 2);
    const key = { orgId: s.orgId, kind: 'agent' as const, id: data.userId };
    await s.recorder.record([agentEvent(s.orgId, data, 2 ** 50)]);
    expect((await s.recorder.record([agentEvent(s.orgId, s.agent(1, 3), 7)])).outcomes).toEqual(['stale']);

    const reset = await s.run(['key', 'reset', s.orgId, 'agent', data.userId, '--actor', 'alice']);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain(`event order reset (stored sequence was ${2 ** 50})`);
    expect((await s.recorder.record([agentEvent(s.orgId, s.agent(1, 3), 7)])).outcomes).toEqual(['accepted']);
    const trail = await s.ctx.trail.read(key);
    expect(trail.find((decision) => decision.outcome === 'ordering-reset')).toMatchObject({
      worker: 'operator alice',
      reason: 'operator-reset',
    });

    const json = await s.run(['key', 'reset', s.orgId, 'agent', 'never-seen', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ cleared: 0, previousSequence: null });
    const unknownOrg = await s.run(['key', 'reset', 'acme-mars', 'agent', 'x']);
    expect(unknownOrg.code).toBe(2);
  });
});
