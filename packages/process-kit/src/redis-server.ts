import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';

export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** The server's process id (it changes on restart). */
  readonly pid: number;
  /** SIGSTOPs the server: a stall, not a crash (connections stay open, nothing is answered until `resume`). */
  stall(): void;
  /** SIGCONTs a stalled server. */
  resume(): void;
  /** SIGKILLs the server (data not fsynced is lost, as in a crash). */
  kill(): Promise<void>;
  /** Starts the server again on the same port and data directory (AOF is replayed when enabled). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface PrivateRedisOptions {
  appendOnly?: boolean;
  extraArgs?: string[];
}

function redisServerBinary(): string {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'No Redis answers at REDIS_URL and no `redis-server` is on PATH. ' +
        'Install one (Debian/Ubuntu: `apt-get install redis-server`; macOS: `brew install redis`) ' +
        'or set REDIS_URL to a running Redis.',
    );
  }
  return 'redis-server';
}

/** Starts a throwaway redis-server on a free loopback port; for tests that need AOF, restarts or crashes. */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const bin = redisServerBinary();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wfm-redis-'));
  let child: ChildProcess | undefined;
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    options.appendOnly ? 'yes' : 'no',
    '--appendfsync',
    'always',
    '--maxmemory-policy',
    'noeviction',
    ...(options.extraArgs ?? []),
  ];
  const url = `redis://127.0.0.1:${port}`;

  const launch = async () => {
    child = spawn(bin, args, { stdio: 'ignore' });
    await waitFor(() => redisAnswers(url), { timeoutMs: 10_000, what: `redis-server on port ${port}` });
  };
  const killChild = async (signal: NodeJS.Signals) => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill(signal);
    await exited;
  };

  const signal = (name: NodeJS.Signals) => {
    const pid = child?.pid;
    if (pid === undefined) throw new Error(`redis-server on port ${port} is not running`);
    process.kill(pid, name);
  };

  await launch();
  return {
    url,
    port,
    dir,
    get pid() {
      const pid = child?.pid;
      if (pid === undefined) throw new Error(`redis-server on port ${port} is not running`);
      return pid;
    },
    stall: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    kill: () => killChild('SIGKILL'),
    restart: async () => {
      await killChild('SIGTERM');
      await launch();
    },
    stop: async () => {
      // A stalled server ignores SIGTERM until it runs again.
      if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) signal('SIGCONT');
      await killChild('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** True when a Redis answers PING at `url` (used to pick REDIS_URL or a private server). */
export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    protocol: 2,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Deletes every key that starts with `prefix` (SCAN, never KEYS). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}
