import { GenesysApiError } from '../errors/genesys-api-error.js';
import type { Trunk, TrunkEntityListing, TrunkPageRequest } from '../models/trunk.js';
import type { ReadOptions } from '../options.js';
import { GENESYS_ROUTE_MODELS } from '../route-models.js';
import { GENESYS_ROUTES } from '../routes.js';
import { type ApiContext, apiCall } from './context.js';

/** Genesys' largest trunk page. */
const MAX_PAGE_SIZE = 100;
/** A guard against a server that never reports the last page. */
const MAX_PAGES = 1_000;

export async function getTrunk(context: ApiContext, trunkId: string, read: ReadOptions = {}): Promise<Trunk> {
  return context.transport.callJson(
    apiCall(context, 'GET', GENESYS_ROUTES.trunk, { params: { trunkId }, onSent: read.onSent }),
    GENESYS_ROUTE_MODELS.trunk.GET,
  );
}

export async function listTrunks(
  context: ApiContext,
  page: TrunkPageRequest,
  read: ReadOptions = {},
): Promise<TrunkEntityListing> {
  return context.transport.callJson(
    apiCall(context, 'GET', GENESYS_ROUTES.trunks, {
      query: { pageSize: page.pageSize, pageNumber: page.pageNumber },
      onSent: read.onSent,
    }),
    GENESYS_ROUTE_MODELS.trunks.GET,
  );
}

/** Every trunk, 100 per call, page after page until `pageCount`; `read.onSent` hears the first page only (the oldest). */
export async function listAllTrunks(context: ApiContext, read: ReadOptions = {}): Promise<Trunk[]> {
  const trunks: Trunk[] = [];
  for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
    const page = await listTrunks(
      context,
      { pageNumber, pageSize: MAX_PAGE_SIZE },
      pageNumber === 1 ? read : {},
    );
    trunks.push(...page.entities);
    if (pageNumber >= page.pageCount || page.entities.length === 0) return trunks;
  }
  throw new GenesysApiError(
    {
      kind: 'invalid',
      status: undefined,
      code: 'listing.endless',
      genesysMessage: undefined,
      correlationId: undefined,
      method: 'GET',
      route: GENESYS_ROUTES.trunks,
    },
    `Genesys trunk listing did not end after ${MAX_PAGES} pages`,
  );
}
