import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../errors.js';
import { requestOrg } from '../server/context.js';
import { parseOr400 } from '../server/validate.js';
import type { Simulator } from '../simulator.js';

const BASE = '/telephony/providers/edges/trunks';
const trunkParams = z.object({ trunkId: z.string().min(1) });
const listQuery = z.object({
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  pageNumber: z.coerce.number().int().min(1).default(1),
  sortBy: z.enum(['name']).default('name'),
  sortOrder: z.enum(['ASC', 'DESC', 'asc', 'desc']).default('ASC'),
  trunkType: z.string().optional(),
});

/** BYOC Cloud trunks (read only): one trunk, or a page of them (SDK models `Trunk`, `TrunkEntityListing`). */
export function trunkRoutes(app: FastifyInstance, sim: Simulator): void {
  const { engine } = sim;
  const read = { sim: { stateChanging: false } };

  app.get(`${BASE}/:trunkId`, { config: read }, async (request) => {
    const org = requestOrg(engine, request);
    const { trunkId } = parseOr400(trunkParams, request.params, 'path');
    const trunk = org.trunks.get(trunkId);
    if (!trunk) throw notFound(`Trunk ${trunkId}`);
    return org.trunks.toModel(trunk);
  });

  app.get(BASE, { config: read }, async (request) => {
    const org = requestOrg(engine, request);
    const query = parseOr400(listQuery, request.query, 'query');
    let trunks = org.trunks.list();
    if (query.trunkType !== undefined) trunks = trunks.filter(() => query.trunkType === 'EXTERNAL');
    if (query.sortOrder.toUpperCase() === 'DESC') trunks = trunks.reverse();
    const total = trunks.length;
    const pageCount = Math.ceil(total / query.pageSize);
    const start = (query.pageNumber - 1) * query.pageSize;
    const page = (n: number) => `/api/v2${BASE}?pageSize=${query.pageSize}&pageNumber=${n}`;
    return {
      entities: trunks.slice(start, start + query.pageSize).map((trunk) => org.trunks.toModel(trunk)),
      pageSize: query.pageSize,
      pageNumber: query.pageNumber,
      total,
      pageCount,
      firstUri: page(1),
      selfUri: page(query.pageNumber),
      lastUri: page(Math.max(1, pageCount)),
      ...(query.pageNumber < pageCount ? { nextUri: page(query.pageNumber + 1) } : {}),
      ...(query.pageNumber > 1 ? { previousUri: page(query.pageNumber - 1) } : {}),
    };
  });
}
