import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export interface SignOptions {
  /** @defaultValue a fresh `msg_<uuid>` */
  id?: string;
  /** @defaultValue now */
  at?: Date;
}

/** A Standard Webhooks secret as WFM systems hand them out. */
export function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** The three Standard Webhooks headers for `body`, signed with `secret` by the reference implementation. */
export function signedHeaders(secret: string, body: string, options: SignOptions = {}): WebhookHeaders {
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.at ?? new Date();
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}
