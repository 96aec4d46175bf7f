import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run demo -- [--agents 500] [--events-per-agent 20] [--rate 400] [--seed 42] [--exit-when-converged]
Starts Redis (REDIS_URL if it answers, else a private redis-server), the Genesys simulator, ingest, one worker per
region and the dashboard (loopback only), then plays a peak-hour storm of signed webhooks and shows progress until
every change has landed. Ctrl-C stops all.`;

export interface DemoOptions {
  agents: number;
  eventsPerAgent: number;
  /** Events per second sent to ingest. */
  rate: number;
  seed: number;
  exitWhenConverged: boolean;
}

/** The demo's options from argv; prints the usage and exits on --help (0) or a bad value (2). */
export function parseCli(argv: string[] = process.argv.slice(2)): DemoOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      agents: { type: 'string', default: '500' },
      'events-per-agent': { type: 'string', default: '20' },
      rate: { type: 'string', default: '400' },
      seed: { type: 'string', default: '42' },
      'exit-when-converged': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const number = (name: string, value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      process.stderr.write(`demo: --${name} must be a positive integer\n\n${USAGE}\n`);
      process.exit(2);
    }
    return n;
  };
  return {
    agents: number('agents', values.agents),
    eventsPerAgent: number('events-per-agent', values['events-per-agent']),
    rate: number('rate', values.rate),
    seed: number('seed', values.seed),
    exitWhenConverged: values['exit-when-converged'],
  };
}
