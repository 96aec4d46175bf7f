import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../config-error.js';

/** The process environment as the operator sets it (docs/configuration.md, "Environment"). */
export type EnvSource = NodeJS.ProcessEnv;

/** The source every environment ConfigError names. */
const ENV_SOURCE = 'environment';

/** Parses the environment with a process's schema; throws one ConfigError naming every bad variable. */
export function parseEnv<S extends z.ZodType>(schema: S, env: EnvSource): z.output<S> {
  const result = schema.safeParse(withoutEmptyValues(env));
  if (!result.success) throw new ConfigError(ENV_SOURCE, variableIssues(result.error));
  return result.data;
}

/**
 * One issue per variable and problem, named by the variable (`DASHBOARD_ALLOWED_HOSTS`, not its second entry's
 * path). Only zod's message is kept, never the input: a value may be a secret.
 */
function variableIssues(error: z.ZodError): ConfigIssue[] {
  const seen = new Set<string>();
  return error.issues.flatMap((issue): ConfigIssue[] => {
    const path = String(issue.path[0] ?? '');
    const key = JSON.stringify([path, issue.message]);
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ path, message: issue.message }];
  });
}

/** `VAR=` (as compose files and shells often leave it) means "not set", so the default applies. */
function withoutEmptyValues(env: EnvSource): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}

/**
 * For a rule between variables (`superRefine`): run it when the variables it reads are valid, even when
 * unrelated ones are not, so one start reports every bad variable.
 */
export function whenValid(...variables: readonly string[]) {
  return {
    when: (payload: { issues: readonly { path?: readonly PropertyKey[] | undefined }[] }) =>
      !payload.issues.some((issue) => variables.includes(String(issue.path?.[0]))),
  };
}
