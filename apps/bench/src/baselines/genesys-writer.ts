import {
  type Campaign,
  createGenesysClient,
  GenesysApiError,
  type GenesysClient,
  WriteRefusedError,
} from '@wfm-sync/genesys-client';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import type { StrategyEnvironment } from '../strategies/types.js';
import type { BaselineWrite } from './sync-model.js';

/** A write with everything it needs captured, so that sending it again repeats exactly the same request. */
export type PreparedWrite = () => Promise<void>;

/**
 * The baselines' side of Genesys: the same client package as wfm-sync (one client per org, budget and token shared
 * through Redis). A campaign is read once, the first time it is written; after that the baseline writes from its
 * copy and keeps the copy a successful PUT returns. It never re-reads, so an administrator's edit turns every later
 * write of that campaign into a 409.
 */
export class BaselineWriter {
  private readonly clients = new Map<string, GenesysClient>();
  private readonly campaigns = new Map<string, Promise<Campaign>>();

  constructor(env: StrategyEnvironment, redis: RedisConnection) {
    for (const org of env.topology.orgs) {
      const secretName = org.clientSecret.replace(/^env:/, '');
      this.clients.set(
        org.id,
        createGenesysClient({
          org: {
            id: org.id,
            apiBaseUrl: org.apiBaseUrl,
            loginBaseUrl: org.loginBaseUrl,
            clientId: org.clientId,
            clientSecret: env.secrets[secretName] ?? org.clientSecret,
            requestsPerMinute: org.requestsPerMinute ?? 300,
            mode: 'live',
          },
          redis,
          keyPrefix: env.prefix,
          logger: env.logger.child({ component: 'baseline-client', org: org.id }),
        }),
      );
    }
  }

  /** Reads what the write needs (a campaign's first version) and returns the request to send. */
  async prepare(write: BaselineWrite): Promise<PreparedWrite> {
    const client = this.client(write.orgId);
    if (write.kind === 'agent') {
      return async () => {
        await client.putUtilization(write.userId, { utilization: write.utilization });
      };
    }
    const key = `${write.orgId}/${write.campaignId}`;
    let copy = this.campaigns.get(key);
    if (!copy) {
      const reading = client.getCampaign(write.campaignId);
      this.campaigns.set(key, reading);
      // A failed first read is read again by the next write rather than cached as a failure; the error itself
      // reaches the caller through `await` below.
      reading.catch(() => {
        if (this.campaigns.get(key) === reading) this.campaigns.delete(key);
      });
      copy = reading;
    }
    const base = await copy;
    return async () => {
      const written = await client.putCampaign({ ...base, outboundLineCount: write.lines });
      this.campaigns.set(key, Promise.resolve(written));
    };
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
  }

  private client(orgId: string): GenesysClient {
    const client = this.clients.get(orgId);
    if (!client) throw new Error(`no Genesys client for org ${orgId}`);
    return client;
  }
}

/** A short name for why a write failed, for the baselines' own tally. */
export function failureKind(error: unknown): string {
  if (error instanceof GenesysApiError) return error.status === undefined ? error.kind : `${error.status}`;
  if (error instanceof WriteRefusedError) return `refused-${error.reason}`;
  return error instanceof Error ? error.name : 'unknown';
}

export function isConflict(error: unknown): boolean {
  return error instanceof GenesysApiError && error.status === 409;
}

/** A 429 from Genesys, or the client refusing to wait longer for the org's budget. */
export function isRateLimited(error: unknown): boolean {
  return error instanceof GenesysApiError && error.kind === 'rate-limited';
}
