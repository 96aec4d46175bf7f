import type { TopologyIndex } from '@wfm-sync/config';
import type { Counter, Logger } from '@wfm-sync/observability';
import type { OperatorQueries } from '../operator.js';

/** What the operator routes need; passed in, so tests give their own. */
export interface RouteDeps {
  queries: OperatorQueries;
  topology: TopologyIndex;
  logger: Logger;
  now: () => number;
  queueBoardPath: string;
  /** Mutations by action and outcome. */
  actions: Counter<'action'>;
}
