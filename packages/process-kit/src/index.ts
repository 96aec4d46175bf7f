export { freePort } from './ports.js';
export {
  deleteKeysWithPrefix,
  type PrivateRedis,
  type PrivateRedisOptions,
  redisAnswers,
  startPrivateRedis,
} from './redis-server.js';
export { type WaitOptions, waitFor } from './wait.js';
