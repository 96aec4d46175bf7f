export { BacklogMonitor, queuesByOrg } from './backlog.js';
export { openApiDocument } from './openapi.js';
export { createIngestServer, type IngestServerOptions } from './server.js';
export {
  decodeWebhookSecret,
  type SignatureHeaders,
  SignatureVerifier,
  type SignatureVerifierOptions,
  signWebhook,
} from './signature.js';
export { handleWebhook, type WebhookHandlerDeps, type WebhookResponse } from './webhook-handler.js';
