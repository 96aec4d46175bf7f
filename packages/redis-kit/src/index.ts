export {
  type ConnectionOptions,
  createRedisConnection,
  duplicateConnection,
  isCluster,
  type RedisConnection,
  waitUntilReady,
} from './connection.js';
export { LuaScript } from './lua-script.js';
export { type RedisReadiness, redisReadiness } from './readiness.js';
