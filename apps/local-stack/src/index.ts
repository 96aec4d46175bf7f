export {
  deleteKeysWithPrefix,
  freePort,
  type PrivateRedis,
  redisAnswers,
  startPrivateRedis,
  waitFor,
} from '@wfm-sync/process-kit';
export { type Disorder, type DisorderedDeliveries, disorder } from './disorder.js';
export { storedShiftsMatch, type TimeOffState, timeOffMismatch } from './final-state.js';
export { redisForDemo } from './redis-for-demo.js';
export { seededRandom } from './rng.js';
export { type LoggedRequest, lowerBoundSeconds, type RequestFigures, requestFigures } from './run-figures.js';
export {
  generateScheduleStorm,
  type ScheduleStorm,
  type ScheduleStormOptions,
  type ScheduleStormSchedule,
  scheduleStormKey,
} from './schedule-storm.js';
export { type DeliveryAttempt, type DeliveryResult, WebhookSender } from './sender.js';
export { ServiceProcess, type ServiceProcessOptions } from './service-process.js';
export { readEnvFile, type SimProcess, type SimProcessOptions, startSimProcess } from './sim-process.js';
export { appScript, type Stack, type StackOptions, startStack } from './stack.js';
export { generateAgentStorm, type Storm, type StormOptions } from './storm.js';
export { generateTimeOffStorm, type TimeOffStorm, type TimeOffStormOptions } from './timeoff-storm.js';
export { writeTopologyFile } from './topology-file.js';
