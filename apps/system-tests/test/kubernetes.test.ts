import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DASHBOARD_VARIABLES,
  INGEST_VARIABLES,
  loadDashboardSettings,
  loadIngestSettings,
  loadWorkerSettings,
  REGIONS,
  topologySchema,
  WORKER_VARIABLES,
} from '@wfm-sync/config';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { hasTool, inRepo, runTool } from './deploy-support.js';

/**
 * deploy/kubernetes, rendered by `kubectl kustomize` (every kustomization: the base, each region overlay, the
 * whole), every object validated offline against the Kubernetes schemas (kubernetes-models), and the manifests
 * checked against the code: commands, ports, probes, environment names, grace period, secrets as files.
 */

const kubectl = hasTool('kubectl', ['version', '--client']);

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are checked field by field below.
type K8sObject = { apiVersion: string; kind: string; metadata: { name: string }; [field: string]: any };

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const KUBERNETES_DIR = 'deploy/kubernetes';
const overlays = readdirSync(inRepo(KUBERNETES_DIR, 'overlays'));

function render(dir: string): K8sObject[] {
  const run = runTool('kubectl', ['kustomize', dir]);
  expect(run.status, `kubectl kustomize ${dir}: ${run.stderr}`).toBe(0);
  return parseAllDocuments(run.stdout)
    .map((document) => document.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

/** The file a workspace's `npm start` runs, relative to the repository root (as the image's WORKDIR is). */
function startScriptOf(workspace: string): string {
  const manifest = JSON.parse(readFileSync(inRepo(workspace, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return `${workspace}/${manifest.scripts.start.replace(/^node /, '')}`;
}

/** Environment names a process reads: those of its settings loader (packages/config/src/settings). */
function envNamesOf(process: 'ingest' | 'worker' | 'dashboard'): Set<string> {
  return new Set(
    { ingest: INGEST_VARIABLES, worker: WORKER_VARIABLES, dashboard: DASHBOARD_VARIABLES }[process],
  );
}

/** The default PORT of a process, read from its settings loader. */
function defaultPortOf(process: 'ingest' | 'worker' | 'dashboard'): number {
  if (process === 'ingest')
    return loadIngestSettings({ WEBHOOK_SECRETS: 'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdA==' }).PORT;
  if (process === 'worker') return loadWorkerSettings({ REGION: 'all' }).PORT;
  return loadDashboardSettings({ DASHBOARD_LOOPBACK_ONLY: '1' }).PORT;
}

/** The shutdown budget every process uses (onShutdown's default), in ms. */
function shutdownTimeoutMs(): number {
  const source = readFileSync(inRepo('packages/observability/src/shutdown.ts'), 'utf8');
  const value = /timeoutMs = ([\d_]+)/.exec(source)?.[1];
  expect(value, 'the default shutdown timeout in shutdown.ts').toBeDefined();
  return Number(value?.replace(/_/g, ''));
}

const scratch = mkdtempSync(join(tmpdir(), 'wfm-sync-k8s-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!kubectl)('deploy/kubernetes (kubectl kustomize, kubernetes-models)', () => {
  const directories = [
    KUBERNETES_DIR,
    `${KUBERNETES_DIR}/base`,
    ...overlays.map((o) => `${KUBERNETES_DIR}/overlays/${o}`),
  ];

  it('renders every kustomization, and every object is valid against the Kubernetes schemas', () => {
    for (const dir of directories) {
      const objects = render(dir);
      expect(objects.length, dir).toBeGreaterThan(0);
      for (const object of objects) {
        const Model = MODELS[`${object.apiVersion}/${object.kind}`];
        expect(Model, `${dir}: no schema check for ${object.apiVersion} ${object.kind}`).toBeDefined();
        if (Model)
          expect(
            () => new Model(object as never).validate(),
            `${dir}: ${object.kind} ${object.metadata.name}`,
          ).not.toThrow();
      }
    }
  });

  const all = kubectl ? render(KUBERNETES_DIR) : [];
  const find = (kind: string, name: string): K8sObject => {
    const found = all.find((o) => o.kind === kind && o.metadata.name === name);
    if (!found) throw new Error(`no ${kind} ${name} in ${KUBERNETES_DIR}`);
    return found;
  };
  const configMap = (name: string): Record<string, string> => find('ConfigMap', name).data;
  const deployments = all.filter((o) => o.kind === 'Deployment');
  const processOf = (deployment: K8sObject) =>
    deployment.spec.template.metadata.labels['app.kubernetes.io/component'] as
      | 'ingest'
      | 'worker'
      | 'dashboard';

  it('deploys ingest, the dashboard, and one worker Deployment per region overlay, for every region of the topology', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(
      ['wfm-sync-ingest', 'wfm-sync-dashboard', ...overlays.map((o) => `wfm-sync-worker-${o}`)].sort(),
    );
    for (const region of overlays) {
      expect(REGIONS).toContain(region);
      const env = find('Deployment', `wfm-sync-worker-${region}`).spec.template.spec.containers[0].env;
      expect(env).toContainEqual({ name: 'REGION', value: region });
    }
    const topology = topologySchema.parse(JSON.parse(configMap('wfm-sync-topology')['topology.json'] ?? ''));
    for (const org of topology.orgs) expect(overlays, `a worker overlay for ${org.id}`).toContain(org.region);
    expect(find('HorizontalPodAutoscaler', 'wfm-sync-ingest').spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'wfm-sync-ingest',
    });
  });

  it('runs each process with node on its start script, on its PORT, probed on /healthz and /readyz', () => {
    for (const deployment of deployments) {
      const process = processOf(deployment);
      const [container, ...others] = deployment.spec.template.spec.containers;
      expect(others, deployment.metadata.name).toEqual([]);
      expect(container.command).toEqual(['node', startScriptOf(`apps/${process}`)]);
      const port = container.ports.find((p: { name: string }) => p.name === 'http')?.containerPort;
      expect(port, `${deployment.metadata.name} port`).toBe(defaultPortOf(process));
      const portEnv = container.env.find((e: { name: string }) => e.name === 'PORT')?.value;
      expect(Number(portEnv ?? port)).toBe(port);
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    }
    for (const service of all.filter((o) => o.kind === 'Service')) {
      const deployment = find('Deployment', service.metadata.name);
      expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
      expect(service.spec.ports.map((p: { targetPort: string }) => p.targetPort)).toEqual(['http']);
    }
  });

  it('sets only environment names the code reads, and the loaders accept what it sets', () => {
    const shared = configMap('wfm-sync-env');
    for (const deployment of deployments) {
      const process = processOf(deployment);
      const container = deployment.spec.template.spec.containers[0];
      const known = envNamesOf(process);
      const env: Record<string, string> = {};
      for (const from of container.envFrom ?? []) Object.assign(env, configMap(from.configMapRef.name));
      for (const variable of container.env ?? []) {
        // Secret values are the operator's: a stand-in of the right form.
        env[variable.name] =
          variable.value ??
          { REDIS_URL: 'redis://wfm-sync:password@redis.example:6379' }[variable.name as string] ??
          'operator-secret-value';
      }
      for (const name of Object.keys(env))
        expect(known, `${deployment.metadata.name} sets ${name}`).toContain(name);
      expect(Object.keys(shared).every((name) => name in env)).toBe(true);
      if (process === 'ingest') {
        const file = join(scratch, 'webhook-secrets');
        writeFileSync(file, 'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdA==\n');
        expect(() => loadIngestSettings({ ...env, WEBHOOK_SECRETS_FILE: file })).not.toThrow();
      } else if (process === 'worker') expect(() => loadWorkerSettings(env)).not.toThrow();
      else expect(() => loadDashboardSettings(env)).not.toThrow();
    }
  });

  it('mounts secrets as files: org secrets in workers only, where the topology reads them; webhook secrets in ingest', () => {
    const topology = topologySchema.parse(JSON.parse(configMap('wfm-sync-topology')['topology.json'] ?? ''));
    const topologyFile = configMap('wfm-sync-env').TOPOLOGY_FILE ?? '';
    for (const deployment of deployments) {
      const spec = deployment.spec.template.spec;
      const container = spec.containers[0];
      const mountOf = (volumeName: string): string | undefined =>
        container.volumeMounts.find((m: { name: string }) => m.name === volumeName)?.mountPath;
      const topologyVolume = spec.volumes.find(
        (v: { configMap?: { name: string } }) => v.configMap?.name === 'wfm-sync-topology',
      );
      expect(`${mountOf(topologyVolume?.name)}/topology.json`, deployment.metadata.name).toBe(topologyFile);

      const orgSecrets = spec.volumes.find(
        (v: { secret?: { secretName: string } }) => v.secret?.secretName === 'wfm-sync-org-secrets',
      );
      if (processOf(deployment) !== 'worker') {
        expect(orgSecrets, `${deployment.metadata.name} gets no Genesys client secret`).toBeUndefined();
        continue;
      }
      const directory = mountOf(orgSecrets?.name);
      for (const org of topology.orgs) expect(org.clientSecret).toBe(`file:${directory}/${org.id}`);
    }
    const ingest = find('Deployment', 'wfm-sync-ingest').spec.template.spec;
    const path = ingest.containers[0].env.find(
      (e: { name: string }) => e.name === 'WEBHOOK_SECRETS_FILE',
    )?.value;
    const volume = ingest.volumes.find(
      (v: { secret?: { secretName: string } }) => v.secret?.secretName === 'wfm-sync-webhook-secrets',
    );
    const mount = ingest.containers[0].volumeMounts.find((m: { name: string }) => m.name === volume?.name);
    expect(path).toBe(`${mount?.mountPath}/${volume?.secret.items[0].path}`);
  });

  it('gives every pod a grace period longer than the shutdown budget, a non-root user, and a disruption budget', () => {
    const budgetS = shutdownTimeoutMs() / 1000;
    for (const deployment of deployments) {
      const spec = deployment.spec.template.spec;
      expect(spec.terminationGracePeriodSeconds, deployment.metadata.name).toBeGreaterThan(budgetS);
      expect(spec.securityContext.runAsNonRoot).toBe(true);
      const budgets = all.filter(
        (o) =>
          o.kind === 'PodDisruptionBudget' &&
          Object.entries(o.spec.selector.matchLabels).every(
            ([label, value]) => deployment.spec.template.metadata.labels[label] === value,
          ),
      );
      expect(
        budgets.map((b) => b.metadata.name),
        deployment.metadata.name,
      ).toEqual([deployment.metadata.name]);
    }
  });
});
