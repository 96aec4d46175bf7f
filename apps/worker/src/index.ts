export { loadWorkerSettings, type WorkerSettings } from './env.js';
