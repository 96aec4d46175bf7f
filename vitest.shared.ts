import { defineConfig } from 'vitest/config';

/** One test configuration for every workspace: workspace packages resolve to their TypeScript sources. */
export function workspaceTestConfig(options: { testTimeout?: number } = {}) {
  return defineConfig({
    resolve: { conditions: ['source', 'import', 'module', 'node', 'default'] },
    ssr: { resolve: { conditions: ['source', 'import', 'module', 'node', 'default'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 20_000,
      hookTimeout: 30_000,
      pool: 'forks',
      fileParallelism: true,
      maxWorkers: 2,
    },
  });
}
