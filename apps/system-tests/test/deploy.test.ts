import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadDashboardSettings,
  loadIngestSettings,
  loadTopologyFile,
  loadWorkerSettings,
} from '@wfm-sync/config';
import { generateFixture, parseFaultProfile, topologyFromFixture } from '@wfm-sync/gc-sim';
import { freePort, waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  COMPOSE_TEST_ENV,
  type ComposeConfig,
  type ComposeService,
  composeConfig,
  environmentOf,
  hasTool,
  headingAnchors,
  inRepo,
  metricLabelsInCatalog,
  metricsDefinedInCode,
  metricsInCatalog,
  metricsInExpression,
  mountSource,
  parseComposeConfig,
  readYaml,
  repoRoot,
  runTool,
  selectorsInExpression,
} from './deploy-support.js';

/** What docker-compose.yml must run (issues 7 and 21). */
const WORKER_SERVICES = ['worker-ap-southeast-1', 'worker-us-east-1'];
const APP_SERVICES = ['ingest', ...WORKER_SERVICES, 'dashboard', 'gc-sim'];
const PROFILE_OF: Record<string, string> = {
  'gc-sim': 'demo',
  feed: 'demo',
  cli: 'tools',
  'otel-collector': 'tracing',
  jaeger: 'tracing',
};
/** Services that get the orgs' Genesys client secrets: those that call Genesys. */
const SECRET_HOLDERS = [...WORKER_SERVICES, 'cli'];

