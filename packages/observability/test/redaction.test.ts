import { describe, expect, it } from 'vitest';
import { childLogger, createLogger, REDACTED, SECRET_KEYS } from '../src/index.js';
import { captureStream } from './capture.js';

const HEADER_NAMES = [
  'authorization',
  'Authorization',
  'AUTHORIZATION',
  'aUtHoRiZaTiOn',
  'Proxy-Authorization',
];

/** Every secret is distinct so an assertion names the one that leaked. */
function secretFor(where: string): string {
  return `SECRET-${where.replace(/[^A-Za-z0-9]/g, '-')}-9f3k`;
}

function loggedSecrets(
  log: (logger: ReturnType<typeof createLogger>, secrets: string[]) => void,
  pretty = false,
) {
  const capture = captureStream();
  const logger = createLogger({
    service: 'redaction-test',
    level: 'trace',
    pretty,
    destination: capture.stream,
  });
  const secrets: string[] = [];
  log(logger, secrets);
  return { output: capture.text(), secrets, lines: capture.lines };
}

function nest(depth: number, key: string, value: unknown): Record<string, unknown> {
  let object: Record<string, unknown> = { [key]: value, visible: 'kept' };
  for (let level = 0; level < depth; level++) object = { [`level${level}`]: object };
  return object;
}

