import type { SimFixture } from './fixture/schema.js';

export interface TopologyOptions {
  /** Base URL of the running simulator; used as both the API and the login base URL of every org. */
  baseUrl: string;
  /** Prefix of the secret variables: `<PREFIX>_<ORG>_CLIENT_SECRET`. @defaultValue none (`<ORG>_CLIENT_SECRET`) */
  secretEnvPrefix?: string;
  /** Written into every org when set (the topology default is 300). */
  requestsPerMinute?: number;
  /** Written into every org when set (the topology default is 60). */
  scheduleOperationTimeoutS?: number;
  /** @defaultValue 'live' */
  mode?: 'live' | 'dry-run';
  /** Written into every org when set (the topology default is `auto`: listen to Genesys notifications). */
  notifications?: 'auto' | 'off';
}

export interface TopologyOrg {
  id: string;
  region: string;
  clientId: string;
  clientSecret: string;
  apiBaseUrl: string;
  loginBaseUrl: string;
  /** Set when the simulator is reached by plain http on a host that is not loopback (a compose network). */
  allowPlainHttp?: true;
  requestsPerMinute?: number;
  scheduleOperationTimeoutS?: number;
  mode: 'live' | 'dry-run';
  notifications?: 'auto' | 'off';
}

/** Plain JSON in the shape of the topology file of docs/configuration.md. */
export interface SimTopology {
  orgs: TopologyOrg[];
  trunks: Array<{ id: string; orgId: string; maxConcurrentCalls: number }>;
  routingGroups: Array<{
    id: string;
    orgId: string;
    trunkIds: string[];
    campaignIds: string[];
    callsPerAgent: number;
    minLines: number;
  }>;
}

export interface TopologyWithSecrets {
  topology: SimTopology;
  /** The secret values, by the variable names the topology refers to with `env:`. */
  env: Record<string, string>;
}

function envName(...parts: string[]): string {
  return parts
    .filter((part) => part.length > 0)
    .map((part) => part.toUpperCase().replace(/[^A-Z0-9]+/g, '_'))
    .join('_');
}

/** The topology file (and its secrets) that points a pipeline at a simulator serving `fixture`. */
export function topologyFromFixture(fixture: SimFixture, options: TopologyOptions): TopologyWithSecrets {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const env: Record<string, string> = {};
  // The topology refuses http:// beyond loopback unless the org says so (docs/configuration.md).
  const plainHttpBeyondLoopback = URL.canParse(baseUrl) && isPlainHttpBeyondLoopback(new URL(baseUrl));
  const orgs = fixture.orgs.map((org): TopologyOrg => {
    const variable = `${envName(options.secretEnvPrefix ?? '', org.id)}_CLIENT_SECRET`;
    env[variable] = org.clientSecret;
    return {
      id: org.id,
      region: org.region,
      clientId: org.clientId,
      clientSecret: `env:${variable}`,
      apiBaseUrl: baseUrl,
      loginBaseUrl: baseUrl,
      ...(plainHttpBeyondLoopback ? { allowPlainHttp: true as const } : {}),
      ...(options.requestsPerMinute === undefined ? {} : { requestsPerMinute: options.requestsPerMinute }),
      ...(options.scheduleOperationTimeoutS === undefined
        ? {}
        : { scheduleOperationTimeoutS: options.scheduleOperationTimeoutS }),
      mode: options.mode ?? 'live',
      ...(options.notifications === undefined ? {} : { notifications: options.notifications }),
    };
  });
  return {
    topology: {
      orgs,
      trunks: fixture.orgs.flatMap((org) =>
        org.trunks.map((t) => ({ id: t.id, orgId: org.id, maxConcurrentCalls: t.maxConcurrentCalls })),
      ),
      routingGroups: fixture.orgs.flatMap((org) =>
        org.routingGroups.map((g) => ({
          id: g.id,
          orgId: org.id,
          trunkIds: [...g.trunkIds],
          campaignIds: [...g.campaignIds],
          callsPerAgent: g.callsPerAgent,
          minLines: g.minLines,
        })),
      ),
    },
    env,
  };
}

function isPlainHttpBeyondLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return url.protocol === 'http:' && host !== 'localhost' && host !== '::1' && !host.startsWith('127.');
}
