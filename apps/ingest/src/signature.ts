import { Webhook } from 'standardwebhooks';

export interface SignatureHeaders {
  'webhook-id'?: string;
  'webhook-timestamp'?: string;
  'webhook-signature'?: string;
}

/**
 * Standard Webhooks verification against every configured secret (rotation: old and new are both accepted).
 * The package checks the HMAC over `{id}.{timestamp}.{raw body}`, several space-separated signatures, and the
 * 5-minute timestamp tolerance.
 */
export class SignatureVerifier {
  private readonly webhooks: Webhook[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('at least one webhook secret is required');
    this.webhooks = secrets.map((secret) => new Webhook(secret));
  }

  verify(rawBody: string, headers: SignatureHeaders): boolean {
    const id = headers['webhook-id'];
    const timestamp = headers['webhook-timestamp'];
    const signature = headers['webhook-signature'];
    if (!id || !timestamp || !signature) return false;
    const wanted = { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
    return this.webhooks.some((webhook) => {
      try {
        // jsonParse off: the package would otherwise throw on a well-signed body that is not JSON, a 400, not a 401.
        webhook.verify(rawBody, wanted, { jsonParse: false });
        return true;
      } catch {
        return false;
      }
    });
  }
}
