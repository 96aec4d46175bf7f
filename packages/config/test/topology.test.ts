import { describe, expect, it } from 'vitest';
import { parseTopology } from '../src/index.js';
import { APAC_SECRET, configErrorOf, ENV, issueAt, SOURCE, validDocument } from './fixtures.js';

type Document = ReturnType<typeof validDocument>;
type Loose = Record<string, unknown>;

function parse(document: unknown, env: NodeJS.ProcessEnv = ENV) {
  return parseTopology(document, { source: SOURCE, env });
}

describe('parseTopology: a valid document', () => {
  it('resolves secrets, fills base URLs from the region table and applies defaults', () => {
    const { topology, warnings } = parse(validDocument());
    expect(warnings).toEqual([]);
    expect(topology.orgs[0]).toEqual({
      id: 'acme-apac',
      region: 'ap-southeast-1',
      clientId: 'client-apac',
      clientSecret: APAC_SECRET,
      apiBaseUrl: 'https://api.apse1.pure.cloud',
      loginBaseUrl: 'https://login.apse1.pure.cloud',
      requestsPerMinute: 300,
      scheduleOperationTimeoutS: 60,
      mode: 'live',
      allowPlainHttp: false,
      notifications: 'auto',
      uploadHosts: undefined,
    });
    expect(topology.orgs[1]).toMatchObject({
      clientSecret: ENV.US_SECRET,
      apiBaseUrl: 'http://127.0.0.1:9300',
      loginBaseUrl: 'http://127.0.0.1:9300',
      requestsPerMinute: 50,
      scheduleOperationTimeoutS: 2.5,
      mode: 'dry-run',
    });
    expect(topology.routingGroups[1]?.minLines).toBe(0);
    expect(topology.trunks).toHaveLength(3);
  });

  it('hides resolved secrets from JSON.stringify', () => {
    const { topology } = parse(validDocument());
    const json = JSON.stringify({ topology });
    expect(json).not.toContain(APAC_SECRET);
    expect(json).not.toContain(ENV.US_SECRET);
    expect(JSON.parse(json).topology.orgs[0]).toMatchObject({ id: 'acme-apac', clientSecret: '[redacted]' });
    expect(topology.orgs[0]?.clientSecret).toBe(APAC_SECRET);
  });

  it('returns a frozen topology', () => {
    const { topology } = parse(validDocument());
    expect(Object.isFrozen(topology.orgs[0])).toBe(true);
    expect(Object.isFrozen(topology.routingGroups[0]?.trunkIds)).toBe(true);
  });

  it('allows trunks and routing groups to be left out', () => {
    const document = validDocument() as Loose;
    delete document.trunks;
    delete document.routingGroups;
    expect(parse(document).topology).toMatchObject({ trunks: [], routingGroups: [] });
  });

  it('allows the same trunk id in two orgs', () => {
    const document = validDocument();
    document.trunks.push({ id: 'trunk-sg-07', orgId: 'acme-us', maxConcurrentCalls: 5 });
    expect(parse(document).topology.trunks).toHaveLength(4);
  });
});

