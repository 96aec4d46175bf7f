import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from '@wfm-sync/test-support';
import { Redis } from 'ioredis';

const run = promisify(execFile);

export interface LocalCluster {
  /** `redis://127.0.0.1:<port>` of the first master: the one node the processes are given (REDIS_CLUSTER=1). */
  readonly url: string;
  readonly ports: readonly number[];
  /** Keys held by each master, in `ports` order. */
  keysPerNode(): Promise<number[]>;
  stop(): Promise<void>;
}

async function clusterState(port: number): Promise<string> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
  client.on('error', () => {});
  try {
    await client.connect();
    const info = String(await client.call('CLUSTER', 'INFO'));
    return /cluster_state:(\w+)/.exec(info)?.[1] ?? 'unknown';
  } finally {
    client.disconnect();
  }
}

/**
 * A throwaway Redis Cluster of `masters` masters (no replicas) on free loopback ports, made the way an operator
 * makes one: `redis-server --cluster-enabled yes` per node, then `redis-cli --cluster create`.
 */
export async function startLocalCluster(masters = 3): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-cluster-'));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  let spawnError: Error | undefined;
  const stop = async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      // The bus port is chosen too: the default (port + 10000) may be taken or beyond 65535.
      const busPort = await freePort();
      ports.push(port);
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--cluster-port',
          String(busPort),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${port}.conf`),
          '--cluster-node-timeout',
          '5000',
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
          '--maxmemory-policy',
          'noeviction',
        ],
        { stdio: 'ignore' },
      );
      child.once('error', (error) => {
        spawnError = new Error(`redis-server could not start (is it on PATH?): ${error.message}`);
      });
      children.push(child);
    }
    await waitFor(
      async () => {
        if (spawnError) throw spawnError;
        await Promise.all(ports.map(clusterState));
        return true;
      },
      { timeoutMs: 10_000, what: 'every cluster node answering' },
    );
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await waitFor(async () => (await Promise.all(ports.map(clusterState))).every((s) => s === 'ok'), {
      timeoutMs: 20_000,
      intervalMs: 200,
      what: 'cluster_state:ok on every node',
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${ports[0]}`,
    ports,
    keysPerNode: () =>
      Promise.all(
        ports.map(async (port) => {
          const client = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0 });
          try {
            return await client.dbsize();
          } finally {
            client.disconnect();
          }
        }),
      ),
    stop,
  };
}
