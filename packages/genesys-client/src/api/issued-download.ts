import type { ResponseModel } from '../route-models.js';
import { GENESYS_ROUTES } from '../routes.js';
import { checkIssuedUrl } from '../urls.js';
import type { ApiContext } from './context.js';

/**
 * Reads a result Genesys moved to a `downloadUrl` because it was large. Presigned: no bearer
 * token goes there; it still counts against the org's budget, like every request we send.
 */
export async function downloadIssued<T>(
  context: ApiContext,
  rawUrl: string,
  model: ResponseModel<T>,
): Promise<T> {
  const method = 'GET';
  const route = GENESYS_ROUTES.issuedDownload;
  const url = checkIssuedUrl(rawUrl, context.apiBaseUrl, method, route);
  return context.transport.callJson({ method, route, url, authenticate: false }, model);
}