describe('parseTopology: client secrets', () => {
  it('names the variable and the path when an env: secret is missing or empty', () => {
    const missing = configErrorOf(() => parse(validDocument(), { US_SECRET: 'x' }));
    expect(missing.source).toBe(SOURCE);
    expect(issueAt(missing, 'orgs[0].clientSecret').message).toBe(
      'environment variable APAC_SECRET is not set',
    );
    expect(missing.message).toContain(SOURCE);
    expect(missing.message).toContain('orgs[0].clientSecret');

    const empty = configErrorOf(() => parse(validDocument(), { ...ENV, US_SECRET: '' }));
    expect(issueAt(empty, 'orgs[1].clientSecret').message).toBe('environment variable US_SECRET is empty');
  });

  it('accepts a literal secret with a warning that does not contain it', () => {
    const literal = 'literal-s3cret-value';
    const document = validDocument();
    document.orgs[0] = { ...document.orgs[0]!, clientSecret: literal };
    const { topology, warnings } = parse(document);
    expect(topology.orgs[0]?.clientSecret).toBe(literal);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(SOURCE);
    expect(warnings[0]).toContain('orgs[0].clientSecret');
    expect(warnings[0]).not.toContain(literal);
  });

  it('never puts a secret into an error, even when other fields are invalid', () => {
    const literal = 'literal-s3cret-value';
    const document = validDocument();
    document.orgs[0] = { ...document.orgs[0]!, clientSecret: literal, region: 'nowhere' };
    (document.orgs[1] as Loose).clientSecret = 42;
    const error = configErrorOf(() => parse(document));
    for (const text of [error.message, JSON.stringify(error), String(error.stack)]) {
      expect(text).not.toContain(literal);
      expect(text).not.toContain(APAC_SECRET);
    }
    expect(issueAt(error, 'orgs[1].clientSecret').message).toMatch(/must be a string/);
  });

  it('rejects a malformed env: reference', () => {
    const document = validDocument();
    document.orgs[0]!.clientSecret = 'env:1-BAD';
    expect(
      issueAt(
        configErrorOf(() => parse(document)),
        'orgs[0].clientSecret',
      ).message,
    ).toMatch(/env:NAME with NAME an environment variable name/);
  });
});

const ID_RULE = /ids become parts of queue and Redis key names/;

