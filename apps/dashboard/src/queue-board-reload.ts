import type { Logger } from '@wfm-sync/observability';
import { membershipChanges } from '@wfm-sync/pipeline';
import type { BoardQueues, QueueBoard } from './queue-board.js';

/** What bull-board needs to follow topology reloads (main: its `TopologyHolder` and queue registry). */
export interface QueueBoardReloads {
  /** Registers what runs after each applied reload (`TopologyHolder.onChange`). */
  onChange(listener: () => Promise<void>): void;
  /** The queues of the topology now (`queuesOf`). */
  current(): BoardQueues;
  /** Closes and forgets the queue object of a name no longer shown (`QueueRegistry.release`). */
  release(name: string): Promise<void>;
}

/**
 * After each reload the board shows the queues of the new topology: an added org's queues appear, a removed
 * org's (and a region left without orgs) disappear, and their queue objects are closed, since each holds listeners
 * on the shared connection. Their jobs stay in Redis (a removed org keeps its recorded state). Also brings the board
 * up to date once at once: a reload applied while the server was being built came before this listener.
 */
export async function followReloads(
  board: QueueBoard,
  reloads: QueueBoardReloads,
  logger: Logger,
): Promise<void> {
  const follow = async (): Promise<void> => {
    const before = board.names();
    const dropped = board.replace(reloads.current());
    for (const name of dropped) await reloads.release(name);
    const added = membershipChanges(before, board.names()).added;
    if (added.length > 0 || dropped.length > 0)
      logger.info({ added, dropped }, 'topology reloaded: the queue board shows the new queues');
  };
  reloads.onChange(follow);
  await follow();
}
