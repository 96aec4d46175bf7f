import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffTopology, loadTopologyFile, type TopologyChanges, TopologyHolder } from '../src/index.js';
import { ENV, validDocument } from './fixtures.js';

const directory = mkdtempSync(join(tmpdir(), 'wfm-sync-holder-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('TopologyHolder', () => {
  it('applies a valid file, announces what changed, and keeps the index object', async () => {
    const path = join(directory, 'topology.json');
    const secretPath = join(directory, 'us-secret');
    writeFileSync(secretPath, 'first\n');
    const document = validDocument();
    const us = document.orgs[1];
    if (us === undefined) throw new Error('fixture has two orgs');
    us.clientSecret = `file:${secretPath}`;
    writeFileSync(path, JSON.stringify(document));
    const holder = new TopologyHolder(() => loadTopologyFile(path, ENV));
    const index = holder.index;
    const seen: TopologyChanges[] = [];
    holder.onChange((changes) => void seen.push(changes));

    // A rotated file: secret and a live switch, with nothing else changed in the file.
    writeFileSync(secretPath, 'second\n');
    us.mode = 'live';
    writeFileSync(path, JSON.stringify(document));
    const result = await holder.reload();
    expect(result.outcome).toBe('applied');
    expect(seen).toEqual([{ added: [], removed: [], changed: ['acme-us'] }]);
    expect(index.org('acme-us')?.mode).toBe('live');
    expect(index.org('acme-us')?.clientSecret).toBe('second');
    expect(holder.index).toBe(index);
  });

  it('refuses an invalid file and keeps the topology it had', async () => {
    const path = join(directory, 'refused.json');
    writeFileSync(path, JSON.stringify(validDocument()));
    const holder = new TopologyHolder(() => loadTopologyFile(path, ENV));
    writeFileSync(path, '{ "orgs": [ }');
    const result = await holder.reload();
    expect(result.outcome).toBe('refused');
    expect(holder.index.org('acme-apac')).toBeDefined();
  });
});

describe('diffTopology', () => {
  it('names added, removed and changed orgs', () => {
    const before = validDocument();
    const after = validDocument();
    after.orgs = after.orgs.filter((org) => org.id !== 'acme-apac');
    after.trunks = after.trunks.filter((t) => t.orgId !== 'acme-apac');
    after.routingGroups = after.routingGroups.filter((g) => g.orgId !== 'acme-apac');
    after.orgs.push({ id: 'acme-eu', region: 'eu-west-1', clientId: 'c', clientSecret: 'env:APAC_SECRET' });
    const us = after.orgs[0];
    if (us) us.requestsPerMinute = 60;
    const load = (doc: unknown, name: string) => {
      const file = join(directory, name);
      writeFileSync(file, JSON.stringify(doc));
      return loadTopologyFile(file, ENV).topology;
    };
    expect(diffTopology(load(before, 'a.json'), load(after, 'b.json'))).toEqual({
      added: ['acme-eu'],
      removed: ['acme-apac'],
      changed: ['acme-us'],
    });
  });
});
