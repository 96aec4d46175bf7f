import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inRepo } from './deploy-support.js';

/**
 * The Dockerfile, checked without a Docker engine (none runs on these machines; deploy/README.md): its stages,
 * what each copies, its user, healthcheck and command. What is built is only proven by `docker build`.
 */

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  base: string;
  name: string;
  instructions: Instruction[];
}

function parseDockerfile(text: string): { args: Map<string, string>; stages: Stage[] } {
  const joined = text.replace(/\\\n/g, ' ');
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [base = '', as, name = ''] = rest.split(/\s+/);
      expect(as?.toUpperCase(), `FROM ${rest} names its stage`).toBe('AS');
      stages.push({ base, name, instructions: [] });
    } else if (upper === 'ARG' && stages.length === 0) {
      const [name = '', value = ''] = rest.split('=');
      args.set(name, value);
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${keyword} before the first FROM`);
      stage.instructions.push({ keyword: upper, args: rest.replace(/\s+/g, ' ') });
    }
  }
  return { args, stages };
}

interface Copy {
  from: string | undefined;
  sources: string[];
  target: string;
}

function copiesOf(stage: Stage): Copy[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY')
    .map((i) => {
      const words = i.args.split(' ');
      const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
      const paths = words.filter((w) => !w.startsWith('--'));
      return { from, sources: paths.slice(0, -1), target: paths.at(-1) ?? '' };
    });
}

const manifestSchema = z.object({
  name: z.string(),
  scripts: z.record(z.string(), z.string()).default({}),
  dependencies: z.record(z.string(), z.string()).default({}),
});
type Manifest = z.infer<typeof manifestSchema>;

const workspaces = new Map<string, Manifest>(
  ['packages', 'apps'].flatMap((dir) =>
    readdirSync(inRepo(dir))
      .filter((name) => existsSync(inRepo(dir, name, 'package.json')))
      .map(
        (name) =>
          [
            `${dir}/${name}`,
            manifestSchema.parse(JSON.parse(readFileSync(inRepo(dir, name, 'package.json'), 'utf8'))),
          ] as const,
      ),
  ),
);
const workspaceByName = new Map([...workspaces].map(([path, manifest]) => [manifest.name, path]));

/** The workspaces a workspace needs at run time: itself and its production @wfm-sync dependencies, transitively. */
function runtimeClosure(roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const dependency of Object.keys(workspaces.get(path)?.dependencies ?? {})) {
      const dependencyPath = workspaceByName.get(dependency);
      if (dependencyPath) visit(dependencyPath);
    }
  };
  roots.forEach(visit);
  return seen;
}

/** How the stages name the base image: the ARG, so one line changes the Node version. */
const NODE_IMAGE_REFERENCE = ['$', '{NODE_IMAGE}'].join('');

const SERVICES = ['apps/ingest', 'apps/worker', 'apps/dashboard', 'apps/gc-sim', 'apps/cli'];

describe('Dockerfile', () => {
  const { args, stages } = parseDockerfile(readFileSync(inRepo('Dockerfile'), 'utf8'));
  const stage = (name: string): Stage => {
    const found = stages.find((s) => s.name === name);
    if (!found) throw new Error(`the Dockerfile has no stage ${name}`);
    return found;
  };
  /** A stage and the stages it is built FROM, base first. */
  const chain = (name: string): Stage[] => {
    const own = stage(name);
    return stages.some((s) => s.name === own.base) ? [...chain(own.base), own] : [own];
  };
  const runtime = stage('runtime');

  it('builds from the Node 26 slim image, in named stages, the runtime last (the default target)', () => {
    expect(args.get('NODE_IMAGE')).toBe('node:26-bookworm-slim');
    for (const s of stages)
      expect(s.base === NODE_IMAGE_REFERENCE || stages.some((other) => other.name === s.base), s.name).toBe(
        true,
      );
    expect(stages.map((s) => s.name)).toEqual(
      expect.arrayContaining(['manifests', 'build', 'prod-deps', 'demo', 'runtime']),
    );
    expect(stages.at(-1)?.name).toBe('runtime');
    expect(runtime.base).toBe(NODE_IMAGE_REFERENCE);
  });

  it('installs dependencies from the manifests and lockfile alone, before any source is copied (a cached layer)', () => {
    for (const name of ['build', 'prod-deps', 'demo-deps']) {
      const steps = chain(name).flatMap((s) => s.instructions);
      const install = steps.findIndex((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
      expect(install, `${name} runs npm ci`).toBeGreaterThanOrEqual(0);
      const copiedBefore = steps
        .slice(0, install)
        .filter((i) => i.keyword === 'COPY')
        .flatMap((i) =>
          i.args
            .split(' ')
            .filter((w) => !w.startsWith('--'))
            .slice(0, -1),
        );
      for (const source of copiedBefore)
        expect(source, `${name} copies only manifests before npm ci`).toMatch(
          /(^|\/)(package\.json|package-lock\.json)$/,
        );
      expect(copiedBefore).toContain('package-lock.json');
    }
    // npm ci refuses a lockfile that names a workspace whose manifest is missing: every one is copied.
    const manifests = copiesOf(stage('manifests')).flatMap((c) => c.sources);
    for (const path of workspaces.keys()) expect(manifests, path).toContain(`${path}/package.json`);
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignored = readFileSync(inRepo('.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('**/'))
      .map((line) => line.slice(3));
    for (const s of stages)
      for (const copy of copiesOf(s).filter((c) => c.from === undefined))
        for (const source of copy.sources) {
          expect(existsSync(inRepo(source)), `${s.name}: COPY ${source}`).toBe(true);
          for (const pattern of ignored)
            expect(source.split('/'), `${s.name}: COPY ${source} is in .dockerignore`).not.toContain(pattern);
        }
  });

  it('runs production dependencies of the services only: no bench, demo, autocannon or dev tooling', () => {
    const install = stage('prod-deps').instructions.find((i) => i.keyword === 'RUN' && /npm ci/.test(i.args));
    expect(install?.args).toMatch(/--omit=dev/);
    const installed = [...(install?.args ?? '').matchAll(/-w (\S+)/g)].map((m) => m[1]);
    expect(installed.sort()).toEqual([...SERVICES].sort());
    expect(runtime.instructions.filter((i) => i.keyword === 'RUN')).toEqual([]);

    const copies = copiesOf(runtime);
    expect(copies.every((c) => c.from === 'prod-deps' || c.from === 'build')).toBe(true);
    const distCopied = copies
      .filter((c) => c.from === 'build')
      .flatMap((c) => c.sources)
      .filter((source) => source.endsWith('/dist/'))
      .map((source) => source.replace(/^\/src\//, '').replace(/\/dist\/$/, ''));
    // Every workspace a service needs at run time, and nothing else.
    expect(distCopied.sort()).toEqual([...runtimeClosure(SERVICES)].sort());
    expect(distCopied).not.toContain('apps/bench');
    expect(distCopied).not.toContain('apps/demo');
    for (const copy of copies.filter((c) => c.from === 'build'))
      for (const source of copy.sources) {
        const path = source.replace(/^\/src\//, '').replace(/\/$/, '');
        if (path.endsWith('/dist'))
          expect(workspaces.get(path.slice(0, -5))?.scripts.build, path).toBeDefined();
        else expect(existsSync(inRepo(path)), `runtime copies ${path} from the build`).toBe(true);
      }
  });

  it('runs as a non-root user, with a healthcheck on /readyz, and starts node directly (signals reach it)', () => {
    const last = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword).at(-1)?.args;
    expect(last('USER')).toMatch(/^(?!root\b|0\b)\S+$/);
    expect(last('HEALTHCHECK')).toMatch(/CMD \[.*\/readyz/);
    const command = JSON.parse(last('CMD') ?? 'null') as unknown;
    expect(command).toEqual(['node', 'apps/ingest/dist/main.js']);
    // The file is what the workspace's own start script runs.
    expect(workspaces.get('apps/ingest')?.scripts.start).toBe('node dist/main.js');
    expect(last('ENTRYPOINT')).toBeUndefined();
    expect(
      JSON.parse(
        stage('demo')
          .instructions.filter((i) => i.keyword === 'CMD')
          .at(-1)?.args ?? 'null',
      ),
    ).toEqual(['node', 'apps/demo/dist/feed-main.js']);
  });
});
