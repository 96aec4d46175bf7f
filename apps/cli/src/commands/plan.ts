import type { Plan } from '@wfm-sync/domain';
import { type OrgPlanReport, PLAN_KINDS, type PlanKind, planOrg } from '@wfm-sync/pipeline';
import type { Command } from 'commander';
import { parseKind, requireOrg } from '../arguments.js';
import { CliError, UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { planLine } from '../format/plan-line.js';
import type { CliIo } from '../io.js';
import { type CommandScope, printJson, printLine } from '../output.js';
import { ProgressBar } from '../progress.js';
import { withRuntime } from '../runtime.js';

interface PlanCommandOptions {
  kind?: string;
  json?: boolean;
  all?: boolean;
  concurrency?: string;
}

export function registerPlan(program: Command, scope: CommandScope): void {
  program
    .command('plan')
    .description(
      'read Genesys (read-only, within the org budget) for every key with a desired state and print what a worker would write',
    )
    .argument('<org>', 'org id (topology)')
    .option('--kind <kind>', `only keys of this kind: ${PLAN_KINDS.join(', ')}`)
    .option('--all', 'also print the keys already in step')
    .option('--concurrency <n>', 'keys read at once (the org budget paces them anyway)', '4')
    .option('--json', 'print the plans as JSON')
    .addHelpText(
      'after',
      '\nExit status: 0 nothing would change, 2 something would, 1 error, 78 invalid configuration.',
    )
    .action(async (orgId: string, options: PlanCommandOptions) => {
      const kinds: readonly PlanKind[] =
        options.kind === undefined ? PLAN_KINDS : [parseKind(options.kind, PLAN_KINDS) as PlanKind];
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
        throw new UsageError('--concurrency must be an integer 1..64');
      await withRuntime(scope.io, async ({ ctx }) => {
        requireOrg(ctx.topology, orgId);
        const progress = new ProgressBar(scope.io.stderr, 'planned keys');
        const report = await planOrg(ctx, orgId, {
          kinds,
          concurrency,
          onProgress: ({ done, total }) => progress.update(done, total),
        });
        progress.finish();
        if (options.kind !== undefined && Object.keys(report.unplannable).length > 0)
          throw new CliError(`${options.kind} keys cannot be planned by this version yet`);
        if (options.json) printJson(scope.io, report);
        else printReport(scope.io, report, options.all === true);
        scope.setExitCode(exitCodeOf(report));
      });
    });
}

/** terraform plan -detailed-exitcode: 1 when any key could not be planned, 2 when a plan writes, else 0. */
export function exitCodeOf(report: OrgPlanReport): number {
  if (report.failures.length > 0) return EXIT.error;
  return report.totals.writes > 0 ? EXIT.changes : EXIT.ok;
}

function printReport(io: CliIo, report: OrgPlanReport, all: boolean): void {
  const shown = (plan: Plan) => all || plan.calls.length > 0 || plan.reason === 'parked';
  printLine(io, `org ${report.orgId} (${report.mode})`);
  for (const plan of report.plans) if (shown(plan)) printLine(io, planLine(plan));
  for (const failure of report.failures)
    printLine(io, `${failure.key.kind} ${failure.key.id}  error: ${failure.message}`);
  const t = report.totals;
  printLine(io);
  printLine(
    io,
    `${t.writes} write${t.writes === 1 ? '' : 's'} would be made (${t.changing} key${t.changing === 1 ? '' : 's'}), ` +
      `${t.inStep} in step, ${t.parked} parked, ${t.failed} failed`,
  );
  for (const [kind, count] of Object.entries(report.unplannable))
    printLine(
      io,
      `not planned: ${count} ${kind} key${count === 1 ? '' : 's'} (no planner for this kind yet)`,
    );
}
