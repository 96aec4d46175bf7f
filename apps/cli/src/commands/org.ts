import type { Command } from 'commander';
import { actorOf, requireOrg } from '../arguments.js';
import { type CommandScope, printJson, printLine } from '../output.js';
import { withRuntime } from '../runtime.js';

/** `wfm-sync org pause|resume <org>`: hold an org (nothing new is sent to it) or lift the hold (decision 026). */
export function registerOrg(program: Command, scope: CommandScope): void {
  const org = program.command('org').description('operate one org: pause and resume');
  for (const action of ['pause', 'resume'] as const) {
    const command = org
      .command(action)
      .description(
        action === 'pause'
          ? 'stop sending to an org: writes in flight finish, its keys wait (ingest keeps recording)'
          : "lift an org's pause: the keys it held back converge to the latest desired state",
      )
      .argument('<org>', 'org id (topology)')
      .option('--actor <name>', 'who asks, for the log and the trail (default: $USER)')
      .option('--json', 'print JSON');
    if (action === 'resume')
      command.option(
        '--quota',
        "also lift a spent quota and the org's 429 block (Genesys raised or reset the quota before Retry-After)",
      );
    command.action(async (orgId: string, options: { actor?: string; json?: boolean; quota?: boolean }) => {
      const actor = actorOf(options.actor, scope.io);
      await withRuntime(scope.io, async ({ ctx, queries }) => {
        requireOrg(ctx.topology, orgId);
        const change =
          action === 'pause'
            ? await queries.pauseOrg(orgId, actor)
            : await queries.resumeOrg(orgId, actor, { quota: options.quota });
        if (options.json) {
          printJson(scope.io, { ...change, actor });
          return;
        }
        const what =
          action === 'pause'
            ? change.changed
              ? `org ${orgId} paused: nothing new is sent to it`
              : `org ${orgId} was already paused`
            : change.changed
              ? `org ${orgId} resumed: ${change.woken} held key${change.woken === 1 ? '' : 's'} woken`
              : `org ${orgId} was not paused`;
        printLine(scope.io, what);
        for (const hold of change.holds.filter((h) => h.reason !== 'paused'))
          printLine(scope.io, `still held: ${hold.reason}: ${hold.detail}`);
      });
    });
  }
}
