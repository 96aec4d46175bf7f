import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { http } from './helpers.js';

const MAIN = join(import.meta.dirname, '..', 'src', 'main.ts');

function runMain(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, LOG_LEVEL: 'info', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('the gc-sim command', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 with a clear message on bad flags', async () => {
    const run = runMain(['--orgs', 'many']);
    children.push(run.child);
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('--orgs must be a number');
    expect(run.output()).toContain('Usage: gc-sim');
  });

  it('writes the topology, secrets and fixture, serves them, and closes on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gc-sim-cli-'));
    dirs.push(dir);
    const topologyPath = join(dir, 'topology.json');
    const run = runMain([
      '--orgs',
      '1',
      '--trunks',
      '4',
      '--agents',
      '8',
      '--write-topology',
      topologyPath,
      '--write-fixture',
      join(dir, 'fixture.json'),
    ]);
    children.push(run.child);
    const topology = await waitFor(
      () => {
        try {
          return JSON.parse(readFileSync(topologyPath, 'utf8')) as {
            orgs: Array<{ apiBaseUrl: string; clientSecret: string }>;
          };
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 15_000, what: 'the topology file' },
    );
    // The env file is written right after the topology file: wait for it too, not just for the topology.
    const env = await waitFor(
      () => {
        try {
          const text = readFileSync(join(dir, 'topology.env'), 'utf8');
          return text.endsWith('\n') ? text : undefined;
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 15_000, what: 'the env file' },
    );
    const fixture = JSON.parse(readFileSync(join(dir, 'fixture.json'), 'utf8')) as {
      orgs: Array<{ clientSecret: string; trunks: unknown[] }>;
    };
    expect(topology.orgs[0]?.clientSecret).toBe('env:ACME_APAC_CLIENT_SECRET');
    expect(env).toBe(`ACME_APAC_CLIENT_SECRET=${fixture.orgs[0]?.clientSecret}\n`);
    expect(fixture.orgs[0]?.trunks).toHaveLength(4);
    expect((await http(`${topology.orgs[0]?.apiBaseUrl}/healthz`)).status).toBe(200);
    expect(run.output()).not.toContain(fixture.orgs[0]?.clientSecret as string);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });
});
