/** The layering of the repository (docs/decisions/001-monorepo-layout.md), as rules over workspaces and imports. */

export interface Workspace {
  /** `apps/ingest`, `packages/domain`, … */
  dir: string;
  /** `ingest`, `domain`, … (the name without `@wfm-sync/`). */
  name: string;
  kind: 'app' | 'package';
  /** Run-time dependencies (package.json `dependencies`). */
  dependencies: readonly string[];
}

/** Workspaces that run or test the product and are never part of it. */
export const TOOLING = new Set([
  'local-stack',
  'system-tests',
  'demo',
  'bench',
  'test-support',
  'process-kit',
]);
/** What product code must never import: the local stack and the test helpers. */
export const TOOLING_IMPORTS = new Set(['local-stack', 'test-support', 'process-kit']);
/** The only apps that may import the local stack. */
export const LOCAL_STACK_USERS = new Set(['demo', 'bench', 'system-tests']);
/** Libraries with I/O that the pure domain must not reach. */
export const ADAPTERS = ['ioredis', 'bullmq', 'got', 'fastify', 'pino', 'prom-client', 'undici', 'ws'];

const WORKSPACE_SCOPE = '@wfm-sync/';

/** `@wfm-sync/local-stack/gc-sim` → `local-stack`; anything else → undefined. */
export function workspaceOf(specifier: string): string | undefined {
  if (!specifier.startsWith(WORKSPACE_SCOPE)) return undefined;
  return specifier.slice(WORKSPACE_SCOPE.length).split('/')[0];
}

/** `node:fs` → undefined, `@scope/pkg/x` → `@scope/pkg`, `pkg/x` → `pkg`, relative → undefined. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Why `from` may not depend on workspace `to` at run time, or undefined when it may. */
export function edgeProblem(from: Workspace, to: Workspace): string | undefined {
  if (from.name === to.name) return undefined;
  if (from.name === 'domain') return 'domain is pure and imports no other workspace';
  if (!TOOLING.has(from.name) && TOOLING_IMPORTS.has(to.name))
    return `product code never imports ${to.name} (it is tooling)`;
  if (from.kind === 'package' && to.kind === 'app') return 'packages never import apps';
  if (from.kind === 'app' && to.kind === 'app') {
    if (to.name === 'local-stack' && LOCAL_STACK_USERS.has(from.name)) return undefined;
    // The local stack starts the simulator and ingest and hands them on to the tools (@wfm-sync/local-stack/gc-sim,
    // @wfm-sync/local-stack/ingest for the bench's signature-cost tool).
    if (from.name === 'local-stack' && (to.name === 'gc-sim' || to.name === 'ingest')) return undefined;
    return `apps never import each other (only ${[...LOCAL_STACK_USERS].join(', ')} import local-stack)`;
  }
  return undefined;
}

/** Why `from` may not import the npm package `pkg` at run time, or undefined. */
export function adapterProblem(from: Workspace, pkg: string): string | undefined {
  if (from.name === 'domain' && ADAPTERS.includes(pkg)) return `domain is pure: no ${pkg}`;
  return undefined;
}

/** Every import specifier of a TypeScript source (static, dynamic and re-exports; type-only included). */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}
