import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Counter } from '@wfm-sync/observability';
import { membershipChanges } from '@wfm-sync/pipeline';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';

/** The queues bull-board shows. */
export interface BoardQueues {
  /** Reconcile queues of every region. */
  queues: readonly Queue[];
  /** Dead-letter queues (one per region): shown with a pointer to the replay view. */
  deadLetterQueues: readonly Queue[];
}

/** The mounted board, for what changes while the dashboard runs. */
export interface QueueBoard {
  /** The names of the queues shown now, in order. */
  names(): string[];
  /**
   * Shows exactly these queues from now on (a topology reload added or removed orgs) and returns the names no
   * longer shown, whose queue objects the caller closes.
   */
  replace(next: BoardQueues): string[];
}

export interface QueueBoardOptions extends BoardQueues {
  /** Where the board is mounted, e.g. `/queues`. */
  basePath: string;
  actions: Counter<'action'>;
  /** bull-board's write actions (retry, clean, pause, add, update data, obliterate…). Off by default. */
  writes: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * bull-board runs its own scripts (unlike the operator pages), all served from here: only same-origin scripts,
 * styles (inline ones too: React sets style attributes), images, fonts and API calls; no framing.
 */
export const QUEUE_BOARD_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

// bull-board's page links IBM Plex from Google Fonts: every operator's visit would be announced to a third
// party (and the CSP would block it anyway). The system fonts of its CSS fallback take their place.
const EXTERNAL_STYLESHEET = /<link[^>]+href="https?:\/\/[^"]*"[^>]*>/gi;

/**
 * bull-board over the given queues, mounted at `basePath` in its own scope. Authentication comes from the
 * app-wide hook. Without `writes` every queue is read-only in bull-board and any state-changing call is refused
 * here too (403); with it, each successful call is logged with its actor and counted.
 */
export async function registerQueueBoard(
  app: FastifyInstance,
  options: QueueBoardOptions,
): Promise<QueueBoard> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(options.basePath);
  const readOnlyMode = !options.writes;
  const adaptersOf = (next: BoardQueues) => [
    ...next.queues.map((queue) => new BullMQAdapter(queue, { allowRetries: !readOnlyMode, readOnlyMode })),
    ...next.deadLetterQueues.map(
      (queue) =>
        new BullMQAdapter(queue, {
          readOnlyMode,
          description: 'Dead letters: no worker consumes this queue. Replay them from the Dead letters view.',
        }),
    ),
  ];
  let shown = [...options.queues, ...options.deadLetterQueues].map((queue) => queue.name);
  const board = createBullBoard({
    queues: adaptersOf(options),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: 'wfm-sync queues',
        miscLinks: [{ text: 'Operator views', url: '/' }],
      },
    },
  });

  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      if (options.writes || SAFE_METHODS.has(request.method)) return;
      return reply
        .code(403)
        .headers({ 'cache-control': 'no-store' })
        .type('text/plain; charset=utf-8')
        .send(
          'queue-board writes are off (DASHBOARD_QUEUE_WRITES); use the operator views to replay or purge',
        );
    });
    scope.addHook('onSend', async (_request, reply, payload) => {
      for (const [name, value] of Object.entries(QUEUE_BOARD_HEADERS)) reply.header(name, value);
      const type = reply.getHeader('content-type');
      if (typeof payload === 'string' && typeof type === 'string' && type.startsWith('text/html')) {
        return payload.replace(EXTERNAL_STYLESHEET, '');
      }
      return payload;
    });
    scope.addHook('onResponse', async (request, reply) => {
      // Only actions that happened: refused requests (no actor, 4xx) are logged by the access control.
      if (SAFE_METHODS.has(request.method) || request.actor === '' || reply.statusCode >= 400) return;
      options.actions.inc({ action: 'queue-board' });
      request.log.info(
        { actor: request.actor, method: request.method, url: request.url, status: reply.statusCode },
        'dashboard: queue board action',
      );
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: options.basePath });
  });
  return {
    names: () => [...shown],
    replace: (next) => {
      const names = [...next.queues, ...next.deadLetterQueues].map((queue) => queue.name);
      const { removed } = membershipChanges(shown, names);
      // New adapters for every queue: bull-board keys them by name, and one whose Queue is closed must not stay.
      board.replaceQueues(adaptersOf(next));
      shown = names;
      return removed;
    },
  };
}
