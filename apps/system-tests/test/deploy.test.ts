import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCommonEnv, loadIngestEnv, loadTopologyFile, loadWorkerEnv } from '@wfm-sync/config';
import { generateFixture, parseFaultProfile, topologyFromFixture } from '@wfm-sync/gc-sim';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type ComposeConfig,
  type ComposeService,
  composeConfig,
  environmentOf,
  hasTool,
  inRepo,
  metricsDefinedInCode,
  metricsInCatalog,
  metricsInExpression,
  mountSource,
  parseComposeConfig,
  readYaml,
  repoRoot,
  runTool,
} from './deploy-support.js';

/** What docker-compose.yml must run (issue 7, "Deploy"). */
const APP_SERVICES = ['ingest', 'worker-apse1-a', 'worker-apse1-b', 'worker-use1', 'dashboard', 'gc-sim'];
const DEMO_SERVICES = ['gc-sim', 'feed'];

const dockerCompose = hasTool('docker-compose', ['version']);
const promtool = hasTool('promtool', ['--version']);

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The file `npm start -w apps/<x>` (or `node <file>`) runs, after `npm run build`. */
function scriptOf(service: ComposeService): string {
  const command = service.command ?? [];
  if (command[0] === 'node') return inRepo(command[1] ?? '');
  const [npm, start, workspaceFlag, workspace] = command;
  expect([npm, start, workspaceFlag], `command of ${command.join(' ')}`).toEqual(['npm', 'start', '-w']);
  const manifest = z
    .object({ scripts: z.object({ start: z.string() }) })
    .parse(JSON.parse(readFileSync(inRepo(workspace ?? '', 'package.json'), 'utf8')));
  const [runner, file] = manifest.scripts.start.split(' ');
  expect(runner, `start script of ${workspace}`).toBe('node');
  return inRepo(workspace ?? '', file ?? '');
}

