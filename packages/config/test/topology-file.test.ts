import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTopologyFile, TopologyIndex } from '../src/index.js';
import { configErrorOf, ENV, validDocument } from './fixtures.js';

const directory = mkdtempSync(join(tmpdir(), 'wfm-sync-config-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeTopology(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

const EXAMPLE = fileURLToPath(new URL('../examples/topology.example.json', import.meta.url));

describe('loadTopologyFile', () => {
  it('loads a valid file', () => {
    const path = writeTopology('valid.json', JSON.stringify(validDocument(), null, 2));
    const { topology, warnings } = loadTopologyFile(path, ENV);
    expect(warnings).toEqual([]);
    expect(topology.orgs.map((org) => org.id)).toEqual(['acme-apac', 'acme-us']);
  });

  it('accepts a byte order mark', () => {
    const path = writeTopology('bom.json', `\uFEFF${JSON.stringify(validDocument())}`);
    expect(loadTopologyFile(path, ENV).topology.orgs).toHaveLength(2);
  });

  it('names a missing file', () => {
    const path = join(directory, 'missing.json');
    const error = configErrorOf(() => loadTopologyFile(path, ENV));
    expect(error.source).toBe(path);
    expect(error.message).toContain(path);
    expect(error.issues[0]?.message).toMatch(/^file not found/);
  });

  it('names a directory given as the file', () => {
    const error = configErrorOf(() => loadTopologyFile(directory, ENV));
    expect(error.issues[0]?.message).toBe('is a directory, not a topology file');
  });

  it('gives line and column of a JSON syntax error without quoting the file', () => {
    const text = '{\n  "orgs": [\n    { "id": "a", "clientSecret": "hunter2-literal", }\n  ]\n}\n';
    const path = writeTopology('syntax.json', text);
    const error = configErrorOf(() => loadTopologyFile(path, ENV));
    expect(error.source).toBe(path);
    expect(error.issues).toEqual([
      { path: '', message: "not valid JSON: trailing comma before '}' at line 3, column 53" },
    ]);
    expect(error.message).toContain(path);
    expect(error.message).not.toContain('hunter2');
  });

  it('reports schema problems with the file as source', () => {
    const document = validDocument();
    document.trunks[0]!.maxConcurrentCalls = -5;
    const path = writeTopology('invalid.json', JSON.stringify(document));
    const error = configErrorOf(() => loadTopologyFile(path, ENV));
    expect(error.message).toContain(`Invalid configuration in ${path}:`);
    expect(error.message).toContain('trunks[0].maxConcurrentCalls: must be an integer of at least 0');
  });
});

describe('the example topology', () => {
  const env = { ACME_APAC_CLIENT_SECRET: 'apac-example-secret', ACME_US_CLIENT_SECRET: 'us-example-secret' };

  it('parses with its secrets in the environment', () => {
    const { topology, warnings } = loadTopologyFile(EXAMPLE, env);
    expect(warnings).toEqual([]);
    const index = new TopologyIndex(topology);
    expect(index.regions()).toEqual(['us-east-1', 'ap-southeast-1']);
    expect(index.org('acme-apac')).toMatchObject({
      clientSecret: 'apac-example-secret',
      apiBaseUrl: 'https://api.apse1.pure.cloud',
    });
    expect(index.org('acme-us')?.mode).toBe('dry-run');
  });

  it('names the variables it needs when they are missing', () => {
    const error = configErrorOf(() => loadTopologyFile(EXAMPLE, {}));
    expect(error.issues).toEqual([
      { path: 'orgs[0].clientSecret', message: 'environment variable ACME_APAC_CLIENT_SECRET is not set' },
      { path: 'orgs[1].clientSecret', message: 'environment variable ACME_US_CLIENT_SECRET is not set' },
    ]);
  });
});

describe('clientSecret file:PATH (a mounted Kubernetes secret)', () => {
  const secretFile = (name: string, content: string): string => {
    const path = join(directory, name);
    writeFileSync(path, content);
    return path;
  };
  const withFileSecret = (path: string) => {
    const document = validDocument();
    document.orgs[0] = { ...document.orgs[0]!, clientSecret: `file:${path}` };
    return document;
  };

  it('reads the secret from the file at load, without the trailing newline, and warns of nothing', () => {
    const path = secretFile('apac-secret', 'from-a-file-7c1e\n');
    const topologyPath = writeTopology('file-secret.json', JSON.stringify(withFileSecret(path)));
    const { topology, warnings } = loadTopologyFile(topologyPath, ENV);
    expect(topology.orgs[0]?.clientSecret).toBe('from-a-file-7c1e');
    expect(warnings).toEqual([]);
  });

  it('reads the file again on every load, so a rotated secret is picked up by the next load', () => {
    const path = secretFile('rotating-secret', 'first-secret');
    const topologyPath = writeTopology('rotating.json', JSON.stringify(withFileSecret(path)));
    expect(loadTopologyFile(topologyPath, ENV).topology.orgs[0]?.clientSecret).toBe('first-secret');
    writeFileSync(path, 'second-secret');
    expect(loadTopologyFile(topologyPath, ENV).topology.orgs[0]?.clientSecret).toBe('second-secret');
  });

  it('names the missing or empty file and the org path, never any content', () => {
    const missing = join(directory, 'no-such-secret');
    const missingError = configErrorOf(() =>
      loadTopologyFile(writeTopology('missing-secret.json', JSON.stringify(withFileSecret(missing))), ENV),
    );
    const issue = missingError.issues.find((i) => i.path === 'orgs[0].clientSecret');
    expect(issue?.message).toMatch(/^secret file not found \(looked for .*no-such-secret/);

    const empty = secretFile('empty-secret', ' \n');
    const emptyError = configErrorOf(() =>
      loadTopologyFile(writeTopology('empty-secret.json', JSON.stringify(withFileSecret(empty))), ENV),
    );
    expect(emptyError.issues.find((i) => i.path === 'orgs[0].clientSecret')?.message).toBe(
      `secret file ${empty} is empty`,
    );
  });

  it('keeps a file secret out of JSON (and so out of logs)', () => {
    const path = secretFile('hidden-secret', 'never-logged-93ab');
    const { topology } = loadTopologyFile(
      writeTopology('hidden.json', JSON.stringify(withFileSecret(path))),
      ENV,
    );
    expect(JSON.stringify(topology)).not.toContain('never-logged-93ab');
  });

  it('refuses file: without a path', () => {
    const document = validDocument();
    document.orgs[0] = { ...document.orgs[0]!, clientSecret: 'file:' };
    const error = configErrorOf(() =>
      loadTopologyFile(writeTopology('no-path.json', JSON.stringify(document)), ENV),
    );
    expect(error.issues.find((i) => i.path === 'orgs[0].clientSecret')?.message).toMatch(/file:PATH/);
  });
});

describe('loadTopologyFile without secrets (a process that never calls Genesys)', () => {
  it('reads neither variables nor files, and validates the rest as usual', () => {
    const document = validDocument();
    document.orgs[0] = { ...document.orgs[0]!, clientSecret: `file:${join(directory, 'not-mounted-here')}` };
    const path = writeTopology('no-secrets.json', JSON.stringify(document));
    const { topology } = loadTopologyFile(path, {}, { secrets: 'not-needed' });
    expect(topology.orgs.map((org) => [org.id, org.clientSecret])).toEqual([
      ['acme-apac', ''],
      ['acme-us', ''],
    ]);
    expect(() => loadTopologyFile(path, {})).toThrow(/not-mounted-here/);
  });
});
