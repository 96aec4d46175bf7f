import type { Command } from 'commander';
import { requireRegion } from '../arguments.js';
import { formatNotifications } from '../format/notifications.js';
import { table } from '../format/table.js';
import { formatDuration, formatTime } from '../format/time.js';
import { type CommandScope, printJson, printLine } from '../output.js';
import { withRuntime } from '../runtime.js';

export function registerStatus(program: Command, scope: CommandScope): void {
  program
    .command('status')
    .description('queues, parked agents, dead letters and backlog age per region; Genesys budget per org')
    .option('--region <region>', 'only this region')
    .option('--json', 'print JSON')
    .action(async (options: { region?: string; json?: boolean }) => {
      await withRuntime(scope.io, async ({ ctx, queries }) => {
        requireRegion(ctx.topology, options.region);
        const status = await queries.status(options.region);
        if (options.json) return printJson(scope.io, status);
        const { io } = scope;
        const sum = (
          queues: (typeof status.regions)[number]['queues'],
          field: 'waiting' | 'active' | 'delayed' | 'failed',
        ) => queues.reduce((total, queue) => total + queue[field], 0);
        printLine(
          io,
          table(
            ['REGION', 'WAITING', 'ACTIVE', 'DELAYED', 'FAILED', 'PARKED', 'DEAD LETTERS', 'OLDEST PENDING'],
            status.regions.map((r) => [
              r.region,
              sum(r.queues, 'waiting'),
              sum(r.queues, 'active'),
              sum(r.queues, 'delayed'),
              sum(r.queues, 'failed'),
              r.parkedAgents,
              r.deadLetters,
              r.oldestPendingAgeMs === null ? undefined : formatDuration(r.oldestPendingAgeMs),
            ]),
          ),
        );
        printLine(io);
        printLine(
          io,
          table(
            ['QUEUE', 'WAITING', 'ACTIVE', 'DELAYED', 'FAILED', 'COMPLETED'],
            status.regions.flatMap((r) =>
              r.queues.map((q) => [q.name, q.waiting, q.active, q.delayed, q.failed, q.completed]),
            ),
          ),
        );
        printLine(io);
        const now = ctx.now();
        printLine(
          io,
          table(
            ['ORG', 'REGION', 'MODE', 'BUDGET USED/MIN', 'BLOCKED UNTIL', 'HELD', 'NOTIFICATIONS'],
            status.orgs.map((o) => [
              o.orgId,
              o.region,
              o.mode,
              `${o.usedThisMinute}/${o.requestsPerMinute}`,
              o.blockedUntil === null
                ? undefined
                : `${formatTime(o.blockedUntil)} (${formatDuration(o.blockedUntil - now)} left)`,
              o.holds.length === 0
                ? undefined
                : o.holds
                    .map((hold) =>
                      hold.until === undefined
                        ? hold.reason
                        : `${hold.reason} until ${formatTime(hold.until)} (${formatDuration(hold.until - now)} left)`,
                    )
                    .join(', '),
              formatNotifications(o.notifications, now),
            ]),
          ),
        );
      });
    });
}
