import { writeFileSync } from 'node:fs';
import { createLogger } from '@wfm-sync/observability';
import { runBench } from './bench.js';
import { parseBenchArgs, USAGE, UsageError } from './cli.js';
import { runsWithoutFigures } from './figures/completeness.js';
import { renderReport } from './report.js';
import { RunningResources } from './run/resources.js';
import { runMain } from './run-main.js';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let options: ReturnType<typeof parseBenchArgs>;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const logger = createLogger({
    service: 'bench',
    level: process.env.LOG_LEVEL ?? 'info',
    destination: process.stderr,
    pretty: process.stderr.isTTY === true,
  });
  const resources = new RunningResources();
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      logger.warn({ signal }, 'interrupted: stopping the simulators, the wfm-sync processes and Redis');
      void resources.stopAll(logger).finally(() => process.exit(code));
    });
  }
  const report = await runBench(options, logger, resources);
  const text = renderReport(report, ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '));
  process.stdout.write(`\n${text}\n`);
  if (options.jsonFile) writeFileSync(options.jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  if (options.markdownFile) writeFileSync(options.markdownFile, `${text}\n`);

  const missing = runsWithoutFigures(report.planned, report.results);
  if (missing.length > 0) {
    process.stderr.write(
      `bench: no figures from ${missing.map((r) => `${r.strategy} on ${r.scenario}`).join(', ')}\n`,
    );
    return 1;
  }
  return 0;
}

runMain(main);
