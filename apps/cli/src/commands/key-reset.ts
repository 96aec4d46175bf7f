import type { Command } from 'commander';
import { actorOf, parseKind, requireOrg } from '../arguments.js';
import { escapeControls } from '../format/escape.js';
import { type CommandScope, printJson, printLine } from '../output.js';
import { withRuntime } from '../runtime.js';

export function registerKey(program: Command, scope: CommandScope): void {
  const key = program.command('key').description('operate on one key');
  key
    .command('reset')
    .description(
      "forget one key's event order, so its next event is kept whatever its sequence (a key stuck behind an event with a huge sequence); recorded in the key's trail",
    )
    .argument('<org>', 'org id (topology)')
    .argument('<kind>', 'agent, trunk, campaign, timeoff or schedule')
    .argument('<id>', 'user id, trunk id, campaign id, time-off externalId or schedule key id')
    .option('--actor <name>', 'who asks, for the trail and the log (default: $USER)')
    .option('--json', 'print JSON')
    .action(
      async (orgId: string, kindArg: string, id: string, options: { actor?: string; json?: boolean }) => {
        const kind = parseKind(kindArg);
        const actor = actorOf(options.actor, scope.io);
        await withRuntime(scope.io, async ({ ctx, queries }) => {
          requireOrg(ctx.topology, orgId);
          const reset = await queries.resetKeyOrdering({ orgId, kind, id }, actor);
          if (options.json) {
            printJson(scope.io, {
              orgId,
              kind,
              id,
              actor,
              ...reset,
              previousSequence: reset.previousSequence ?? null,
            });
            return;
          }
          const name = `${kind} ${escapeControls(id)} of org ${orgId}`;
          if (reset.cleared === 0)
            printLine(scope.io, `${name}: wfm-sync holds no event order for it; nothing to reset`);
          else
            printLine(
              scope.io,
              `${name}: event order reset (stored sequence was ${reset.previousSequence}); its next event is kept whatever its sequence`,
            );
        });
      },
    );
}
