export { seededRandom } from './rng.js';
export { type DeliveryResult, WebhookSender } from './sender.js';
export { ServiceProcess, type ServiceProcessOptions } from './service-process.js';
export { appScript, type Stack, type StackOptions, startStack } from './stack.js';
export { generateAgentStorm, type Storm, type StormOptions } from './storm.js';
