import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Workspace } from './rules.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Every workspace of `apps/` and `packages/`, with its run-time dependencies. */
export function workspaces(): Workspace[] {
  return (['apps', 'packages'] as const).flatMap((group) =>
    readdirSync(join(repoRoot, group))
      .filter((name) => statSync(join(repoRoot, group, name, 'package.json'), { throwIfNoEntry: false }))
      .map((dirName) => {
        const dir = `${group}/${dirName}`;
        const manifest = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as {
          name: string;
          dependencies?: Record<string, string>;
        };
        return {
          dir,
          name: manifest.name.replace(/^@wfm-sync\//, ''),
          kind: group === 'apps' ? ('app' as const) : ('package' as const),
          dependencies: Object.keys(manifest.dependencies ?? {}),
        };
      }),
  );
}

const isTestFile = (path: string) => /\.test\.ts$/.test(path) || /(^|\/)test\//.test(path);

/** The run-time TypeScript sources of a workspace (`src/`, tests excluded), relative to the repository. */
export function sourceFiles(workspace: Workspace): string[] {
  const root = join(repoRoot, workspace.dir, 'src');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
        files.push(relative(repoRoot, path));
    }
  };
  if (statSync(root, { throwIfNoEntry: false })?.isDirectory()) walk(root);
  return files.filter((file) => !isTestFile(relative(join(workspace.dir, 'src'), file)));
}

export function readSource(file: string): string {
  return readFileSync(join(repoRoot, file), 'utf8');
}
