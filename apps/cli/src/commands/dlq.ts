import type { TopologyIndex } from '@wfm-sync/config';
import type { DeadLetterFilter } from '@wfm-sync/pipeline';
import type { Command } from 'commander';
import { actorOf, parseKeyOption, parseKind, requireOrg, requireRegion } from '../arguments.js';
import { UsageError } from '../errors.js';
import { table } from '../format/table.js';
import { type CommandScope, printJson, printLine } from '../output.js';
import { withRuntime } from '../runtime.js';

interface FilterOptions {
  region?: string;
  reason?: string;
  kind?: string;
  org?: string;
  key?: string;
  json?: boolean;
}

function withFilterOptions(command: Command): Command {
  return command
    .option('--region <region>', 'only dead letters of this region')
    .option('--reason <reason>', 'only this reason (e.g. not-found, attempts-exhausted)')
    .option('--kind <kind>', 'only keys of this kind')
    .option('--org <org>', 'only keys of this org')
    .option('--key <kind:id>', 'only this key (needs --org)')
    .option('--json', 'print JSON');
}

function filterOf(
  topology: TopologyIndex,
  options: FilterOptions,
): DeadLetterFilter & { key?: ReturnType<typeof parseKeyOption> } {
  requireRegion(topology, options.region);
  if (options.org !== undefined) requireOrg(topology, options.org);
  return {
    region: options.region,
    reason: options.reason,
    kind: options.kind === undefined ? undefined : parseKind(options.kind),
    orgId: options.org,
    key: options.key === undefined ? undefined : parseKeyOption(options.key, options.org),
  };
}

export function registerDlq(program: Command, scope: CommandScope): void {
  const dlq = program.command('dlq').description('dead letters: keys the pipeline gave up on');

  withFilterOptions(
    dlq.command('list').description('list dead letters with their reason and last error'),
  ).action(async (options: FilterOptions) => {
    await withRuntime(scope.io, async ({ ctx, queries }) => {
      const letters = await queries.deadLetters(filterOf(ctx.topology, options));
      if (options.json) return printJson(scope.io, letters);
      printLine(
        scope.io,
        table(
          ['REGION', 'ORG', 'KIND', 'ID', 'REASON', 'ATTEMPTS', 'FAILED AT', 'LAST ERROR'],
          letters.map((l) => [
            l.region,
            l.orgId,
            l.kind,
            l.id,
            l.reason,
            l.attempts,
            l.failedAt,
            l.lastError.message,
          ]),
        ),
      );
      printLine(scope.io, `${letters.length} dead letter${letters.length === 1 ? '' : 's'}`);
    });
  });

  withFilterOptions(
    dlq
      .command('replay')
      .description(
        're-enqueue the matching keys (each reads its current desired state) and remove their dead letters',
      ),
  )
    .option('--actor <name>', 'who replays, for the log (default: $USER)')
    .action(async (options: FilterOptions & { actor?: string }) => {
      const actor = actorOf(options.actor, scope.io);
      await withRuntime(scope.io, async ({ ctx, queries }) => {
        const replayed = await queries.replayDeadLetters(filterOf(ctx.topology, options), actor);
        if (options.json) printJson(scope.io, { replayed, actor });
        else
          printLine(
            scope.io,
            `replayed ${replayed} dead letter${replayed === 1 ? '' : 's'} (actor ${actor})`,
          );
      });
    });

  withFilterOptions(
    dlq.command('purge').description('remove the matching dead letters without replaying them'),
  )
    .option('--actor <name>', 'who purges, for the log (default: $USER)')
    .option('--all', 'allow purging every dead letter (no filter)')
    .action(async (options: FilterOptions & { actor?: string; all?: boolean }) => {
      const filtered = [options.region, options.reason, options.kind, options.org, options.key].some(
        (value) => value !== undefined,
      );
      if (!filtered && !options.all)
        throw new UsageError('purge without a filter removes every dead letter: add --all');
      const actor = actorOf(options.actor, scope.io);
      await withRuntime(scope.io, async ({ ctx, queries }) => {
        const purged = await queries.purgeDeadLetters(filterOf(ctx.topology, options), actor);
        if (options.json) printJson(scope.io, { purged, actor });
        else printLine(scope.io, `purged ${purged} dead letter${purged === 1 ? '' : 's'} (actor ${actor})`);
      });
    });
}
