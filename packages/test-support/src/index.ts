export { freePort, type WaitOptions, waitFor } from '@wfm-sync/process-kit';
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
