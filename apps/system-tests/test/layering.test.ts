import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSource, sourceFiles, workspaces } from './layering/repository.js';
import {
  adapterProblem,
  edgeProblem,
  importSpecifiers,
  packageOf,
  type Workspace,
  workspaceOf,
} from './layering/rules.js';

const all = workspaces();
const byName = new Map(all.map((w) => [w.name, w]));

describe('layering (docs/decisions/001-monorepo-layout.md)', () => {
  it('finds the workspaces', () => {
    expect([...byName.keys()]).toEqual(
      expect.arrayContaining([
        'domain',
        'pipeline',
        'ingest',
        'worker',
        'local-stack',
        'system-tests',
        'demo',
      ]),
    );
  });

  it('run-time dependencies follow the layers', () => {
    const problems = all.flatMap((from) =>
      from.dependencies.flatMap((dependency) => {
        const target = workspaceOf(dependency);
        const to = target === undefined ? undefined : byName.get(target);
        const problem = to ? edgeProblem(from, to) : adapterProblem(from, dependency);
        return problem ? [`${from.dir}/package.json → ${dependency}: ${problem}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('source imports follow the layers, reach only declared workspaces and stay inside their workspace', () => {
    const problems = all.flatMap((from) =>
      sourceFiles(from).flatMap((file) =>
        importSpecifiers(readSource(file)).flatMap((specifier) => {
          const problem = importProblem(from, file, specifier);
          return problem ? [`${file} → ${specifier}: ${problem}`] : [];
        }),
      ),
    );
    expect(problems).toEqual([]);
  });

  it('fails on the breaks it is there for', () => {
    const ws = (name: string, kind: Workspace['kind']): Workspace => ({
      dir: `${kind}s/${name}`,
      name,
      kind,
      dependencies: [],
    });
    expect(edgeProblem(ws('ingest', 'app'), ws('worker', 'app'))).toMatch(/apps never import each other/);
    expect(edgeProblem(ws('worker', 'app'), ws('local-stack', 'app'))).toMatch(/product code never imports/);
    expect(edgeProblem(ws('pipeline', 'package'), ws('test-support', 'package'))).toMatch(/product code/);
    expect(edgeProblem(ws('pipeline', 'package'), ws('gc-sim', 'app'))).toMatch(/packages never import apps/);
    expect(edgeProblem(ws('domain', 'package'), ws('config', 'package'))).toMatch(/domain is pure/);
    expect(adapterProblem(ws('domain', 'package'), 'ioredis')).toMatch(/domain is pure/);
    expect(edgeProblem(ws('bench', 'app'), ws('local-stack', 'app'))).toBeUndefined();
    expect(edgeProblem(ws('bench', 'app'), ws('gc-sim', 'app'))).toMatch(/apps never import each other/);
    expect(edgeProblem(ws('worker', 'app'), ws('pipeline', 'package'))).toBeUndefined();
    expect(
      importSpecifiers("import type { A } from '@wfm-sync/x';\nexport * from './y.js';\nawait import('z');"),
    ).toEqual(['@wfm-sync/x', './y.js', 'z']);
  });
});

function importProblem(from: Workspace, file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = normalize(join(dirname(file), specifier));
    return target.startsWith(`${from.dir}/`) ? undefined : 'reaches into another workspace by path';
  }
  const target = workspaceOf(specifier);
  if (target === undefined) {
    const pkg = packageOf(specifier);
    return pkg === undefined ? undefined : adapterProblem(from, pkg);
  }
  const to = byName.get(target);
  if (to === undefined) return 'no such workspace';
  const layerProblem = edgeProblem(from, to);
  if (layerProblem !== undefined) return layerProblem;
  if (to.name !== from.name && !from.dependencies.includes(`@wfm-sync/${target}`))
    return 'not in package.json dependencies';
  return undefined;
}
