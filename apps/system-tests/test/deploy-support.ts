import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const inRepo = (...parts: string[]) => join(repoRoot, ...parts);

/**
 * Whether a CLI the deploy checks need is on PATH. Without it a developer's run skips those checks; CI (CI=true)
 * installs it (.ci/run), so there a missing tool fails instead of silently skipping.
 */
export function hasTool(command: string, versionArgs: string[] = ['--version']): boolean {
  const found = spawnSync(command, versionArgs, { stdio: 'ignore' }).status === 0;
  if (!found && process.env.CI === 'true')
    throw new Error(`${command} is not on PATH: CI must install it (see .ci/run)`);
  return found;
}

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runTool(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
) {
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: options.env ?? process.env,
    input: options.input,
    maxBuffer: 16 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr } satisfies ToolRun;
}

/** The parts of a normalized `docker-compose config` service the checks read. */
const composeServiceSchema = z.object({
  image: z.string().optional(),
  build: z.unknown().optional(),
  command: z.array(z.string()).optional(),
  entrypoint: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string().nullable()).default({}),
  volumes: z
    .array(z.union([z.string(), z.object({ source: z.string().optional(), target: z.string() })]))
    .default([]),
  healthcheck: z.object({ test: z.array(z.string()).optional(), disable: z.boolean().optional() }).optional(),
  profiles: z.array(z.string()).default([]),
  depends_on: z.unknown().optional(),
  ports: z.array(z.unknown()).default([]),
});
export type ComposeService = z.infer<typeof composeServiceSchema>;
const composeConfigSchema = z.object({ services: z.record(z.string(), composeServiceSchema) });
export type ComposeConfig = z.infer<typeof composeConfigSchema>;

/** Passwords the compose file requires (it has no defaults); these values exist only in the checks. */
export const COMPOSE_TEST_ENV = {
  REDIS_PASSWORD: 'deployCheckRedisPassword',
  DASHBOARD_PASSWORD: 'deploy-check-password',
  GRAFANA_ADMIN_PASSWORD: 'deploy-check-password',
};

/** `docker-compose config`: Compose's own parser and schema, interpolation and env files resolved. */
export function composeConfig(env: Record<string, string> = COMPOSE_TEST_ENV): ToolRun {
  const cleanEnv = { ...process.env };
  for (const name of [
    'WFM_CONFIG_DIR',
    'REDIS_PASSWORD',
    'DASHBOARD_PASSWORD',
    'GRAFANA_ADMIN_PASSWORD',
    'DASHBOARD_ALLOWED_HOSTS',
    'COMPOSE_PROFILES',
  ])
    delete cleanEnv[name];
  return runTool(
    'docker-compose',
    [
      '--project-directory',
      repoRoot,
      '-f',
      inRepo('docker-compose.yml'),
      '--profile',
      'demo',
      '--profile',
      'tools',
      'config',
    ],
    { env: { ...cleanEnv, ...env } },
  );
}

export function parseComposeConfig(yamlText: string): ComposeConfig {
  return composeConfigSchema.parse(parse(yamlText));
}

export function environmentOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment).map(([name, value]) => [name, value ?? '']));
}

/** Host path mounted at `target` in the service, if any. */
export function mountSource(service: ComposeService, target: string): string | undefined {
  for (const volume of service.volumes) {
    if (typeof volume === 'string') {
      const [source, mountTarget] = volume.split(':');
      if (mountTarget === target) return source;
    } else if (volume.target === target) return volume.source;
  }
  return undefined;
}

export function readYaml(path: string): unknown {
  return parse(readFileSync(path, 'utf8'));
}

const metricDefinition = /name: '((?:wfm_sync|gc_sim)_[a-z0-9_]+)'/g;

/** Metric names defined in the sources of every workspace (tests left out). */
export function metricsDefinedInCode(files: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(metricDefinition)) names.add(match[1]!);
  }
  return names;
}

/** Metric names in the first column of the README metrics catalog tables. */
export function metricsInCatalog(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^\|\s*`((?:wfm_sync|gc_sim)_[a-z0-9_]+)`\s*\|/gm)].map((m) => m[1]!));
}

/** Our metric names a PromQL expression refers to (histogram series suffixes stripped). */
export function metricsInExpression(expr: string): string[] {
  return [...expr.matchAll(/\b((?:wfm_sync|gc_sim)_[a-z0-9_]+)/g)].map((m) =>
    m[1]!.replace(/_(bucket|sum|count)$/, ''),
  );
}

/** The labels column of the README metrics catalog: metric name → its labels. */
export function metricLabelsInCatalog(markdown: string): Map<string, string[]> {
  const rows = markdown.matchAll(/^\|\s*`((?:wfm_sync|gc_sim)_[a-z0-9_]+)`\s*\|[^|]*\|([^|]*)\|/gm);
  return new Map(
    [...rows].map((m) => [m[1] ?? '', [...(m[2] ?? '').matchAll(/`([a-z_]+)`/g)].map((l) => l[1] ?? '')]),
  );
}

/** Each of our metrics an expression selects, with the label matchers written in its selector. */
export function selectorsInExpression(expr: string): { metric: string; matchers: string }[] {
  return [...expr.matchAll(/\b((?:wfm_sync|gc_sim)_[a-z0-9_]+)(\{[^}]*\})?/g)].map((m) => ({
    metric: (m[1] ?? '').replace(/_(bucket|sum|count)$/, ''),
    matchers: m[2] ?? '',
  }));
}

/** GitHub's anchor for a markdown heading: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchors(markdown: string): Set<string> {
  return new Set(
    [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      (m[1] ?? '')
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9 _-]/g, '')
        .replace(/ /g, '-'),
    ),
  );
}
