import { expect } from 'vitest';
import { configErrorOf } from './fixtures.js';

/** What every process's settings hold for an empty environment (README, "Configuration"). */
export const COMMON_DEFAULTS = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_CLUSTER: false,
  TOPOLOGY_FILE: './topology.json',
  LOG_LEVEL: 'info',
  SYNC_MODE: 'live',
} as const;

/** The message of the environment issue naming `variable`, after checking the error's text names it too. */
export function issueOf(load: () => unknown, variable: string): string {
  const error = configErrorOf(load);
  expect(error.source).toBe('environment');
  const issue = error.issues.find((candidate) => candidate.path === variable);
  expect(issue, `no issue for ${variable} in ${error.message}`).toBeDefined();
  expect(error.message).toContain('environment');
  expect(error.message).toContain(variable);
  return issue?.message ?? '';
}

/** The variables a failed load names, sorted. */
export function badVariables(load: () => unknown): string[] {
  return configErrorOf(load)
    .issues.map((issue) => issue.path)
    .sort();
}
