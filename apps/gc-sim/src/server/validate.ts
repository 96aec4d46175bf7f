import type { z } from 'zod';
import { badRequest } from '../errors.js';

/** Parses a request part with zod; a failure becomes the standard 400 ErrorBody naming each bad field. */
export function parseOr400<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what = 'request body',
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const summary = issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : what}: ${issue.message}`)
    .join('; ');
  throw badRequest(
    `Invalid ${what}: ${summary}`,
    issues.map((issue) => ({
      errorCode: issue.code,
      fieldName: issue.path.join('.'),
    })),
  );
}
