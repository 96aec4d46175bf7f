/**
 * docs/webhooks.md: `application/json`, with at most a `charset=utf-8` parameter. Anything else (none,
 * text/plain, form-encoded, XML, another charset) is answered 415 before the body is read.
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  // What senders send, decided without splitting.
  if (header === 'application/json') return true;
  const [mediaType, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  return parameters.every(
    (parameter) => parameter === '' || /^charset="?utf-8"?$/.test(parameter.replace(/\s*=\s*/, '=')),
  );
}
