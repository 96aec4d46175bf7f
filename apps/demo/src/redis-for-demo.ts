import { startPrivateRedis } from '@wfm-sync/test-support';
import { Redis } from 'ioredis';

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
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

/** REDIS_URL (default 127.0.0.1:6379) if it answers, else a private redis-server from PATH. */
export async function redisForDemo(): Promise<{ url: string; started: boolean; stop(): Promise<void> }> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await answers(url)) return { url, started: false, stop: async () => {} };
  const server = await startPrivateRedis({ appendOnly: true });
  return { url: server.url, started: true, stop: () => server.stop() };
}
