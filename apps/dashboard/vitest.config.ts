import { workspaceTestConfig } from '../../vitest.shared.js';

export default workspaceTestConfig({ testTimeout: 60_000 });
