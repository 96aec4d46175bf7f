import type { SyncKey } from '@wfm-sync/domain';
import type { Job } from 'bullmq';
import { type DeadLetter, deadLetterSchema } from '../store/dead-letters.js';
import { deadLetterQueueName } from '../store/names.js';
import type { DeadLetterFilter } from './api.js';
import type { OperatorContext } from './context.js';

export type DeadLetterSelection = DeadLetterFilter & { key?: SyncKey };
type RegionalDeadLetter = DeadLetter & { region: string };

/** Dead letters read per page: the queue holds one entry per key, so a region can hold many. */
const PAGE = 500;

export async function listDeadLetters(
  ctx: OperatorContext,
  filter: DeadLetterSelection = {},
): Promise<RegionalDeadLetter[]> {
  return (await selectDeadLetters(ctx, filter)).map(({ letter }) => letter);
}

/** Re-enqueues each selected key (a fresh job reads the current desired state) and removes its dead letter. */
export async function replayDeadLetters(
  ctx: OperatorContext,
  filter: DeadLetterSelection,
  actor: string,
): Promise<number> {
  let replayed = 0;
  for (const { letter } of await selectDeadLetters(ctx, filter)) {
    const key = { orgId: letter.orgId, kind: letter.kind as SyncKey['kind'], id: letter.id };
    if (await ctx.deadLetters.replay(letter.region, key)) replayed++;
  }
  ctx.logger.info(
    { actor, action: 'dead-letters.replay', filter: describe(filter), replayed },
    'dead letters replayed',
  );
  return replayed;
}

/** Removes the selected dead letters; their keys keep status dead-lettered until a new event or a resync. */
export async function purgeDeadLetters(
  ctx: OperatorContext,
  filter: DeadLetterSelection,
  actor: string,
): Promise<number> {
  let purged = 0;
  for (const { job } of await selectDeadLetters(ctx, filter)) {
    await job.remove();
    purged++;
  }
  ctx.logger.info(
    { actor, action: 'dead-letters.purge', filter: describe(filter), purged },
    'dead letters purged',
  );
  return purged;
}

async function selectDeadLetters(
  ctx: OperatorContext,
  filter: DeadLetterSelection,
): Promise<{ letter: RegionalDeadLetter; job: Job }[]> {
  const regions = filter.region === undefined ? ctx.topology.regions() : [filter.region];
  const selected: { letter: RegionalDeadLetter; job: Job }[] = [];
  for (const region of regions) {
    const queue = ctx.queues.get(deadLetterQueueName(region));
    for (let start = 0; ; start += PAGE) {
      const jobs = await queue.getJobs(['waiting'], start, start + PAGE - 1, true);
      for (const job of jobs) {
        const parsed = deadLetterSchema.safeParse(job.data);
        if (!parsed.success) {
          ctx.logger.warn({ region, job: job.id }, 'skipping a dead letter that does not parse');
          continue;
        }
        const letter = { ...parsed.data, region };
        if (matches(letter, filter)) selected.push({ letter, job });
      }
      if (jobs.length < PAGE) break;
    }
  }
  return selected;
}

function matches(letter: RegionalDeadLetter, filter: DeadLetterSelection): boolean {
  if (filter.orgId !== undefined && letter.orgId !== filter.orgId) return false;
  if (filter.kind !== undefined && letter.kind !== filter.kind) return false;
  if (filter.reason !== undefined && letter.reason !== filter.reason) return false;
  if (filter.key !== undefined) {
    const { key } = filter;
    if (letter.orgId !== key.orgId || letter.kind !== key.kind || letter.id !== key.id) return false;
  }
  return true;
}

function describe(filter: DeadLetterSelection): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    out[name] = typeof value === 'string' ? value : `${value.orgId}/${value.kind}/${value.id}`;
  }
  return out;
}
