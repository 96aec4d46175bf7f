import { z } from 'zod';
import { genesysObject } from './genesys-object.js';

/** The OAuth client-credentials answer. */
export const TokenResponseSchema = genesysObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;
