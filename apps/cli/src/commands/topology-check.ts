import { loadTopologyFile } from '@wfm-sync/config';
import type { Command } from 'commander';
import { type CommandScope, printJson, printLine } from '../output.js';

export function registerTopology(program: Command, scope: CommandScope): void {
  const topology = program.command('topology').description('the topology file');
  topology
    .command('check')
    .description('validate a topology file exactly as the processes do at start (exit 78 when invalid)')
    .argument('<file>', 'topology JSON file')
    .option('--json', 'print JSON')
    .action((file: string, options: { json?: boolean }) => {
      // Throws ConfigError (exit 78) like a process start would; secrets named env:NAME must be set here too.
      const { topology: loaded, warnings } = loadTopologyFile(file, scope.io.env);
      const summary = {
        file,
        valid: true,
        orgs: loaded.orgs.length,
        trunks: loaded.trunks.length,
        routingGroups: loaded.routingGroups.length,
        warnings,
      };
      if (options.json) return printJson(scope.io, summary);
      printLine(
        scope.io,
        `${file}: valid (${summary.orgs} orgs, ${summary.trunks} trunks, ${summary.routingGroups} routing groups)`,
      );
      for (const warning of warnings) scope.io.stderr.write(`warning: ${warning}\n`);
    });
}
