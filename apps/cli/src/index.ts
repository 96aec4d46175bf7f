export { EXIT } from './exit-codes.js';
export type { CliIo } from './io.js';
export { runCli } from './run-cli.js';
