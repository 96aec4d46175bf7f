import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Counter } from '@wfm-sync/observability';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';

export interface QueueBoardOptions {
  /** Reconcile queues of every region. */
  queues: readonly Queue[];
  /** Dead-letter queues (one per region): shown with a pointer to the replay view. */
  deadLetterQueues: readonly Queue[];
  /** Where the board is mounted, e.g. `/queues`. */
  basePath: string;
  actions: Counter<'action'>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * bull-board over the given queues, mounted at `basePath` in its own scope. Authentication comes from the
 * app-wide hook; here every state-changing call (retry, remove, promote, clean, pause…) is logged with its actor.
 */
export async function registerQueueBoard(app: FastifyInstance, options: QueueBoardOptions): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(options.basePath);
  createBullBoard({
    queues: [
      ...options.queues.map((queue) => new BullMQAdapter(queue, { allowRetries: true })),
      ...options.deadLetterQueues.map(
        (queue) =>
          new BullMQAdapter(queue, {
            description:
              'Dead letters: no worker consumes this queue. Replay them from the Dead letters view.',
          }),
      ),
    ],
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: 'wfm-sync queues',
        miscLinks: [{ text: 'Operator views', url: '/' }],
      },
    },
  });

  await app.register(async (scope) => {
    scope.addHook('onResponse', async (request, reply) => {
      // Refused requests (no actor) are logged by the access control.
      if (SAFE_METHODS.has(request.method) || request.actor === '') return;
      options.actions.inc({ action: 'queue-board' });
      request.log.info(
        { actor: request.actor, method: request.method, url: request.url, status: reply.statusCode },
        'dashboard: queue board action',
      );
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: options.basePath });
  });
}