describe('parseTopology: invalid documents name the source, the path and the problem', () => {
  const cases: [string, (document: Document) => void, string, RegExp | string][] = [
    [
      'no orgs',
      (d) => {
        d.orgs = [];
      },
      'orgs',
      'must list at least one org',
    ],
    [
      'unknown top-level key',
      (d) => {
        (d as Loose).routinggroups = [];
      },
      'routinggroups',
      /unknown key in the topology; allowed keys: orgs, trunks, routingGroups/,
    ],
    [
      'unknown org key (typo)',
      (d) => {
        (d.orgs[0] as Loose).requestPerMinute = 10;
      },
      'orgs[0].requestPerMinute',
      /unknown key in an org; allowed keys: .*requestsPerMinute/,
    ],
    [
      'unknown trunk key',
      (d) => {
        (d.trunks[0] as Loose).max = 1;
      },
      'trunks[0].max',
      /unknown key in a trunk/,
    ],
    [
      'id with a colon',
      (d) => {
        d.orgs[0]!.id = 'acme:apac';
      },
      'orgs[0].id',
      ID_RULE,
    ],
    [
      'empty id',
      (d) => {
        d.trunks[0]!.id = '';
      },
      'trunks[0].id',
      ID_RULE,
    ],
    [
      'id too long',
      (d) => {
        d.routingGroups[0]!.id = 'g'.repeat(129);
      },
      'routingGroups[0].id',
      ID_RULE,
    ],
    [
      'id starting with a dot',
      (d) => {
        d.orgs[1]!.id = '.us';
      },
      'orgs[1].id',
      ID_RULE,
    ],
    [
      'bad campaign id',
      (d) => {
        d.routingGroups[1]!.campaignIds[1] = 'camp us';
      },
      'routingGroups[1].campaignIds[1]',
      ID_RULE,
    ],
    [
      'unknown region',
      (d) => {
        d.orgs[0]!.region = 'ap-southeast-9';
      },
      'orgs[0].region',
      /one of the Genesys/,
    ],
    [
      'missing clientId',
      (d) => {
        delete (d.orgs[0] as Loose).clientId;
      },
      'orgs[0].clientId',
      /must be a string/,
    ],
    [
      'non-http base URL',
      (d) => {
        d.orgs[1]!.apiBaseUrl = 'ftp://127.0.0.1';
      },
      'orgs[1].apiBaseUrl',
      /http:\/\/ or https:\/\//,
    ],
    [
      'base URL with credentials',
      (d) => {
        d.orgs[1]!.loginBaseUrl = 'https://user:pw@login.example';
      },
      'orgs[1].loginBaseUrl',
      /without credentials/,
    ],
    [
      'requestsPerMinute 0',
      (d) => {
        d.orgs[1]!.requestsPerMinute = 0;
      },
      'orgs[1].requestsPerMinute',
      /1 to 100000/,
    ],
    [
      'requestsPerMinute too high',
      (d) => {
        d.orgs[1]!.requestsPerMinute = 100_001;
      },
      'orgs[1].requestsPerMinute',
      /1 to 100000/,
    ],
    [
      'fractional requestsPerMinute',
      (d) => {
        d.orgs[1]!.requestsPerMinute = 1.5;
      },
      'orgs[1].requestsPerMinute',
      /integer/,
    ],
    [
      'zero schedule timeout',
      (d) => {
        d.orgs[1]!.scheduleOperationTimeoutS = 0;
      },
      'orgs[1].scheduleOperationTimeoutS',
      /greater than 0/,
    ],
    [
      'unknown mode',
      (d) => {
        d.orgs[1]!.mode = 'readonly';
      },
      'orgs[1].mode',
      'must be live or dry-run',
    ],
    [
      'negative maxConcurrentCalls',
      (d) => {
        d.trunks[0]!.maxConcurrentCalls = -1;
      },
      'trunks[0].maxConcurrentCalls',
      /at least 0/,
    ],
    [
      'zero callsPerAgent',
      (d) => {
        d.routingGroups[0]!.callsPerAgent = 0;
      },
      'routingGroups[0].callsPerAgent',
      /greater than 0/,
    ],
    [
      'negative minLines',
      (d) => {
        d.routingGroups[0]!.minLines = -2;
      },
      'routingGroups[0].minLines',
      /at least 0/,
    ],
    [
      'trunkIds not an array',
      (d) => {
        (d.routingGroups[0] as Loose).trunkIds = 'trunk-sg-07';
      },
      'routingGroups[0].trunkIds',
      /array of trunk ids/,
    ],
    [
      'duplicate org id',
      (d) => {
        d.orgs[1]!.id = 'acme-apac';
      },
      'orgs[1].id',
      'duplicate org id "acme-apac" (also orgs[0])',
    ],
    [
      'duplicate trunk in one org',
      (d) => {
        d.trunks.push({ id: 'trunk-sg-07', orgId: 'acme-apac', maxConcurrentCalls: 1 });
      },
      'trunks[3].id',
      'duplicate trunk id "trunk-sg-07" in org "acme-apac" (also trunks[0])',
    ],
    [
      'trunk of an unknown org',
      (d) => {
        d.trunks[2]!.orgId = 'acme-eu';
      },
      'trunks[2].orgId',
      'names no org: there is no org with id "acme-eu"',
    ],
    [
      'group of an unknown org',
      (d) => {
        d.routingGroups[1]!.orgId = 'acme-eu';
      },
      'routingGroups[1].orgId',
      'names no org: there is no org with id "acme-eu"',
    ],
    [
      'group naming an unknown trunk',
      (d) => {
        d.routingGroups[0]!.trunkIds.push('trunk-sg-99');
      },
      'routingGroups[0].trunkIds[2]',
      'names no trunk: there is no trunk "trunk-sg-99" in org "acme-apac"',
    ],
    [
      "group naming another org's trunk",
      (d) => {
        d.routingGroups[1]!.trunkIds.push('trunk-sg-07');
      },
      'routingGroups[1].trunkIds[1]',
      'trunk "trunk-sg-07" belongs to org "acme-apac", not to this group\'s org "acme-us"',
    ],
    [
      'trunk listed twice in a group',
      (d) => {
        d.routingGroups[0]!.trunkIds.push('trunk-sg-07');
      },
      'routingGroups[0].trunkIds[2]',
      'trunk "trunk-sg-07" is listed twice (also trunkIds[0])',
    ],
    [
      'campaign in two groups of an org',
      (d) => {
        d.routingGroups.push({
          id: 'us-other',
          orgId: 'acme-us',
          trunkIds: [],
          campaignIds: ['camp-us-winback'],
          callsPerAgent: 1,
        });
      },
      'routingGroups[2].campaignIds[0]',
      /campaign "camp-us-winback" is already in a routing group of org "acme-us" \(routingGroups\[1\]\.campaignIds\[1\]\)/,
    ],
    [
      'duplicate routing group id in an org',
      (d) => {
        Object.assign(d.routingGroups[1]!, { id: 'sg-outbound-sales', orgId: 'acme-apac' });
      },
      'routingGroups[1].id',
      'duplicate routing group id "sg-outbound-sales" in org "acme-apac" (also routingGroups[0])',
    ],
  ];

  it('rejects a document that is not an object', () => {
    const error = configErrorOf(() => parse([]));
    expect(error.issues).toEqual([{ path: '', message: 'must be the topology object' }]);
    expect(error.message).toBe(`Invalid configuration in ${SOURCE}:\n  - must be the topology object`);
  });

  it.each(cases)('%s', (_name, mutate, path, problem) => {
    const document = validDocument();
    mutate(document);
    const error = configErrorOf(() => parse(document));
    expect(error.source).toBe(SOURCE);
    const issue = issueAt(error, path);
    if (typeof problem === 'string') expect(issue.message).toBe(problem);
    else expect(issue.message).toMatch(problem);
    expect(error.message).toContain(`Invalid configuration in ${SOURCE}:`);
    expect(error.message).toContain(path === '' ? issue.message : `${path}: ${issue.message}`);
  });

  it('accepts the same campaign id in groups of different orgs', () => {
    const document = validDocument();
    document.routingGroups[1]!.campaignIds.push('camp-sg-sales');
    expect(parse(document).topology.routingGroups[1]?.campaignIds).toContain('camp-sg-sales');
  });

  it('reports every cross-reference problem at once', () => {
    const document = validDocument();
    document.orgs[1]!.id = 'acme-apac';
    document.trunks[2]!.orgId = 'acme-eu';
    const error = configErrorOf(() => parse(document));
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['orgs[1].id', 'trunks[2].orgId', 'routingGroups[1].orgId']),
    );
  });
});

