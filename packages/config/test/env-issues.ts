import { expect } from 'vitest';
import { ConfigError } from '../src/config-error.js';

/** The ConfigError `load` throws; fails the test when it throws nothing or something else. */
export function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** The message of the environment issue naming `variable`, after checking the error's text names it too. */
export function issueOf(load: () => unknown, variable: string): string {
  const error = configError(load);
  expect(error.source).toBe('environment');
  const issue = error.issues.find((candidate) => candidate.path === variable);
  expect(issue, `no issue for ${variable} in ${error.message}`).toBeDefined();
  expect(error.message).toContain('environment');
  expect(error.message).toContain(variable);
  return issue?.message ?? '';
}

/** The variables a failed load names, sorted. */
export function badVariables(load: () => unknown): string[] {
  return configError(load)
    .issues.map((issue) => issue.path)
    .sort();
}
