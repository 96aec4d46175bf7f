import type { TopologyIndex } from '@wfm-sync/config';
import type { FastifyInstance } from 'fastify';

/**
 * An `org` (query or form) that is not in the topology is a 404 before any route runs: nothing is looked up
 * for it, and no structure keyed by it (PipelineNames' cache, Redis keys) ever sees a value an outsider chose.
 */
export function registerKnownOrgCheck(app: FastifyInstance, topology: TopologyIndex): void {
  app.addHook('preValidation', async (request, reply) => {
    for (const source of [request.query, request.body]) {
      const org = orgOf(source);
      if (org !== undefined && topology.org(org) === undefined) {
        reply.code(404);
        if (request.url.startsWith('/api/')) return reply.send({ error: 'unknown_org' });
        return reply.type('text/plain; charset=utf-8').send('unknown org: it is not in the topology');
      }
    }
  });
}

function orgOf(source: unknown): string | undefined {
  if (typeof source !== 'object' || source === null || !('org' in source)) return undefined;
  const org = (source as { org: unknown }).org;
  if (typeof org !== 'string') return undefined;
  const trimmed = org.trim();
  return trimmed === '' ? undefined : trimmed;
}
