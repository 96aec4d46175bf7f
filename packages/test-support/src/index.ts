export { freePort } from './ports.js';
export {
  createTestRedis,
  deleteKeysWithPrefix,
  type PrivateRedis,
  type PrivateRedisOptions,
  redisAnswers,
  startPrivateRedis,
  type TestRedis,
  testRedisUrl,
  uniquePrefix,
} from './redis.js';
export { type ExitedProcess, runToExit } from './run-to-exit.js';
export { type WaitOptions, waitFor } from './wait.js';
