import { ConfigError, type ConfigIssue } from '../src/index.js';

export const SOURCE = 'topology.test.json';
export const APAC_SECRET = 'apac-secret-8f2d1c';

/** A minimal valid topology document; every call returns a fresh copy to mutate. */
export function validDocument() {
  return {
    orgs: [
      { id: 'acme-apac', region: 'ap-southeast-1', clientId: 'client-apac', clientSecret: 'env:APAC_SECRET' },
      {
        id: 'acme-us',
        region: 'us-east-1',
        clientId: 'client-us',
        clientSecret: 'env:US_SECRET',
        apiBaseUrl: 'http://127.0.0.1:9300/',
        loginBaseUrl: 'http://127.0.0.1:9300',
        requestsPerMinute: 50,
        scheduleOperationTimeoutS: 2.5,
        mode: 'dry-run',
      },
    ],
    trunks: [
      { id: 'trunk-sg-07', orgId: 'acme-apac', maxConcurrentCalls: 30 },
      { id: 'trunk-sg-08', orgId: 'acme-apac', maxConcurrentCalls: 0 },
      { id: 'trunk-nyc-01', orgId: 'acme-us', maxConcurrentCalls: 60 },
    ],
    routingGroups: [
      {
        id: 'sg-outbound-sales',
        orgId: 'acme-apac',
        trunkIds: ['trunk-sg-07', 'trunk-sg-08'],
        campaignIds: ['camp-sg-sales'],
        callsPerAgent: 1.5,
        minLines: 1,
      },
      {
        id: 'us-renewals',
        orgId: 'acme-us',
        trunkIds: ['trunk-nyc-01'],
        campaignIds: ['camp-us-renewals', 'camp-us-winback'],
        callsPerAgent: 2,
      },
    ],
  };
}

export const ENV = { APAC_SECRET, US_SECRET: 'us-secret-41aa09' };

export function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

export function issueAt(error: ConfigError, path: string): ConfigIssue {
  const issue = error.issues.find((candidate) => candidate.path === path);
  if (issue === undefined) throw new Error(`no issue at ${path}; got:\n${error.message}`);
  return issue;
}
