import { readFileSync } from 'node:fs';
import { z } from 'zod';

const WEBHOOK_SECRET =
  /^whsec_(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;

/** Decoded length a webhook secret must have at least (docs/webhooks.md): 192 bits. */
export const MIN_WEBHOOK_SECRET_BYTES = 24;

/**
 * Checks each `whsec_<base64>` entry and reports a bad one by position only: the entry itself is a secret (or a
 * typo of one).
 */
function checkedSecrets(entries: string[], ctx: z.RefinementCtx<string>): string[] {
  const firstPositionOf = new Map<string, number>();
  entries.forEach((entry, index) => {
    const problem = (message: string) =>
      ctx.addIssue({ code: 'custom', message: `entry ${index + 1} of ${entries.length} ${message}` });
    if (!WEBHOOK_SECRET.test(entry)) {
      problem(entry === '' ? 'is empty' : 'is not of the form whsec_<base64>');
      return;
    }
    const bytes = Buffer.from(entry.slice('whsec_'.length), 'base64').length;
    if (bytes < MIN_WEBHOOK_SECRET_BYTES) {
      problem(
        `is too short: ${bytes} bytes after base64 decoding, at least ${MIN_WEBHOOK_SECRET_BYTES} are required (a short HMAC key can be guessed offline from one signed webhook)`,
      );
    }
    const first = firstPositionOf.get(entry);
    if (first === undefined) firstPositionOf.set(entry, index + 1);
    else problem(`repeats entry ${first} (a copy-paste mistake, which may hide a missing new secret)`);
  });
  return entries;
}

/** `WEBHOOK_SECRETS`: comma-separated secrets. */
export const webhookSecretsList = z.string().transform((value, ctx) =>
  checkedSecrets(
    value.split(',').map((entry) => entry.trim()),
    ctx,
  ),
);

/**
 * `WEBHOOK_SECRETS_FILE`: a file of secrets, one a line or comma-separated (a mounted secret), read at every load
 * so a rotation needs no new variable. Problems name the file, never its content.
 */
export const webhookSecretsFile = z.string().transform((file, ctx) => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    ctx.addIssue({ code: 'custom', message: `cannot read ${file} (${code})` });
    return [];
  }
  const entries = text
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) ctx.addIssue({ code: 'custom', message: `${file} holds no secret` });
  return checkedSecrets(entries, ctx);
});

interface WebhookSecretsSource {
  WEBHOOK_SECRETS?: string[] | undefined;
  WEBHOOK_SECRETS_FILE?: string[] | undefined;
}

/** Exactly one of `WEBHOOK_SECRETS` and `WEBHOOK_SECRETS_FILE`. */
export function checkOneWebhookSecretsSource(
  env: WebhookSecretsSource,
  ctx: z.RefinementCtx<WebhookSecretsSource>,
) {
  if (env.WEBHOOK_SECRETS !== undefined && env.WEBHOOK_SECRETS_FILE !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['WEBHOOK_SECRETS_FILE'],
      message: 'is set together with WEBHOOK_SECRETS: set exactly one of the two',
    });
  }
  if (env.WEBHOOK_SECRETS === undefined && env.WEBHOOK_SECRETS_FILE === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['WEBHOOK_SECRETS'],
      message:
        'is required: comma-separated whsec_<base64> secrets, or WEBHOOK_SECRETS_FILE naming a file of them',
    });
  }
}
