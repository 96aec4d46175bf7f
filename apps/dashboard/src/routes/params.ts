import { KEY_KINDS } from '@wfm-sync/domain';
import { z } from 'zod';

// Every query and form is validated here; an empty field means "not given" (HTML forms send empty strings).
const optionalText = z
  .string()
  .trim()
  .max(500)
  .transform((value) => (value === '' ? undefined : value))
  .optional();
const requiredText = z.string().trim().min(1, 'is required').max(500);
const optionalKind = z
  .union([z.literal(''), z.enum(KEY_KINDS)])
  .transform((value) => (value === '' ? undefined : value))
  .optional();

export const keySearchQuery = z.object({
  org: optionalText,
  kind: optionalKind,
  q: z.string().trim().max(200).default(''),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const keyQuery = z.object({
  org: requiredText,
  kind: z.enum(KEY_KINDS),
  // Ids are not trimmed: they come from webhooks as they are.
  id: z.string().min(1, 'is required').max(500),
});

export const regionQuery = z.object({ region: optionalText });
export const orgQuery = z.object({ org: optionalText });
/** Pause or resume of one org (the org is checked against the topology before any route runs). */
export const orgAction = z.object({ org: requiredText });
export const budgetsQuery = z.object({
  done: z.enum(['pause', 'resume']).optional(),
  org: optionalText,
});

export const deadLetterQuery = z.object({
  region: optionalText,
  reason: optionalText,
  kind: optionalKind,
  org: optionalText,
  done: z.enum(['replay', 'purge']).optional(),
  count: z.coerce.number().int().min(0).optional(),
});

/** A replay or purge: one key (org, kind, id, with its region), or every dead letter matching a filter. */
export const deadLetterAction = z.union([
  z.object({
    scope: z.literal('key').default('key'),
    region: optionalText,
    org: requiredText,
    kind: z.enum(KEY_KINDS),
    id: z.string().min(1, 'is required').max(500),
  }),
  z.object({
    scope: z.literal('filter'),
    region: optionalText,
    reason: optionalText,
    kind: optionalKind,
    org: optionalText,
  }),
]);
export type DeadLetterAction = z.infer<typeof deadLetterAction>;

/** `org: must be …; id: is required` — names the field, never echoes the value. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; ');
}
