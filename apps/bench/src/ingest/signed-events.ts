import { createHmac, createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import type { WfmEvent } from '@wfm-sync/domain';
import { createPrng, type FixtureAgent, type Prng, type SimFixture } from '@wfm-sync/local-stack/gc-sim';
import { occurredAt, randomAgentCapacity } from '../workload/agent-data.js';

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * Endless, always-new agent events for the ingest load: agents in turn, each with an increasing sequence, so every
 * event is accepted (never a duplicate, never stale) and every request carries a fresh webhook id and signature.
 */
export class SignedEventSource {
  private readonly agents: { orgId: string; agent: FixtureAgent }[];
  private readonly sequences: number[];
  private readonly prng: Prng;
  /** Signing with node:crypto keeps the load generator's CPU per request low; the ingest tests check the bytes. */
  private readonly key: KeyObject;
  private next = 0;
  private counter = 0;

  constructor(fixture: SimFixture, secret: string, seed: number) {
    this.agents = fixture.orgs.flatMap((org) => org.agents.map((agent) => ({ orgId: org.id, agent })));
    if (this.agents.length === 0) throw new Error('the ingest load needs a fixture with agents');
    this.sequences = this.agents.map(() => 0);
    this.prng = createPrng(seed).fork('bench-ingest');
    this.key = createSecretKey(Buffer.from(secret.replace(/^whsec_/, ''), 'base64'));
  }

  events(count: number): WfmEvent[] {
    return Array.from({ length: count }, () => {
      const index = this.next;
      this.next = (this.next + 1) % this.agents.length;
      const { orgId, agent } = this.agents[index]!;
      const sequence = ++this.sequences[index]!;
      return {
        id: `evt_load_${++this.counter}`,
        type: 'agent.capacity.updated' as const,
        orgId,
        occurredAt: occurredAt(sequence, index),
        sequence,
        data: randomAgentCapacity(this.prng, agent),
      };
    });
  }

  /** One signed webhook of `count` events (a single event is sent bare, more as a batch). */
  request(count: number): SignedRequest {
    const events = this.events(count);
    const body = JSON.stringify(count === 1 ? events[0] : { events });
    const id = `msg_${randomUUID()}`;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', this.key).update(`${id}.${timestamp}.${body}`).digest('base64');
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': timestamp,
        'webhook-signature': `v1,${signature}`,
      },
    };
  }
}
