import type { Command } from 'commander';
import { actorOf, parseKind, requireOrg } from '../arguments.js';
import { type CommandScope, printJson, printLine } from '../output.js';
import { withRuntime } from '../runtime.js';

export function registerResync(program: Command, scope: CommandScope): void {
  program
    .command('resync')
    .description(
      're-enqueue every known key of an org (level-triggered: each job reads desired state and Genesys)',
    )
    .argument('<org>', 'org id (topology)')
    .option('--kind <kind>', 'only keys of this kind')
    .option('--actor <name>', 'who asks, for the log (default: $USER)')
    .option('--json', 'print JSON')
    .action(async (orgId: string, options: { kind?: string; actor?: string; json?: boolean }) => {
      const kind = options.kind === undefined ? undefined : parseKind(options.kind);
      const actor = actorOf(options.actor, scope.io);
      await withRuntime(scope.io, async ({ ctx, queries }) => {
        requireOrg(ctx.topology, orgId);
        const enqueued = await queries.resync(orgId, { kind, actor });
        if (options.json) printJson(scope.io, { orgId, kind: kind ?? null, enqueued, actor });
        else
          printLine(
            scope.io,
            `enqueued ${enqueued} key${enqueued === 1 ? '' : 's'} of org ${orgId}${kind ? ` (${kind})` : ''}`,
          );
      });
    });
}