describe('parseTopology: plain http', () => {
  it.each([
    ['apiBaseUrl', 'http://gc-sim:9300'],
    ['loginBaseUrl', 'http://login.example.com'],
    ['apiBaseUrl', 'http://10.0.0.5'],
  ] as const)('refuses %s %s on a host that is not loopback', (field, url) => {
    const document = validDocument();
    (document.orgs[0] as Loose)[field] = url;
    const issue = issueAt(
      configErrorOf(() => parse(document)),
      `orgs[0].${field}`,
    );
    expect(issue.message).toMatch(/is http:\/\/ on a host that is not loopback .*allowPlainHttp/);
  });

  it.each(['http://127.0.0.1:9300', 'http://localhost:9300', 'http://[::1]:9300', 'http://127.5.0.1'])(
    'allows loopback %s',
    (url) => {
      const document = validDocument();
      (document.orgs[0] as Loose).apiBaseUrl = url;
      expect(parse(document).topology.orgs[0]?.apiBaseUrl).toBe(url);
    },
  );

  it('allows http on any host with allowPlainHttp', () => {
    const document = validDocument();
    Object.assign(document.orgs[0] as Loose, {
      apiBaseUrl: 'http://gc-sim:9300',
      loginBaseUrl: 'http://gc-sim:9300',
      allowPlainHttp: true,
    });
    expect(parse(document).topology.orgs[0]).toMatchObject({
      apiBaseUrl: 'http://gc-sim:9300',
      allowPlainHttp: true,
    });
  });
});

describe('parseTopology: secrets not needed', () => {
  it('reads no secret and needs none of their variables (ingest, dashboard)', () => {
    const { topology } = parseTopology(validDocument(), { source: SOURCE, env: {}, secrets: 'not-needed' });
    expect(topology.orgs.map((org) => org.clientSecret)).toEqual(['', '']);
  });

  it('still refuses missing secrets by default', () => {
    expect(
      configErrorOf(() => parseTopology(validDocument(), { source: SOURCE, env: {} })).issues.length,
    ).toBeGreaterThan(0);
  });
});
