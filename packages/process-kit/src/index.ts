export { freePort } from './ports.js';
export { type WaitOptions, waitFor } from './wait.js';
