import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { parseCli, USAGE, UsageError } from './cli/args.js';
import { faultProfileSchema } from './faults/profile.js';
import { generateFixture } from './fixture/generate.js';
import { InvalidFixtureError, loadFixtureFile } from './fixture/load.js';
import { createLogger } from './logger.js';
import { startSim } from './start.js';
import { topologyFromFixture } from './topology.js';

function exitWithUsage(message: string): never {
  process.stderr.write(`gc-sim: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function readFaults(path: string) {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read fault profile ${path}: ${(error as Error).message}`);
  }
  const result = faultProfileSchema.safeParse(json);
  if (!result.success)
    throw new UsageError(`fault profile ${path} is invalid:\n${z.prettifyError(result.error)}`);
  return result.data;
}

function envFilePath(topologyPath: string): string {
  return topologyPath.endsWith('.json')
    ? `${topologyPath.slice(0, -'.json'.length)}.env`
    : `${topologyPath}.env`;
}

async function main(): Promise<void> {
  let config: ReturnType<typeof parseCli>;
  let fixture: ReturnType<typeof generateFixture>;
  let faults: ReturnType<typeof readFaults> | undefined;
  try {
    config = parseCli(process.argv.slice(2), process.env);
    if (!config) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    fixture = config.fixture
      ? loadFixtureFile(config.fixture)
      : generateFixture({
          seed: config.seed,
          ...(config.orgs === undefined ? {} : { orgs: config.orgs }),
          ...(config.trunks === undefined ? {} : { trunks: config.trunks }),
          ...(config.agents === undefined ? {} : { agents: config.agents }),
        });
    faults = config.faults ? readFaults(config.faults) : undefined;
  } catch (error) {
    if (error instanceof UsageError || error instanceof InvalidFixtureError) exitWithUsage(error.message);
    throw error;
  }

  const logger = createLogger({ level: config.logLevel });
  const running = await startSim({
    fixture,
    seed: config.seed,
    logger,
    host: config.host,
    port: config.port,
    ...(faults === undefined ? {} : { faults }),
    ...(config.tokenLifetime === undefined ? {} : { tokenLifetimeS: config.tokenLifetime }),
    ...(config.rpm === undefined ? {} : { requestsPerMinute: config.rpm }),
  });
  const baseUrl = config.publicUrl ?? running.url;

  if (config.writeFixture) writeFileSync(config.writeFixture, `${JSON.stringify(fixture, null, 2)}\n`);
  if (config.writeTopology || config.writeEnv) {
    const { topology, env } = topologyFromFixture(fixture, {
      baseUrl,
      ...(config.secretEnvPrefix === undefined ? {} : { secretEnvPrefix: config.secretEnvPrefix }),
      ...(config.rpm === undefined ? {} : { requestsPerMinute: config.rpm }),
    });
    if (config.writeTopology) writeFileSync(config.writeTopology, `${JSON.stringify(topology, null, 2)}\n`);
    const envPath = config.writeEnv ?? (config.writeTopology ? envFilePath(config.writeTopology) : undefined);
    if (envPath) {
      const lines = Object.entries(env).map(([name, value]) => `${name}=${value}`);
      writeFileSync(envPath, `${lines.join('\n')}\n`, { mode: 0o600 });
    }
  }

  logger.info(
    {
      url: running.url,
      orgs: fixture.orgs.map((org) => ({ id: org.id, region: org.region, clientId: org.clientId })),
      topology: config.writeTopology,
    },
    'gc-sim listening',
  );

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'gc-sim shutting down');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'gc-sim did not close cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `gc-sim failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
