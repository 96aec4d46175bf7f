import { connect, createServer, type Socket } from 'node:net';

export interface LatencyProxy {
  /** `redis://127.0.0.1:PORT`: the upstream Redis, `delayMs` further away each way. */
  url: string;
  /** Chunks relayed so far, both ways: proof that the traffic went through the proxy. */
  relayed(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of Redis that holds every chunk `delayMs` before passing it on, both ways, in order: a Redis
 * across a network, on loopback. Chunks of one direction keep their order because timers of one duration fire in the
 * order they were set. Node's timers have a 1 ms granularity, so a delay is at least 1 ms.
 */
export async function startLatencyProxy(upstreamUrl: string, delayMs: number): Promise<LatencyProxy> {
  const upstream = new URL(upstreamUrl);
  const sockets = new Set<Socket>();
  let relayed = 0;
  const relay = (from: Socket, to: Socket) =>
    from.on('data', (chunk: Buffer) => {
      setTimeout(() => {
        relayed += 1;
        if (!to.destroyed) to.write(chunk);
      }, delayMs);
    });
  const server = createServer((client) => {
    const redis = connect(Number(upstream.port || 6379), upstream.hostname);
    for (const socket of [client, redis]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      // Either side gone: both go (after the chunks already held have had their delay, as a network would).
      socket.on('close', () => {
        sockets.delete(socket);
        setTimeout(() => {
          client.destroy();
          redis.destroy();
        }, delayMs);
      });
      socket.on('error', () => socket.destroy());
    }
    relay(client, redis);
    relay(redis, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    relayed: () => relayed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
