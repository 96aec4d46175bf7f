import { z } from 'zod';
import { genesysObject } from './models/genesys-object.js';

// Genesys `ErrorBody` and the OAuth error shape ({error, error_description}) in one.
const ErrorBodySchema = genesysObject({
  message: z.string().optional(),
  code: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
  description: z.string().optional(),
});

const MAX_MESSAGE_LENGTH = 500;

/** The code and message of an error answer; undefined parts when the body is not a Genesys error. */
export function readErrorBody(body: string): { code: string | undefined; message: string | undefined } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // Proxies answer HTML or plain text; the status alone classifies those.
    return { code: undefined, message: undefined };
  }
  const parsed = ErrorBodySchema.safeParse(json);
  if (!parsed.success) return { code: undefined, message: undefined };
  const message = parsed.data.message ?? parsed.data.error_description ?? parsed.data.description;
  return {
    code: parsed.data.code ?? parsed.data.error,
    message: message === undefined ? undefined : message.slice(0, MAX_MESSAGE_LENGTH),
  };
}
