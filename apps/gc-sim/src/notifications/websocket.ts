import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';
import type { NotificationHub } from './hub.js';

/** Where a channel's WebSocket lives on the simulator's port, as `wss://streaming.<host>/channels/{id}` does. */
export const CHANNEL_PATH = /^\/channels\/([^/?#]+)\/?(?:\?.*)?$/;

const SHUTDOWN_GRACE_MS = 1_000;

function refuse(socket: Duplex, status: 404 | 409, message: string): void {
  const reason = status === 404 ? 'Not Found' : 'Conflict';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
}

/**
 * Serves the channels' WebSockets on the HTTP server's `upgrade` event through `ws` (framing, ping/pong frames,
 * close handshake), and hands each accepted connection to the hub. Returns the function that closes them all.
 */
export function attachChannelSockets(server: Server, hub: NotificationHub, logger: Logger): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = CHANNEL_PATH.exec(request.url ?? '');
    if (!match) {
      refuse(socket, 404, 'No such WebSocket endpoint');
      return;
    }
    const channelId = decodeURIComponent(match[1] as string);
    const refusal = hub.refusal(channelId);
    if (refusal) {
      refuse(socket, refusal === 'unknownChannel' ? 404 : 409, refusal);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const accepted = hub.connect(channelId, {
        send: (text) => {
          if (ws.readyState === ws.OPEN) ws.send(text);
        },
        close: (code, reason) => ws.close(code, reason),
        cut: () => ws.terminate(),
      });
      if (typeof accepted === 'string') {
        // The refusal is told in the close frame: the upgrade has already been answered by then.
        ws.close(4000 + (accepted === 'unknownChannel' ? 404 : 409), accepted);
        return;
      }
      ws.on('message', (data, isBinary) => {
        if (!isBinary) accepted.receive(data.toString());
      });
      ws.on('close', () => accepted.closed());
      ws.on('error', (error) => logger.debug({ err: error, channelId }, 'notification socket error'));
    });
  };
  server.on('upgrade', onUpgrade);
  return () => {
    server.off('upgrade', onUpgrade);
    for (const ws of wss.clients) {
      // A close frame first (the hub may have sent it already), so clients see 1001; a peer that never answers
      // the close handshake is cut a moment later rather than keeping the process alive for ws' 30 s timeout.
      if (ws.readyState === ws.OPEN) ws.close(1001, 'server shutting down');
      setTimeout(() => ws.terminate(), SHUTDOWN_GRACE_MS).unref();
    }
    wss.close();
  };
}
