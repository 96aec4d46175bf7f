import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

/** The environment loaders of every process (the other workspaces are not dependencies: read as text). */
const ENV_LOADERS = [
  'packages/config/src/settings/common.ts',
  'packages/config/src/settings/ingest.ts',
  'packages/config/src/settings/worker.ts',
  'packages/config/src/settings/dashboard.ts',
  'packages/config/src/settings/cli.ts',
  'apps/gc-sim/src/cli/args.ts',
];

/** Variable names a loader reads: zod shape keys, `env.NAME`, and gc-sim's flag → variable map. */
function variablesOf(source: string): string[] {
  const names = new Set<string>();
  for (const pattern of [
    /(?:^|[{,])\s*([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*):\s/gm,
    /\benv\.([A-Z][A-Z0-9_]+)/g,
    /:\s*'([A-Z][A-Z0-9_]+)'/g,
  ]) {
    for (const [, name] of source.matchAll(pattern)) if (name !== undefined) names.add(name);
  }
  return [...names];
}

/** Field names of the topology file's entities, as the schema declares them. */
function topologyFields(): string[] {
  const source = read('packages/config/src/topology-schema.ts');
  const names = new Set<string>();
  for (const [, block] of source.matchAll(/entity\('[^']+', \{([\s\S]*?)\n\}\)/g)) {
    for (const [, name] of (block ?? '').matchAll(/^ {2}(\w+):/gm)) if (name !== undefined) names.add(name);
  }
  return [...names];
}

describe('docs/configuration.md', () => {
  const doc = read('docs/configuration.md');

  it('documents every environment variable a process reads', () => {
    const variables = ENV_LOADERS.flatMap((path) => variablesOf(read(path)).map((name) => ({ path, name })));
    expect(variables.length).toBeGreaterThan(30);
    expect(variables.map(({ name }) => name)).toEqual(
      expect.arrayContaining([
        'REDIS_URL',
        'WEBHOOK_SECRETS_FILE',
        'REGION',
        'DASHBOARD_ALLOWED_HOSTS',
        'GC_SIM_SEED',
        'HOST',
      ]),
    );
    expect(variables.filter(({ name }) => !doc.includes(`\`${name}\``))).toEqual([]);
  });

  it('documents every field of the topology file', () => {
    const fields = topologyFields();
    expect(fields).toEqual(
      expect.arrayContaining(['clientSecret', 'allowPlainHttp', 'uploadHosts', 'minLines', 'routingGroups']),
    );
    expect(fields.filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });
});
