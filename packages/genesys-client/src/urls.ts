import { GenesysApiError } from './errors/genesys-api-error.js';

export type QueryValue = string | number | boolean | undefined;

/** `base` (which may carry a path prefix, for a proxy) + `path`. */
export function joinUrl(base: string, path: string): URL {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  url.search = '';
  url.hash = '';
  return url;
}

/**
 * Fills a route template (`/api/v2/routing/users/{userId}/utilization`) with encoded ids.
 * Ids come from data: an empty id, `.` or `..` would make the URL point at another resource
 * (URL parsing resolves dot segments), so they are refused before anything is sent.
 */
export function apiUrl(
  apiBaseUrl: string,
  method: string,
  route: string,
  params: Record<string, string>,
  query?: Record<string, QueryValue>,
): URL {
  const path = route.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined || value === '' || value === '.' || value === '..') {
      throw invalidRequest(method, route, `path parameter ${name} is missing or not a valid id`);
    }
    return encodeURIComponent(value);
  });
  const url = joinUrl(apiBaseUrl, path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

/**
 * Checks a URL that an API answer told us to use (schedule upload, result download). It is
 * accepted only on the API's own origin (the simulator, a proxy) or over https. Real Genesys
 * answers presigned https storage URLs on hosts we cannot list in advance; refusing plain http
 * elsewhere keeps a tampered or buggy answer from steering us to cleartext or internal http
 * services. Only the body travels there: never our bearer token.
 */
export function checkIssuedUrl(raw: string, apiBaseUrl: string, method: string, route: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidRequest(method, route, 'the URL Genesys issued is not a valid URL');
  }
  const sameOrigin = url.origin === new URL(apiBaseUrl).origin;
  if ((!sameOrigin && url.protocol !== 'https:') || url.username !== '' || url.password !== '') {
    throw invalidRequest(
      method,
      route,
      `refusing the URL Genesys issued: ${url.protocol}//${url.host} is neither the API origin nor https`,
    );
  }
  return url;
}

/** A request refused before it was sent (kind `invalid`: retrying will not help). */
export function invalidRequest(method: string, route: string, message: string): GenesysApiError {
  return new GenesysApiError(
    {
      kind: 'invalid',
      status: undefined,
      code: 'request.invalid',
      genesysMessage: undefined,
      correlationId: undefined,
      method,
      route,
    },
    `Genesys ${method} ${route} not sent: ${message}`,
  );
}
