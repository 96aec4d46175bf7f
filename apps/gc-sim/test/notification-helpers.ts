import { gzipSync } from 'node:zlib';
import { waitFor } from '@wfm-sync/test-support';
import WebSocket from 'ws';
import type { RunningSim } from '../src/index.js';
import { apiFor } from './helpers.js';

export interface NotificationMessage {
  topicName: string;
  version?: string;
  eventBody: Record<string, unknown>;
  metadata?: { CorrelationId?: string };
}

/** A client WebSocket that keeps every message, so a test waits on what arrived instead of sleeping. */
export interface TestSocket {
  ws: WebSocket;
  messages: NotificationMessage[];
  /** Resolves with the first message (already received or to come) that matches. */
  next(match: (message: NotificationMessage) => boolean, what: string): Promise<NotificationMessage>;
  closed: Promise<{ code: number; reason: string }>;
  ping(): void;
}

export async function openSocket(connectUri: string): Promise<TestSocket> {
  const ws = new WebSocket(connectUri);
  const messages: NotificationMessage[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as NotificationMessage));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    closed,
    next: (match, what) => waitFor(() => messages.find(match), { what, intervalMs: 5 }),
    ping: () => ws.send(JSON.stringify({ message: 'ping' })),
  };
}

/** The HTTP status with which an upgrade to `connectUri` is refused, or 101 when it is accepted. */
export function upgradeStatus(connectUri: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(connectUri);
    ws.once('upgrade', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (error) => {
      if (!error.message.includes('closed before the connection was established')) reject(error);
    });
  });
}

/** An org's API client with the notification calls a test needs. */
export async function notificationClient(sim: RunningSim, orgIndex = 0) {
  const api = await apiFor(sim, orgIndex);
  const bu = api.org.businessUnits[0];
  const week = bu?.schedules[0];
  const trunk = api.org.trunks[0];
  if (!bu || !week || !trunk) throw new Error('fixture without a trunk or a schedule');
  const channels = '/api/v2/notifications/channels';
  const scheduleBase = `/api/v2/workforcemanagement/businessunits/${bu.id}/weeks/${week.weekId}/schedules/${week.scheduleId}`;
  return {
    ...api,
    bu,
    trunk,
    createChannel: async () => {
      const res = await api.call('POST', channels);
      if (res.status !== 200)
        throw new Error(`channel not created: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; connectUri: string; expires: string };
    },
    subscribe: (channelId: string, topics: string[], method: 'PUT' | 'POST' = 'PUT') =>
      api.call(
        method,
        `${channels}/${channelId}/subscriptions`,
        topics.map((id) => ({ id })),
      ),
    head: (channelId: string) => api.call('HEAD', `${channels}/${channelId}`),
    /** A schedule update carrying no agents, at `version` (stale versions end in Error with asyncError). */
    scheduleUpdate: async (version?: number) => {
      const current = (await api.call('GET', scheduleBase)).body as { metadata: { version: number } };
      const body = gzipSync(JSON.stringify({ metadata: { version: version ?? current.metadata.version } }));
      const url = await api.call('POST', `${scheduleBase}/update/uploadurl`, {
        contentLengthBytes: body.length,
      });
      const {
        url: uploadUrl,
        uploadKey,
        headers,
      } = url.body as {
        url: string;
        uploadKey: string;
        headers: Record<string, string>;
      };
      await fetch(uploadUrl, { method: 'PUT', headers, body });
      const started = await api.call('POST', `${scheduleBase}/update`, { uploadKey });
      return started.body as { status: string; operationId: string };
    },
  };
}
