import { Writable } from 'node:stream';
import { createLogger } from '@wfm-sync/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentData, agentEvent, type Harness, startHarness } from './harness.js';

describe('a failed store script, logged', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ agents: 2, trunks: 1 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('names the Redis error and command, never the arguments (the events it was storing)', async () => {
    const orgId = h.topology.topology.orgs[0]!.id;
    const data = agentData(h, 0, 2);
    // A state key of the wrong type makes the real script fail inside Redis (WRONGTYPE), as a ReplyError.
    await h.ctx.redis.set(h.ctx.names.org(orgId).state('agent', data.userId), 'not-a-hash');
    const event = agentEvent(orgId, data, 1, { id: 'evt-PERSONAL-NOTE-4417' });
    const error = await h.recorder.record([event]).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Error);
    // What ioredis attaches: the command with its arguments, event data included.
    expect(JSON.stringify((error as { command?: unknown }).command)).toContain('evt-PERSONAL-NOTE-4417');

    let output = '';
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        output += chunk.toString();
        callback();
      },
    });
    const logger = createLogger({ service: 'ingest', pretty: false, destination });
    logger.warn({ err: error }, 'could not record events: shedding webhook');
    logger.warn({ context: { error } }, 'nested');
    expect(output).not.toContain('evt-PERSONAL-NOTE-4417');
    expect(output).not.toContain(data.userId);
    expect(output).toContain('WRONGTYPE');
    expect(output).toMatch(/"command":\{"name":"(evalsha|eval)"\}/);
  });
});
