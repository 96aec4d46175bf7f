import type { PipelineContext } from '../context.js';

/** What operator queries use of a pipeline context: Redis and the queues only, never a Genesys client. */
export type OperatorContext = Pick<
  PipelineContext,
  | 'redis'
  | 'names'
  | 'topology'
  | 'queues'
  | 'state'
  | 'trunks'
  | 'trail'
  | 'deadLetters'
  | 'holds'
  | 'logger'
  | 'settings'
  | 'now'
>;
