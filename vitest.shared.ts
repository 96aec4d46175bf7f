import { defineConfig } from 'vitest/config';

/** One test configuration for every workspace: workspace packages resolve to their TypeScript sources. */
/**
 * @param options.sequential run test files one after another: for suites that start several processes each
 *   (storms), which on a 2-core machine would otherwise starve each other and fail on timing, not on logic.
 */
export function workspaceTestConfig(options: { testTimeout?: number; sequential?: boolean } = {}) {
  return defineConfig({
    resolve: { conditions: ['source', 'import', 'module', 'node', 'default'] },
    ssr: { resolve: { conditions: ['source', 'import', 'module', 'node', 'default'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 20_000,
      hookTimeout: 30_000,
      pool: 'forks',
      fileParallelism: !options.sequential,
      maxWorkers: 2,
    },
  });
}
