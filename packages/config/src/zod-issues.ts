import type { z } from 'zod';
import { type ConfigIssue, formatJsonPath } from './config-error.js';

/**
 * Converts zod issues to config issues. Only zod's own message is kept (never `input`), so a
 * value (possibly a secret) cannot leak into an error. An unknown key becomes one issue at the
 * key's own path, so a typo is reported where it is.
 */
export function configIssuesFromZod(error: z.ZodError): ConfigIssue[] {
  return error.issues.flatMap((issue): ConfigIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatJsonPath([...issue.path, key]),
        message: issue.message,
      }));
    }
    return [{ path: formatJsonPath(issue.path), message: issue.message }];
  });
}
