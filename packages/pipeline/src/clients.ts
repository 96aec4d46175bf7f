import type { OrgConfig, TopologyIndex } from '@wfm-sync/config';
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

/** How long a client replaced by a topology reload stays open for the requests it already sent. */
const RETIRED_CLIENT_GRACE_MS = 60_000;

/**
 * One Genesys client per org of the topology (a token, its cache and its budget belong to exactly one org), made
 * on first use. The topology index may be replaced by a reload (SIGHUP): an org whose configuration changed
 * (mode, requestsPerMinute, a rotated `file:` secret, …) gets a new client on its next use; the old one finishes
 * what it sent and is closed a minute later. An org no longer in the topology has no client.
 */
export function createOrgClients(options: OrgClientsOptions): (orgId: string) => GenesysClient {
  const clients = new Map<string, { org: OrgConfig; client: GenesysClient }>();
  const create = (org: OrgConfig): GenesysClient =>
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
    });
  return (orgId) => {
    const org = options.topology.org(orgId);
    const cached = clients.get(orgId);
    if (!org) {
      if (cached) retire(clients, orgId, cached.client);
      throw new Error(`no Genesys client for org ${orgId}: not in the topology`);
    }
    if (cached?.org === org) return cached.client;
    if (cached) retire(clients, orgId, cached.client);
    const client = create(org);
    clients.set(orgId, { org, client });
    return client;
  };
}

function retire(
  clients: Map<string, { org: OrgConfig; client: GenesysClient }>,
  orgId: string,
  client: GenesysClient,
): void {
  clients.delete(orgId);
  setTimeout(() => client.close(), RETIRED_CLIENT_GRACE_MS).unref();
}
