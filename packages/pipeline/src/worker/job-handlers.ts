import { type Job, UnrecoverableError } from 'bullmq';
import { type JobName, type JobPayload, jobCatalog } from '../ingest/jobs.js';

/** Runs one job of catalog entry `N`, given its payload as parsed by the entry's schema. */
export type JobHandler<N extends JobName> = (
  payload: JobPayload<N>,
  job: Job,
  token: string | undefined,
) => Promise<string>;

/** A handler per job of the catalog: a missing one is a compile error. */
export type JobHandlers = { [N in JobName]: JobHandler<N> };

function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobCatalog, name);
}

function run<N extends JobName>(handlers: JobHandlers, name: N, job: Job, token: string | undefined) {
  const payload = jobCatalog[name].parse(job.data) as JobPayload<N>;
  return handlers[name](payload, job, token);
}

/**
 * The BullMQ processor of a queue: every job is dispatched by its catalog entry, its payload parsed with that
 * entry's schema. A name outside the catalog was never enqueued by this code: failed for good, by name.
 */
export function dispatchByCatalog(handlers: JobHandlers) {
  return (job: Job, token?: string): Promise<string> => {
    if (!isJobName(job.name)) throw new UnrecoverableError(`job ${job.name} is not in the job catalog`);
    return run(handlers, job.name, job, token);
  };
}
