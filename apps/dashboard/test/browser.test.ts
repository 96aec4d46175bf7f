import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentCapacityData } from '@wfm-sync/domain';
import type { FixtureAgent } from '@wfm-sync/gc-sim';
import { createOperatorQueries } from '@wfm-sync/pipeline';
import { freePort, waitFor } from '@wfm-sync/test-support';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, smallFixture, startTestDashboard, type TestDashboard } from './support/dashboard.js';
import { agentEvent, type RunningPipeline, startPipeline } from './support/pipeline.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const inCi = ['1', 'true'].includes((process.env.CI ?? '').toLowerCase());
const runBrowser = existsSync(CHROMIUM) || inCi;
if (!runBrowser) {
  console.warn(
    `SKIPPED the dashboard browser test: ${CHROMIUM} is not installed (apt-get install -y chromium). It always runs in CI.`,
  );
}

/** An id as hostile as a webhook may send: it must show as text and never run. */
const HOSTILE_ID = `agent-"><img src=x onerror="document.title='pwned'">`;

describe.skipIf(!runBrowser)(
  'dashboard in a real browser (chromium) over a running pipeline on gc-sim',
  () => {
    let pipeline: RunningPipeline;
    let dashboard: TestDashboard;
    let browser: Browser;
    let url: string;

    const fixture = smallFixture();
    const org = fixture.orgs[0]!;
    // The trunk that goes offline: its agents are parked.
    const downTrunk = org.trunks[0]!;
    const parkedAgent = org.agents.find((agent) => agent.trunkId === downTrunk.id)!;
    // An agent Genesys does not know yet: its key is dead-lettered (not-found) until it is provisioned.
    const ghost = org.agents.find((agent) => agent.trunkId !== downTrunk.id)!;
    const healthy = org.agents.filter((agent) => agent.trunkId !== downTrunk.id && agent !== ghost);

    const capacity = (agent: FixtureAgent, calls: number, userId = agent.id): AgentCapacityData => ({
      userId,
      routingGroupId: agent.routingGroupId,
      trunkId: agent.trunkId,
      available: true,
      utilization: { call: { maximumCapacity: calls }, chat: { maximumCapacity: 2 } },
    });
    const simAgents = () => pipeline.sim.sim.engine.org(org.id)!.agents as Map<string, FixtureAgent>;

    beforeAll(async () => {
      expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: .ci/run must apt-get install -y chromium`).toBe(
        true,
      );
      mkdirSync(ARTIFACTS, { recursive: true });
      pipeline = await startPipeline(fixture, (sim) => {
        sim.sim.admin.setTrunkHealth(org.id, downTrunk.id, 'offline');
        // The simulator has no call to create users; the administrator adds this one later in the test.
        (sim.sim.engine.org(org.id)!.agents as Map<string, FixtureAgent>).delete(ghost.id);
      });
      await pipeline.recorder.record([
        agentEvent(org.id, capacity(parkedAgent, 3)),
        agentEvent(org.id, capacity(parkedAgent, 2, HOSTILE_ID)),
        agentEvent(org.id, capacity(ghost, 4)),
        ...healthy.map((agent) => agentEvent(org.id, capacity(agent, 2))),
      ]);

      const port = await freePort();
      dashboard = await startTestDashboard({ redis: pipeline.redis, topology: pipeline.topology, port });
      const queries = createOperatorQueries(dashboard.ctx);
      await waitFor(
        async () => {
          const down = (await queries.trunks()).find((trunk) => trunk.trunkId === downTrunk.id);
          const letters = await queries.deadLetters({ kind: 'agent' });
          return (
            down?.parkedAgents.includes(parkedAgent.id) === true &&
            down.parkedAgents.includes(HOSTILE_ID) &&
            letters.some((letter) => letter.id === ghost.id)
          );
        },
        { timeoutMs: 20_000, what: 'the parked agents and the dead-lettered ghost agent' },
      );
      await dashboard.app.listen({ port, host: '127.0.0.1' });
      url = `http://127.0.0.1:${port}`;

      // launch() gives every run a fresh temporary profile (its own --user-data-dir), removed on close.
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    });

    afterAll(async () => {
      await browser?.close();
      await dashboard?.close();
      await pipeline?.close();
    });

    async function operatorPage(): Promise<Page> {
      const context = await browser.newContext({
        httpCredentials: { username: OPERATOR.user, password: OPERATOR.password },
        viewport: { width: 1440, height: 900 },
      });
      const page = await context.newPage();
      page.on('dialog', (dialog) => {
        throw new Error(`a dialog opened: ${dialog.message()}`);
      });
      return page;
    }

    it('asks for credentials', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      // Headless chromium has nobody to ask: the challenge ends the navigation.
      await expect(page.goto(`${url}/trunks`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
      const response = await context.request.get(`${url}/trunks`);
      expect(response.status()).toBe(401);
      expect(response.headers()['www-authenticate']).toContain('Basic');
      await context.close();
    });

    it('finds a key parked on an unhealthy trunk and shows why', async () => {
      const page = await operatorPage();
      await page.goto(`${url}/trunks`);
      const row = page.locator(`tr[data-trunk="${downTrunk.id}"]`);
      expect(await row.locator('.badge').textContent()).toBe('offline');
      expect(await row.textContent()).toContain(parkedAgent.id);
      // The hostile id is shown as text, and nothing ran.
      expect(await row.textContent()).toContain(HOSTILE_ID);
      expect(await page.title()).not.toContain('pwned');
      await page.screenshot({ path: join(ARTIFACTS, 'trunks.png'), fullPage: true });

      // Find it as an operator would: search the key by part of its id.
      await page.goto(`${url}/keys`);
      await page.fill('input[name="q"]', parkedAgent.id.slice(0, 12));
      await page.selectOption('select[name="kind"]', 'agent');
      await page.click('button[type="submit"]');
      await page.waitForURL(/\/keys\?/);
      await page.screenshot({ path: join(ARTIFACTS, 'key-search.png'), fullPage: true });
      await page.getByRole('link', { name: parkedAgent.id, exact: true }).click();
      await page.waitForSelector('#key-status');
      expect(await page.locator('#key-status .badge').textContent()).toBe('parked');
      const reason = await page.locator('#key-reason').textContent();
      expect(reason).toContain(downTrunk.id);
      expect(reason).toContain('offline');
      const trail = await page.locator('#trail').textContent();
      expect(trail).toContain('parked');
      expect(await page.locator('#desired').textContent()).toContain('"maximumCapacity": 3');
      await page.screenshot({ path: join(ARTIFACTS, 'key-parked.png'), fullPage: true });
      await page.context().close();
    });

    it('replays a dead letter once its cause is fixed, and logs who did it', async () => {
      const page = await operatorPage();
      await page.goto(`${url}/dead-letters`);
      const row = page.locator(`tr[data-key="${org.id}/agent/${ghost.id}"]`);
      expect(await row.textContent()).toContain('not-found');
      await page.screenshot({ path: join(ARTIFACTS, 'dead-letters.png'), fullPage: true });

      // The administrator creates the user in Genesys; then the operator replays.
      simAgents().set(ghost.id, ghost);
      await row.locator('button[data-action="replay"]').click();
      await page.waitForURL(/\/dead-letters\?.*done=replay/);
      expect(await page.locator('.notice').textContent()).toBe('Replayed 1 dead letter.');
      expect(await page.locator(`tr[data-key="${org.id}/agent/${ghost.id}"]`).count()).toBe(0);

      await waitFor(
        () => pipeline.sim.sim.admin.utilization(org.id, ghost.id)?.utilization.call.maximumCapacity === 4,
        { timeoutMs: 15_000, what: 'the replayed key to be applied in Genesys' },
      );
      await page.goto(`${url}/keys/inspect?org=${org.id}&kind=agent&id=${encodeURIComponent(ghost.id)}`);
      await waitFor(
        async () => {
          await page.reload();
          return (await page.locator('#key-status .badge').textContent()) === 'applied';
        },
        { timeoutMs: 10_000, what: 'the key page to show the replayed key applied' },
      );
      const trail = await page.locator('#trail').textContent();
      expect(trail).toContain('dead-lettered');
      expect(trail).toContain('applied');
      await page.screenshot({ path: join(ARTIFACTS, 'key-replayed.png'), fullPage: true });

      const logged = dashboard.logs.lines.find((line) => line.msg === 'dashboard: replay of dead letters');
      expect(logged).toMatchObject({ actor: OPERATOR.user, action: 'replay', count: 1 });
      await page.context().close();
    });

    it('shows bull-board over every queue and the dead letters, and the other views, without a secret', async () => {
      const page = await operatorPage();
      const secrets = [org.clientSecret, OPERATOR.password];
      for (const path of ['/', '/pacing', '/budgets', '/dead-letters', '/keys']) {
        await page.goto(`${url}${path}`);
        const content = await page.content();
        for (const secret of secrets) expect(content, path).not.toContain(secret);
        await page.screenshot({
          path: join(ARTIFACTS, `${path === '/' ? 'overview' : path.slice(1)}.png`),
          fullPage: true,
        });
      }
      await page.goto(`${url}/queues`);
      await page.getByText('{ap-southeast-1/region}').first().waitFor({ timeout: 15_000 });
      await page.getByText('{ap-southeast-1/dead-letter}').first().waitFor({ timeout: 15_000 });
      await page.getByText('Loading').first().waitFor({ state: 'hidden', timeout: 15_000 });
      await page.screenshot({ path: join(ARTIFACTS, 'queues-overview.png'), fullPage: true });
      // A queue's own page: its name (braces and slashes) survives bull-board's routing.
      await page.getByText('{ap-southeast-1/region}').first().click();
      await page.waitForURL(/\/queues\/queue\//);
      await page.getByText('Loading').first().waitFor({ state: 'hidden', timeout: 15_000 });
      await page.screenshot({ path: join(ARTIFACTS, 'queues.png'), fullPage: true });
      await page.context().close();
    });
  },
);