const dockerCompose = hasTool('docker-compose', ['version']);
const promtool = hasTool('promtool', ['--version']);
const redisServer = hasTool('redis-server') && hasTool('redis-cli');
const amtool = hasTool('amtool', ['--version']);

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The file a workspace's `npm start` runs (`node dist/main.js`), relative to the repository root. */
function startScriptOf(workspace: string): string {
  const manifest = z
    .object({ scripts: z.object({ start: z.string() }) })
    .parse(JSON.parse(readFileSync(inRepo(workspace, 'package.json'), 'utf8')));
  const [runner, file] = manifest.scripts.start.split(' ');
  expect(runner, `start script of ${workspace}`).toBe('node');
  return `${workspace}/${file ?? ''}`;
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

  it('runs every process, Redis, its exporter, Prometheus, Alertmanager and Grafana; demo and tools under profiles', () => {
    expect(Object.keys(config().services).sort()).toEqual(
      [
        'redis',
        'redis-exporter',
        ...APP_SERVICES,
        'feed',
        'cli',
        'prometheus',
        'alertmanager',
        'grafana',
        'otel-collector',
        'jaeger',
      ].sort(),
    );
    // Only the simulator, its feed, the CLI and the trace pipeline are under a profile: `docker compose up` without one runs the rest.
    for (const [name, definition] of Object.entries(config().services))
      expect(definition.profiles, name).toEqual(PROFILE_OF[name] ? [PROFILE_OF[name]] : []);
  });

  it('gives Redis AOF, noeviction, a maxmemory, no default user, and one ACL user every process logs in as', () => {
    const redis = service('redis');
    const command = redis.command?.join(' ') ?? '';
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    expect(command).toMatch(/--maxmemory \d+(gb|mb)\b/);
    expect(command).toMatch(/--user default off/);
    const acl = /--user (\S+) on >(\S+) /.exec(command);
    expect(acl, 'an ACL user with a password').not.toBeNull();
    const [, user = '', password = ''] = acl ?? [];
    expect(password).toBe(COMPOSE_TEST_ENV.REDIS_PASSWORD);
    expect(redis.healthcheck?.test?.join(' ')).toMatch(new RegExp(`--user ${user} --pass .* ping`));

    const clients = [...APP_SERVICES.filter((n) => n !== 'gc-sim'), 'cli'];
    for (const name of clients) {
      const url = new URL(environmentOf(service(name)).REDIS_URL ?? '');
      expect([url.hostname, url.port, url.username, url.password], name).toEqual([
        'redis',
        '6379',
        user,
        password,
      ]);
    }
    const exporter = environmentOf(service('redis-exporter'));
    expect([exporter.REDIS_ADDR, exporter.REDIS_USER, exporter.REDIS_PASSWORD]).toEqual([
      'redis://redis:6379',
      user,
      password,
    ]);
  });

  it.skipIf(!redisServer)(
    'starts redis-server with exactly those arguments: the processes log in, nobody else does',
    async () => {
      const port = await freePort();
      const dir = mkdtempSync(join(tmpdir(), 'wfm-compose-redis-'));
      const [binary = '', ...args] = service('redis').command ?? [];
      expect(binary).toBe('redis-server');
      const server = spawn(
        'redis-server',
        [...args, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
        {
          stdio: 'ignore',
        },
      );
      try {
        const url = new URL(environmentOf(service('ingest')).REDIS_URL ?? '');
        url.hostname = '127.0.0.1';
        url.port = String(port);
        const asProcess = (...command: string[]) =>
          runTool('redis-cli', ['-u', url.href, '--no-auth-warning', ...command]);
        await waitFor(() => asProcess('ping').stdout.trim() === 'PONG', {
          timeoutMs: 10_000,
          what: 'redis-server started with the compose arguments',
        });
        expect(asProcess('acl', 'whoami').stdout.trim()).toBe(url.username);
        expect(asProcess('config', 'get', 'maxmemory').stdout.split('\n')[1]).toMatch(/^[1-9]\d*$/);
        expect(asProcess('config', 'get', 'maxmemory-policy').stdout).toContain('noeviction');
        expect(runTool('redis-cli', ['-p', String(port), 'ping']).stdout).toMatch(/NOAUTH/);
      } finally {
        server.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('has no default Redis, dashboard or Grafana password', () => {
    for (const missing of ['REDIS_PASSWORD', 'DASHBOARD_PASSWORD', 'GRAFANA_ADMIN_PASSWORD']) {
      const env: Record<string, string> = { ...COMPOSE_TEST_ENV };
      delete env[missing];
      const run = composeConfig(env);
      expect(run.status, `without ${missing}`).not.toBe(0);
      expect(run.stderr).toContain(missing);
    }
  });

  it('starts every process with node directly on the file its npm start runs, which exists after the build', () => {
    for (const name of APP_SERVICES) {
      const workspace = `apps/${WORKER_SERVICES.includes(name) ? 'worker' : name}`;
      const command = service(name).command ?? [];
      expect(command, name).toEqual(['node', startScriptOf(workspace)]);
    }
    expect(service('feed').command).toEqual(['node', 'apps/demo/dist/feed-main.js']);
    expect(service('cli').entrypoint).toEqual(['node', startScriptOf('apps/cli')]);
    for (const name of [...APP_SERVICES, 'feed']) {
      const script = inRepo(service(name).command?.[1] ?? '');
      expect(existsSync(script), `${name} runs ${script}: missing (npm run build first)`).toBe(true);
    }
    // The demo feed needs apps/demo, which the runtime image leaves out: it builds the demo target.
    expect(service('feed').build).toMatchObject({ target: 'demo' });
    for (const name of [...APP_SERVICES, 'cli'])
      expect(service(name).build, name).toMatchObject({ target: 'runtime' });
  });

  it('gives each process an environment its own loader accepts, and Genesys client secrets only to workers and the CLI', () => {
    expect(() => loadIngestSettings(environmentOf(service('ingest')))).not.toThrow();
    const regions = WORKER_SERVICES.map((name) => loadWorkerSettings(environmentOf(service(name))).REGION);
    expect(regions).toEqual(['ap-southeast-1', 'us-east-1']);
    const dashboard = environmentOf(service('dashboard'));
    // HTTP Basic, not loopback-only: the dashboard is reached from outside its container.
    expect(loadDashboardSettings(dashboard)).toMatchObject({
      auth: { mode: 'basic' },
      listenHost: '0.0.0.0',
    });
    // HOST and every other variable come through the loader: no main reads a variable itself.
    for (const app of ['ingest', 'worker', 'dashboard'])
      expect(readFileSync(inRepo('apps', app, 'src/main.ts'), 'utf8'), app).not.toMatch(
        /process\.env\.[A-Z]/,
      );
    // The Host allow-list: the port published on this host, and the name other services use.
    const published = (service('dashboard').ports[0] as { published?: string | number } | undefined)
      ?.published;
    expect(dashboard.DASHBOARD_ALLOWED_HOSTS?.split(',')).toEqual(
      expect.arrayContaining([`localhost:${published}`, `dashboard:${dashboard.PORT}`]),
    );

    for (const name of [...APP_SERVICES.filter((n) => n !== 'gc-sim'), 'cli']) {
      const env = environmentOf(service(name));
      const holdsSecrets = Object.keys(env).some((variable) => variable.endsWith('_CLIENT_SECRET'));
      expect(holdsSecrets, `${name} gets Genesys client secrets`).toBe(SECRET_HOLDERS.includes(name));
      const source = mountSource(service(name), env.TOPOLOGY_FILE ?? '');
      expect(source, `${name} mounts its TOPOLOGY_FILE`).toBeDefined();
      if (SECRET_HOLDERS.includes(name)) {
        const { topology } = loadTopologyFile(source ?? '', env);
        for (const org of topology.orgs)
          expect([org.apiBaseUrl, org.allowPlainHttp]).toEqual(['http://gc-sim:9300', true]);
      } else {
        // Ingest and the dashboard read the topology without resolving secrets (least privilege, issue 14).
        const { topology } = loadTopologyFile(source ?? '', env, { secrets: 'not-needed' });
        expect(topology.orgs.length, name).toBeGreaterThan(0);
      }
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
    const worker = service(WORKER_SERVICES[0] ?? '');
    const committed = JSON.parse(
      readFileSync(mountSource(worker, environmentOf(worker).TOPOLOGY_FILE ?? '') ?? '', 'utf8'),
    ) as { orgs: Record<string, unknown>[] };
    // The simulator is plain http on the compose network: every org of the demo says so.
    for (const org of committed.orgs) {
      expect(org.allowPlainHttp, String(org.id)).toBe(true);
    }
    expect(committed, 'deploy/demo/topology.json is what gc-sim serves for its GC_SIM_* settings').toEqual(
      expected.topology,
    );
    for (const [name, secret] of Object.entries(expected.env))
      for (const holder of SECRET_HOLDERS) expect(environmentOf(service(holder))[name], holder).toBe(secret);
    expect(sim.GC_SIM_HOST).toBe('0.0.0.0');
    expect(sim.PORT).toBe('9300');
    const faults = readFileSync(inRepo('apps/gc-sim', sim.GC_SIM_FAULTS ?? ''), 'utf8');
    expect(() => parseFaultProfile(JSON.parse(faults))).not.toThrow();

    const feed = environmentOf(service('feed'));
    expect(loadIngestSettings(environmentOf(service('ingest'))).WEBHOOK_SECRETS).toContain(
      feed.WEBHOOK_SECRET,
    );
    expect(feed.INGEST_URL).toBe('http://ingest:8080');
    expect(feed.GC_SIM_URL).toBe('http://gc-sim:9300');
  });

  it('has Prometheus find every process by DNS on its service name and PORT, one job per worker region', () => {
    const prometheus = prometheusConfig();
    const job = (name: string) => {
      const found = prometheus.scrape_configs.find((j) => j.job_name === name);
      if (!found) throw new Error(`prometheus.yml has no job ${name}`);
      return found;
    };
    const discovered = (jobName: string) =>
      (job(jobName).dns_sd_configs ?? []).flatMap((sd) => sd.names.map((name) => `${name}:${sd.port}`));
    expect(discovered('wfm-ingest')).toEqual([`ingest:${environmentOf(service('ingest')).PORT}`]);
    expect(discovered('wfm-dashboard')).toEqual([`dashboard:${environmentOf(service('dashboard')).PORT}`]);
    expect(discovered('gc-sim')).toEqual([`gc-sim:${environmentOf(service('gc-sim')).PORT}`]);
    for (const name of WORKER_SERVICES) {
      const env = environmentOf(service(name));
      // The job is named after the service, so `--scale <service>=N` is N targets of one job.
      expect(discovered(name)).toEqual([`${name}:${env.PORT}`]);
      expect(job(name).relabel_configs).toContainEqual({
        target_label: 'worker_region',
        replacement: env.REGION,
      });
    }
    // Every region of the topology has its worker service (and so its job and its region alert).
    const topology = loadTopologyFile(
      mountSource(service('cli'), environmentOf(service('cli')).TOPOLOGY_FILE ?? '') ?? '',
      environmentOf(service('cli')),
    ).topology;
    const servedRegions = WORKER_SERVICES.map((name) => environmentOf(service(name)).REGION);
    for (const org of topology.orgs) expect(servedRegions).toContain(org.region);

    expect(
      prometheus.scrape_configs.flatMap((j) => j.static_configs?.flatMap((g) => g.targets) ?? []),
    ).toContain('redis-exporter:9121');
    expect(
      prometheus.alerting.alertmanagers.flatMap((a) => a.static_configs.flatMap((g) => g.targets)),
    ).toEqual(['alertmanager:9093']);
    const mounted = service('prometheus').volumes.map((v) =>
      typeof v === 'string' ? v.split(':')[0] : v.source,
    );
    expect(mounted).toContain(inRepo('deploy/prometheus/prometheus.yml'));
    expect(mounted).toContain(inRepo('deploy/prometheus/alerts.yml'));
  });

  it('wires Alertmanager: its config is mounted, and every route sends to a receiver it defines', () => {
    const source = mountSource(service('alertmanager'), '/etc/alertmanager/alertmanager.yml');
    expect(source).toBe(inRepo('deploy/alertmanager/alertmanager.yml'));
    const alertmanager = z
      .object({
        route: z.object({
          receiver: z.string(),
          routes: z.array(z.object({ receiver: z.string() })).default([]),
        }),
        receivers: z.array(z.object({ name: z.string() })),
      })
      .parse(readYaml(source ?? ''));
    const receivers = alertmanager.receivers.map((r) => r.name);
    for (const route of [alertmanager.route, ...alertmanager.route.routes])
      expect(receivers).toContain(route.receiver);
  });
});

const prometheusSchema = z.object({
  alerting: z.object({
    alertmanagers: z.array(z.object({ static_configs: z.array(z.object({ targets: z.array(z.string()) })) })),
  }),
  scrape_configs: z.array(
    z.object({
      job_name: z.string(),
      static_configs: z.array(z.object({ targets: z.array(z.string()) })).optional(),
      dns_sd_configs: z
        .array(z.object({ names: z.array(z.string()), type: z.literal('A'), port: z.number() }))
        .optional(),
      relabel_configs: z.array(z.record(z.string(), z.unknown())).optional(),
    }),
  ),
});
function prometheusConfig() {
  return prometheusSchema.parse(readYaml(inRepo('deploy/prometheus/prometheus.yml')));
}

// The Dockerfile: dockerfile.test.ts.

describe.skipIf(!promtool)('Prometheus rules and config (promtool)', () => {
  it('accepts the config and the rules, and the rules pass their unit tests', () => {
    const config = runTool('promtool', ['check', 'config', 'deploy/prometheus/prometheus.yml']);
    expect(config.status, config.stdout + config.stderr).toBe(0);
    const tests = runTool('promtool', ['test', 'rules', 'deploy/prometheus/alerts.test.yml']);
    expect(tests.status, tests.stdout + tests.stderr).toBe(0);
  });
});

/** Grafana's reference to the dashboard variable `datasource`. */
const DATASOURCE_VARIABLE = ['$', '{datasource}'].join('');

describe.skipIf(!amtool)('Alertmanager config (amtool)', () => {
  it("is accepted by Alertmanager's own checker", () => {
    const check = runTool('amtool', ['check-config', 'deploy/alertmanager/alertmanager.yml']);
    expect(check.status, check.stdout + check.stderr).toBe(0);
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

  const alerts = z
    .object({
      groups: z.array(
        z.object({
          rules: z.array(
            z.object({
              alert: z.string(),
              expr: z.string(),
              annotations: z.object({ runbook_url: z.string().optional() }).passthrough(),
            }),
          ),
        }),
      ),
    })
    .parse(readYaml(inRepo('deploy/prometheus/alerts.yml')));
  const rules = alerts.groups.flatMap((g) => g.rules);

  it('has every alert of the issues, each with a runbook_url to a section of docs/runbooks.md', () => {
    const alertNames = rules.map((r) => r.alert);
    for (const wanted of [
      'WfmSyncBacklogAge',
      'WfmSyncDeadLettersGrowing',
      'WfmSyncGenesysRateLimited',
      'WfmSyncAgentsParked',
      'WfmSyncNotificationsFallback',
      'WfmSyncWorkerDown',
      'WfmSyncRegionWithoutWorker',
      'WfmSyncIngestDown',
      'WfmSyncWebhookUnauthorized',
      'WfmSyncIngestSheddingLoad',
      'WfmSyncGenesysTokenRefused',
      'WfmSyncRedisMemoryHigh',
      'WfmSyncDashboardDown',
    ])
      expect(alertNames).toContain(wanted);
    const anchors = headingAnchors(readFileSync(inRepo('docs/runbooks.md'), 'utf8'));
    for (const rule of rules) {
      const [file, anchor] = (rule.annotations.runbook_url ?? '').split('#');
      expect(file, `${rule.alert} runbook_url`).toBe('docs/runbooks.md');
      expect(anchors.has(anchor ?? ''), `docs/runbooks.md has no section #${anchor} for ${rule.alert}`).toBe(
        true,
      );
    }
  });

  it('alerts on a region without workers for every worker job of prometheus.yml, even with no target left', () => {
    const regionRule = rules.find((r) => r.alert === 'WfmSyncRegionWithoutWorker')?.expr ?? '';
    const workerJobs = prometheusConfig().scrape_configs.filter((j) => j.job_name.startsWith('worker-'));
    expect(workerJobs.length).toBeGreaterThan(0);
    for (const job of workerJobs) {
      const region = job.relabel_configs?.find((r) => r.target_label === 'worker_region')?.replacement;
      expect(regionRule).toContain(
        `label_replace(absent(up{job="${job.job_name}"} == 1), "worker_region", "${region}", "", "")`,
      );
    }
  });

  it('alerts and dashboard panels query only metrics of the catalog; panels use the datasource, $org and $region variables', () => {
    const expressions = rules.map((r) => r.expr);
    const panelSchema = z.object({
      type: z.string(),
      title: z.string(),
      datasource: z.object({ uid: z.string() }).optional(),
      targets: z.array(z.object({ expr: z.string() })).default([]),
    });
    const dashboard = z
      .object({
        uid: z.string(),
        title: z.string(),
        templating: z.object({ list: z.array(z.object({ name: z.string(), type: z.string() })) }),
        panels: z.array(panelSchema),
      })
      .parse(JSON.parse(readFileSync(inRepo('deploy/grafana/dashboards/wfm-sync-overview.json'), 'utf8')));
    // Importable anywhere: no fixed datasource uid, the datasource is a variable.
    expect(dashboard.templating.list.map((v) => [v.name, v.type])).toEqual(
      expect.arrayContaining([
        ['datasource', 'datasource'],
        ['org', 'query'],
        ['region', 'query'],
      ]),
    );
    const labelsOf = metricLabelsInCatalog(readFileSync(inRepo('README.md'), 'utf8'));
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(panel.datasource?.uid, panel.title).toBe(DATASOURCE_VARIABLE);
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      expressions.push(...panel.targets.map((t) => t.expr));
      for (const { metric, matchers } of panel.targets.flatMap((t) => selectorsInExpression(t.expr))) {
        const labels = labelsOf.get(metric) ?? [];
        if (labels.includes('org')) expect(matchers, `${panel.title}: ${metric}`).toContain('org=~"$org"');
        if (labels.includes('region'))
          expect(matchers, `${panel.title}: ${metric}`).toContain('region=~"$region"');
      }
    }
    const unknown = expressions.flatMap(metricsInExpression).filter((name) => !catalog.has(name));
    expect(unknown).toEqual([]);
  });
});
