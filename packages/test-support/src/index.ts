export {
  deleteKeysWithPrefix,
  freePort,
  type PrivateRedis,
  type PrivateRedisOptions,
  redisAnswers,
  startPrivateRedis,
  type WaitOptions,
  waitFor,
} from '@wfm-sync/process-kit';
export {
  createTestRedis,
  type TestRedis,
  testRedisUrl,
  uniquePrefix,
} from './redis.js';
export { type ExitedProcess, runToExit } from './run-to-exit.js';
