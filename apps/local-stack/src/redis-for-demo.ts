import { redisAnswers, startPrivateRedis } from '@wfm-sync/process-kit';

/** REDIS_URL (default 127.0.0.1:6379) if it answers, else a private redis-server from PATH. */
export async function redisForDemo(): Promise<{ url: string; started: boolean; stop(): Promise<void> }> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) return { url, started: false, stop: async () => {} };
  const server = await startPrivateRedis({ appendOnly: true });
  return { url: server.url, started: true, stop: () => server.stop() };
}
