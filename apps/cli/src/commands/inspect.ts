import type { KeyInspection } from '@wfm-sync/pipeline';
import type { Command } from 'commander';
import { parseKind, requireOrg } from '../arguments.js';
import { CliError } from '../errors.js';
import { escapeControls } from '../format/escape.js';
import { callText, planLine } from '../format/plan-line.js';
import { table } from '../format/table.js';
import { formatTime } from '../format/time.js';
import type { CliIo } from '../io.js';
import { type CommandScope, printJson, printLine } from '../output.js';
import { withRuntime } from '../runtime.js';

export function registerInspect(program: Command, scope: CommandScope): void {
  program
    .command('inspect')
    .description('one key: desired and applied state, latest plan, decision trail, dead letter')
    .argument('<org>', 'org id (topology)')
    .argument('<kind>', 'agent, trunk, campaign, timeoff or schedule')
    .argument('<id>', 'user id, trunk id, campaign id, time-off externalId or schedule key id')
    .option('--json', 'print JSON')
    .action(async (orgId: string, kindArg: string, id: string, options: { json?: boolean }) => {
      const kind = parseKind(kindArg);
      await withRuntime(scope.io, async ({ ctx, queries }) => {
        requireOrg(ctx.topology, orgId);
        const inspection = await queries.inspect({ orgId, kind, id });
        if (!inspection)
          throw new CliError(`${kind} ${id} of org ${orgId}: wfm-sync has no record of this key`);
        if (options.json) printJson(scope.io, inspection);
        else printInspection(scope.io, inspection);
      });
    });
}

function printInspection(io: CliIo, k: KeyInspection): void {
  const fields: [string, string][] = [
    ['key', `${k.key.orgId}/${k.key.kind}/${k.key.id}`],
    ['status', k.status ?? '-'],
    ['reason', k.reason ?? '-'],
    ['queue', k.queue ?? '-'],
    ['revision', `desired ${k.rev}, applied ${k.appliedRev}`],
    ['applied at', formatTime(k.appliedAt) ?? '-'],
    ['verified at', formatTime(k.verifiedAt) ?? '-'],
    ['desired', k.desired === null ? '-' : JSON.stringify(k.desired)],
    ['applied', k.applied === null ? '-' : JSON.stringify(k.applied)],
    ['plan', k.plan === null ? '-' : planLine(k.plan)],
    [
      'plan calls',
      k.plan === null || k.plan.calls.length === 0 ? 'none' : k.plan.calls.map(callText).join(', '),
    ],
    [
      'dead letter',
      k.deadLetter === null
        ? 'none'
        : `${k.deadLetter.reason}: ${k.deadLetter.lastError.message} (${k.deadLetter.attempts} attempts, ${k.deadLetter.failedAt}, region ${k.deadLetter.region})`,
    ],
  ];
  const width = Math.max(...fields.map(([name]) => name.length));
  for (const [name, value] of fields) printLine(io, `${name.padEnd(width)}  ${escapeControls(value)}`);
  printLine(io);
  printLine(io, `decisions, newest first (${k.trail.length}):`);
  printLine(
    io,
    table(
      ['AT', 'WORKER', 'ATTEMPT', 'OUTCOME', 'REASON', 'DETAIL'],
      k.trail.map((d) => [d.at, d.worker, d.attempt, d.outcome, d.reason, d.detail]),
    ),
  );
}
