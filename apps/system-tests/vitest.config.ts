import { workspaceTestConfig } from '../../vitest.shared.js';

// Storms start ingest, several workers and a simulator each: one file at a time.
export default workspaceTestConfig({ testTimeout: 180_000, sequential: true });
