export { createWorkerGauges, sampleQueueGauges, type WorkerGauges } from './queue-gauges.js';