describe.skipIf(!dockerCompose)('docker-compose.yml, parsed and validated by docker-compose', () => {
  let parsed: ComposeConfig | undefined;
  const config = (): ComposeConfig => {
    if (!parsed) {
      const run = composeConfig();
      expect(run.stderr, 'docker-compose config').not.toMatch(/invalid|error/i);
      expect(run.status).toBe(0);
      parsed = parseComposeConfig(run.stdout);
    }
    return parsed;
  };
  const service = (name: string): ComposeService => {
    const found = config().services[name];
    if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
    return found;
  };

  it('runs Redis with AOF, noeviction and a healthcheck, and every process, the demo ones under `demo`', () => {
    expect(Object.keys(config().services).sort()).toEqual(
      ['redis', ...APP_SERVICES, 'feed', 'prometheus', 'grafana'].sort(),
    );
    const redis = service('redis');
    expect(redis.command?.join(' ')).toMatch(/--appendonly yes/);
    expect(redis.command?.join(' ')).toMatch(/--maxmemory-policy noeviction/);
    expect(redis.healthcheck?.test).toContain('ping');
    // Only the simulator and its feed are demo-only: `docker compose up` without the profile runs the rest.
    for (const [name, definition] of Object.entries(config().services))
      expect(definition.profiles, name).toEqual(DEMO_SERVICES.includes(name) ? ['demo'] : []);
  });

  it('has no default dashboard or Grafana password', () => {
    const run = composeConfig({});
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/DASHBOARD_PASSWORD|GRAFANA_ADMIN_PASSWORD/);
  });

  it('starts every process with the command of operator-interface.md, and that command exists after the build', () => {
    for (const name of APP_SERVICES) {
      const command = service(name).command ?? [];
      const process = name.startsWith('worker') ? 'worker' : name;
      expect(command, name).toEqual(['npm', 'start', '-w', `apps/${process}`]);
    }
    expect(service('feed').command).toEqual(['node', 'apps/demo/dist/feed-main.js']);
    for (const name of [...APP_SERVICES, 'feed']) {
      const script = scriptOf(service(name));
      expect(existsSync(script), `${name} runs ${script}: missing (npm run build first)`).toBe(true);
    }
  });

  it('gives each process an environment its own loader accepts, and a topology file that loads', () => {
    const ingest = environmentOf(service('ingest'));
    expect(() => loadIngestEnv(ingest)).not.toThrow();
    const regions = ['worker-apse1-a', 'worker-apse1-b', 'worker-use1'].map((name) => {
      const env = environmentOf(service(name));
      return loadWorkerEnv(env).REGION;
    });
    expect(regions).toEqual(['ap-southeast-1', 'ap-southeast-1', 'us-east-1']);
    const dashboard = environmentOf(service('dashboard'));
    expect(() => loadCommonEnv(dashboard)).not.toThrow();
    expect(dashboard.DASHBOARD_USER).toBeTruthy();
    expect(dashboard.DASHBOARD_PASSWORD).toBeTruthy();

    for (const name of APP_SERVICES.filter((n) => n !== 'gc-sim')) {
      const env = environmentOf(service(name));
      expect(env.REDIS_URL, name).toBe('redis://redis:6379');
      const topologyFile = env.TOPOLOGY_FILE ?? '';
      const source = mountSource(service(name), topologyFile);
      expect(source, `${name} mounts its TOPOLOGY_FILE`).toBeDefined();
      const { topology } = loadTopologyFile(source ?? '', env);
      for (const org of topology.orgs) expect(org.apiBaseUrl).toBe('http://gc-sim:9300');
    }
  });

  it('serves the demo topology from the simulator it points at, and the feed signs with a secret ingest accepts', () => {
    const sim = environmentOf(service('gc-sim'));
    const count = (name: string) => Number(sim[name]);
    const fixture = generateFixture({
      seed: count('GC_SIM_SEED'),
      orgs: count('GC_SIM_ORGS'),
      trunks: count('GC_SIM_TRUNKS'),
      agents: count('GC_SIM_AGENTS'),
    });
    const expected = topologyFromFixture(fixture, { baseUrl: sim.GC_SIM_PUBLIC_URL ?? '' });
    const ingest = service('ingest');
    const committed = JSON.parse(
      readFileSync(mountSource(ingest, environmentOf(ingest).TOPOLOGY_FILE ?? '') ?? '', 'utf8'),
    );
    expect(committed, 'deploy/demo/topology.json is what gc-sim serves for its GC_SIM_* settings').toEqual(
      expected.topology,
    );
    for (const [name, secret] of Object.entries(expected.env))
      expect(environmentOf(ingest)[name]).toBe(secret);
    expect(sim.GC_SIM_HOST).toBe('0.0.0.0');
    expect(sim.PORT).toBe('9300');
    const faults = readFileSync(inRepo('apps/gc-sim', sim.GC_SIM_FAULTS ?? ''), 'utf8');
    expect(() => parseFaultProfile(JSON.parse(faults))).not.toThrow();

    const feed = environmentOf(service('feed'));
    expect(loadIngestEnv(environmentOf(ingest)).WEBHOOK_SECRETS).toContain(feed.WEBHOOK_SECRET);
    expect(feed.INGEST_URL).toBe('http://ingest:8080');
    expect(feed.GC_SIM_URL).toBe('http://gc-sim:9300');
  });

  it('has Prometheus scrape every process on its PORT, workers labelled with their region', () => {
    const prometheus = z
      .object({
        scrape_configs: z.array(
          z.object({
            job_name: z.string(),
            static_configs: z.array(
              z.object({ targets: z.array(z.string()), labels: z.record(z.string(), z.string()).optional() }),
            ),
          }),
        ),
      })
      .parse(readYaml(inRepo('deploy/prometheus/prometheus.yml')));
    const targets = new Map<string, Record<string, string>>();
    for (const job of prometheus.scrape_configs)
      for (const group of job.static_configs)
        for (const target of group.targets) targets.set(target, { job: job.job_name, ...group.labels });
    for (const name of APP_SERVICES) {
      const env = environmentOf(service(name));
      const labels = targets.get(`${name}:${env.PORT}`);
      expect(labels, `Prometheus scrapes ${name}:${env.PORT}`).toBeDefined();
      if (name.startsWith('worker')) expect(labels?.worker_region).toBe(env.REGION);
    }
    const mounted = service('prometheus').volumes.map((v) =>
      typeof v === 'string' ? v.split(':')[0] : v.source,
    );
    expect(mounted).toContain(inRepo('deploy/prometheus/prometheus.yml'));
    expect(mounted).toContain(inRepo('deploy/prometheus/alerts.yml'));
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(inRepo('Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('is multi-stage; the final stage installs production dependencies only and runs as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const final = stages.at(-1) ?? '';
    expect(final).toMatch(/npm ci --omit=dev/);
    expect(final).toMatch(/^USER (?!root\b)\S+/m);
    expect(final).not.toMatch(/npm run build/);
    expect(readFileSync(inRepo('.dockerignore'), 'utf8')).toMatch(/^\*\*\/node_modules$/m);
  });
});

describe.skipIf(!promtool)('Prometheus rules and config (promtool)', () => {
  it('accepts the config and the rules, and the rules pass their unit tests', () => {
    const config = runTool('promtool', ['check', 'config', 'deploy/prometheus/prometheus.yml']);
    expect(config.status, config.stdout + config.stderr).toBe(0);
    const tests = runTool('promtool', ['test', 'rules', 'deploy/prometheus/alerts.test.yml']);
    expect(tests.status, tests.stdout + tests.stderr).toBe(0);
  });
});

describe('metrics catalog, alerts and Grafana dashboard', () => {
  const catalog = metricsInCatalog(readFileSync(inRepo('README.md'), 'utf8'));
  const workspaces = ['packages', 'apps'].flatMap((dir) =>
    readdirSync(inRepo(dir)).map((name) => join(repoRoot, dir, name, 'src')),
  );

  it('lists every metric defined in the code, and none that is gone (the README metrics catalog)', () => {
    const defined = metricsDefinedInCode(workspaces.flatMap(sourceFiles));
    expect(
      [...defined].filter((name) => !catalog.has(name)),
      'defined in code, missing from the catalog',
    ).toEqual([]);
    expect(
      [...catalog].filter((name) => !defined.has(name)),
      'in the catalog, defined nowhere',
    ).toEqual([]);
  });

  it('alerts and dashboard panels query only metrics of the catalog', () => {
    const alerts = z
      .object({
        groups: z.array(z.object({ rules: z.array(z.object({ alert: z.string(), expr: z.string() })) })),
      })
      .parse(readYaml(inRepo('deploy/prometheus/alerts.yml')));
    const alertNames = alerts.groups.flatMap((g) => g.rules.map((r) => r.alert));
    for (const wanted of [
      'WfmSyncBacklogAge',
      'WfmSyncDeadLettersGrowing',
      'WfmSyncGenesysRateLimited',
      'WfmSyncAgentsParked',
      'WfmSyncWorkerDown',
    ])
      expect(alertNames).toContain(wanted);
    const expressions = alerts.groups.flatMap((g) => g.rules.map((r) => r.expr));

    const panelSchema = z.object({
      type: z.string(),
      title: z.string(),
      datasource: z.object({ uid: z.string() }).optional(),
      targets: z.array(z.object({ expr: z.string() })).default([]),
    });
    const dashboard = z
      .object({ uid: z.string(), title: z.string(), panels: z.array(panelSchema) })
      .parse(JSON.parse(readFileSync(inRepo('deploy/grafana/dashboards/wfm-sync-overview.json'), 'utf8')));
    const datasourceUid = z
      .object({ datasources: z.array(z.object({ uid: z.string() })) })
      .parse(readYaml(inRepo('deploy/grafana/provisioning/datasources/prometheus.yml'))).datasources[0]?.uid;
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(panel.datasource?.uid, panel.title).toBe(datasourceUid);
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      expressions.push(...panel.targets.map((t) => t.expr));
    }
    const unknown = expressions.flatMap(metricsInExpression).filter((name) => !catalog.has(name));
    expect(unknown).toEqual([]);
  });
});
