import type { TopologyIndex } from '@wfm-sync/config';
import {
  createGenesysClient,
  type GenesysClient,
  type GenesysClientMetrics,
  type GenesysRequestEvent,
} from '@wfm-sync/genesys-client';
import type { Logger } from '@wfm-sync/observability';
import type { RedisConnection } from '@wfm-sync/redis-kit';

export interface OrgClientsOptions {
  topology: TopologyIndex;
  redis: RedisConnection;
  prefix: string;
  logger: Logger;
  metrics: GenesysClientMetrics;
  /** SYNC_MODE: `dry-run` makes every client refuse writes, whatever the org's own mode. */
  syncMode: 'live' | 'dry-run';
  requestTimeoutMs?: number;
  onRequest?: (event: GenesysRequestEvent) => void;
}

/** One Genesys client per org of the topology (a token, its cache and its budget belong to exactly one org). */
export function createOrgClients(options: OrgClientsOptions): (orgId: string) => GenesysClient {
  const clients = new Map<string, GenesysClient>();
  for (const org of options.topology.topology.orgs) {
    clients.set(
      org.id,
      createGenesysClient({
        org: {
          id: org.id,
          apiBaseUrl: org.apiBaseUrl,
          loginBaseUrl: org.loginBaseUrl,
          clientId: org.clientId,
          clientSecret: org.clientSecret,
          requestsPerMinute: org.requestsPerMinute,
          mode: options.syncMode === 'dry-run' ? 'dry-run' : org.mode,
          // How the client checks the schedule upload URLs Genesys issues (operator-interface.md).
          allowPlainHttp: org.allowPlainHttp,
          uploadHosts: org.uploadHosts,
        },
        redis: options.redis,
        keyPrefix: options.prefix,
        logger: options.logger.child({ org: org.id }),
        metrics: options.metrics,
        requestTimeoutMs: options.requestTimeoutMs,
        onRequest: options.onRequest,
      }),
    );
  }
  return (orgId) => {
    const client = clients.get(orgId);
    if (!client) throw new Error(`no Genesys client for org ${orgId}: not in the topology`);
    return client;
  };
}