describe('log redaction', () => {
  it.each([0, 1, 2, 3, 6, 12])('redacts every secret key at depth %i', (depth) => {
    const { output, secrets } = loggedSecrets((logger, collected) => {
      for (const key of SECRET_KEYS) {
        const secret = secretFor(`${key}-${depth}`);
        collected.push(secret);
        logger.info(nest(depth, key, secret), `logging ${key}`);
      }
    });
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).toContain(REDACTED);
    expect(output).toContain('kept');
  });

  it('redacts secrets inside arrays one level down', () => {
    const secret = secretFor('array');
    const { output } = loggedSecrets((logger) => {
      logger.info({ orgs: [{ id: 'acme', clientSecret: secret }] }, 'topology');
    });
    expect(output).not.toContain(secret);
    expect(output).toContain('acme');
  });

  it.each(['headers', 'req.headers', 'request.headers', 'response.request.headers'])(
    'redacts authorization headers in any casing under %s',
    (location) => {
      const { output, secrets } = loggedSecrets((logger, collected) => {
        for (const name of HEADER_NAMES) {
          const secret = `Bearer ${secretFor(`${location}-${name}`)}`;
          collected.push(secret);
          const headers = { [name]: secret, 'content-type': 'application/json' };
          const object = location
            .split('.')
            .reverse()
            .reduce<unknown>((inner, key) => ({ [key]: inner }), headers) as Record<string, unknown>;
          logger.warn(object, 'outbound request');
        }
      });
      for (const secret of secrets) expect(output).not.toContain(secret.slice('Bearer '.length));
      expect(output).toContain('application/json');
    },
  );

  it.each([
    'Cookie',
    'set-cookie',
    'X-API-Key',
    'x_api_key',
    'Client-Secret',
    'dashboardPassword',
    'PASSWORD',
  ])('redacts %s in any spelling, deep inside arrays', (key) => {
    const secret = secretFor(`spelling-${key}`);
    const { output } = loggedSecrets((logger) => {
      logger.info({ a: [{ b: { c: [{ d: { [key]: secret, visible: 'kept' } }] } }] }, 'deep');
    });
    expect(output).not.toContain(secret);
    expect(output).toContain('kept');
  });

  it('keeps a fencing token and other counters named like tokens', () => {
    const { lines } = loggedSecrets((logger) => logger.info({ fencingToken: 42, tokenFetches: 3 }, 'lease'));
    expect(lines()[0]).toMatchObject({ fencingToken: 42, tokenFetches: 3 });
  });

  it('logs a Redis error without its command arguments, at the top level and nested', () => {
    const eventData = 'NOTE-with-personal-data-7731';
    // The shape of ioredis' ReplyError: the failed command with its arguments as own enumerable fields.
    const replyError = Object.assign(new Error('ERR Error running script'), {
      command: { name: 'evalsha', args: ['0123abcd', '1', `{"notes":"${eventData}"}`] },
    });
    const { output, lines } = loggedSecrets((logger) => {
      logger.warn({ err: replyError }, 'store failed');
      logger.warn(replyError, 'store failed as first argument');
      logger.warn({ context: { cause: replyError } }, 'nested');
      logger.warn({ err: new Error('wrapped', { cause: replyError }) }, 'as cause');
    });
    expect(output).not.toContain(eventData);
    expect(output).not.toContain('0123abcd');
    expect(lines()[0]).toMatchObject({
      err: { message: 'ERR Error running script', command: { name: 'evalsha' } },
    });
    expect(lines()).toHaveLength(4);
  });

  it('survives cyclic objects', () => {
    const cyclic: Record<string, unknown> = { name: 'loop', password: 'p-cyclic-1' };
    cyclic.self = cyclic;
    const { output } = loggedSecrets((logger) => logger.info({ inner: { cyclic } }, 'cycle'));
    expect(output).not.toContain('p-cyclic-1');
  });

  it('does not change the objects it logs', () => {
    const headers = { Authorization: 'Bearer live-token', AuThOrIzAtIoN: 'Bearer other' };
    const request = { headers, clientSecret: 'kept-in-memory' };
    loggedSecrets((logger) => logger.info({ request }, 'request'));
    expect(request).toEqual({
      headers: { Authorization: 'Bearer live-token', AuThOrIzAtIoN: 'Bearer other' },
      clientSecret: 'kept-in-memory',
    });
  });

  it('redacts child bindings and environment-style keys', () => {
    const secret = secretFor('binding');
    const webhookSecrets = 'whsec_c2VjcmV0LWluLWVudg==';
    const { output, lines } = loggedSecrets((logger) => {
      const child = childLogger(logger, { org: 'acme-apac', job: 'reconcile', token: secret });
      child.info({ env: { WEBHOOK_SECRETS: webhookSecrets, PORT: '8080' } }, 'starting');
      childLogger(child, { key: 'acme-apac:user-1', headers: { AUTHORIZATION: secret } }).debug(
        'nested child',
      );
    });
    expect(output).not.toContain(secret);
    expect(output).not.toContain(webhookSecrets);
    expect(lines()[0]).toMatchObject({
      service: 'redaction-test',
      org: 'acme-apac',
      job: 'reconcile',
      token: REDACTED,
    });
    expect(lines()[1]).toMatchObject({ key: 'acme-apac:user-1' });
  });

  it('redacts values interpolated into the message, and child bindings at any depth', () => {
    const secret = secretFor('interpolated');
    const { output, lines } = loggedSecrets((logger) => {
      logger.info('connecting with %j', { password: secret, host: 'redis-1' });
      logger.warn({ org: 'acme' }, 'client %o', { deep: { deeper: { clientSecret: secret } } });
      childLogger(logger, { a: { b: { c: { d: { token: secret } } } } }).info('deep binding');
      const child = logger.child({ component: 'late' });
      child.setBindings({ secrets: [secret] });
      child.info('bindings set later');
    });
    expect(output).not.toContain(secret);
    expect(lines()[0]?.msg).toContain('redis-1');
    expect(lines()[2]).toMatchObject({ a: { b: { c: { d: { token: REDACTED } } } } });
    expect(lines()[3]).toMatchObject({ component: 'late', secrets: REDACTED });
  });

  it('redacts in pretty output too', () => {
    const secret = secretFor('pretty');
    const { output } = loggedSecrets((logger) => {
      logger.info(
        { clientSecret: secret, req: { headers: { Authorization: `Basic ${secret}` } } },
        'pretty line',
      );
    }, true);
    expect(output).toContain('pretty line');
    expect(output).not.toContain(secret);
  });
});

describe('createLogger', () => {
  it('writes JSON lines with the service and level', () => {
    const capture = captureStream();
    const logger = createLogger({
      service: 'ingest',
      level: 'warn',
      pretty: false,
      destination: capture.stream,
    });
    logger.info('dropped');
    logger.warn({ org: 'acme' }, 'kept');
    const lines = capture.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ service: 'ingest', level: 40, org: 'acme', msg: 'kept' });
    expect(typeof lines[0]?.time).toBe('string');
  });
});
