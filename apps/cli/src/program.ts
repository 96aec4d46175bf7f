import { Command } from 'commander';
import { registerDlq } from './commands/dlq.js';
import { registerInspect } from './commands/inspect.js';
import { registerKey } from './commands/key-reset.js';
import { registerOrg } from './commands/org.js';
import { registerPlan } from './commands/plan.js';
import { registerResync } from './commands/resync.js';
import { registerStatus } from './commands/status.js';
import { registerTopology } from './commands/topology-check.js';
import type { CommandScope } from './output.js';

const ENVIRONMENT_HELP = `
Environment (as the processes read it): REDIS_URL, REDIS_CLUSTER, TOPOLOGY_FILE, WFM_KEY_PREFIX, SYNC_MODE, LOG_LEVEL.
Exit status: 0 ok, 1 error, 2 usage error or "plan has changes", 78 invalid configuration.`;

/** The `wfm-sync` command tree. Commander never exits the process: runCli turns its exits into exit codes. */
export function buildProgram(scope: CommandScope): Command {
  const program = new Command('wfm-sync')
    .description(
      'Operate a wfm-sync deployment: queues, keys, dead letters, resyncs, orgs, topology and plans.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void scope.io.stdout.write(text),
      writeErr: (text) => void scope.io.stderr.write(text),
      outputError: (text, write) => write(`wfm-sync: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', ENVIRONMENT_HELP);
  registerStatus(program, scope);
  registerInspect(program, scope);
  registerKey(program, scope);
  registerDlq(program, scope);
  registerResync(program, scope);
  registerOrg(program, scope);
  registerTopology(program, scope);
  registerPlan(program, scope);
  return program;
}
