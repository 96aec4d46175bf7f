import { randomUUID } from 'node:crypto';
import type { WfmEvent } from '@wfm-sync/domain';
import { Webhook } from 'standardwebhooks';

export interface DeliveryResult {
  status: number;
  body: unknown;
}

/** One HTTP attempt of a delivery: its status (0: no answer) and how long the answer took. */
export interface DeliveryAttempt {
  webhookId: string;
  status: number;
  ms: number;
  /** When the attempt started (epoch ms). */
  at: number;
}

/** Signs and POSTs webhooks the way a WFM system does (Standard Webhooks), retrying 503s as the contract asks. */
export class WebhookSender {
  private readonly webhook: Webhook;

  constructor(
    private readonly url: string,
    secret: string,
    /** Sees every attempt (tests measure how fast ingest answers). */
    private readonly onAttempt?: (attempt: DeliveryAttempt) => void,
  ) {
    this.webhook = new Webhook(secret);
  }

  /** `events` may come serialized already (a test sending one large body many times serializes it once). */
  async send(
    events: readonly WfmEvent[] | string,
    options: { maxAttempts?: number } = {},
  ): Promise<DeliveryResult> {
    const body =
      typeof events === 'string' ? events : JSON.stringify(events.length === 1 ? events[0] : { events });
    const id = `msg_${randomUUID()}`;
    const maxAttempts = options.maxAttempts ?? 20;
    for (let attempt = 1; ; attempt++) {
      const now = new Date();
      const signature = this.webhook.sign(id, now, body);
      let response: Response;
      const started = Date.now();
      try {
        response = await fetch(this.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body,
        });
      } catch (error) {
        this.onAttempt?.({ webhookId: id, status: 0, ms: Date.now() - started, at: started });
        if (attempt >= maxAttempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        continue;
      }
      const result = { status: response.status, body: await response.json().catch(() => null) };
      this.onAttempt?.({ webhookId: id, status: response.status, ms: Date.now() - started, at: started });
      if (response.status !== 503 || attempt >= maxAttempts) return result;
      const retryAfter = Number(response.headers.get('retry-after') ?? '1');
      await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfter, 2) * 1000));
    }
  }

  /**
   * Delivers events in batches of `batchSize`, `concurrency` requests in flight, as a WFM system publishing does.
   * `afterRound` runs after each round (a test's chance to kill a worker mid-storm). Returns every status.
   */
  async sendAll(
    events: readonly WfmEvent[],
    options: { batchSize: number; concurrency: number; afterRound?: (sent: number) => Promise<void> | void },
  ): Promise<number[]> {
    const batches: WfmEvent[][] = [];
    for (let i = 0; i < events.length; i += options.batchSize)
      batches.push(events.slice(i, i + options.batchSize));
    const statuses: number[] = [];
    let sent = 0;
    for (let i = 0; i < batches.length; i += options.concurrency) {
      const round = batches.slice(i, i + options.concurrency);
      const results = await Promise.all(round.map((batch) => this.send(batch)));
      statuses.push(...results.map((r) => r.status));
      sent += round.reduce((n, batch) => n + batch.length, 0);
      await options.afterRound?.(sent);
    }
    return statuses;
  }
}
