import { isSecretKey, REDACTED } from '@wfm-sync/observability';

/**
 * A copy of `value` with the value of every secret-named key (client secrets, tokens, passwords, webhook
 * secrets; any depth, any casing) replaced. Desired state comes from webhooks: defence in depth, so a
 * secret that ever lands in it is still not shown.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, isSecretKey(key) ? REDACTED : redactSecrets(inner)]),
  );
}

/** Pretty JSON of a value, secrets redacted; '—' for nothing. */
export function prettyJson(value: unknown): string {
  if (value === undefined || value === null) return '—';
  return JSON.stringify(redactSecrets(value), null, 2);
}

/** `1h 2m`, `3m 4s`, `5s`, `120 ms`. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1_000) return `${Math.round(abs)} ms`;
  const seconds = Math.floor(abs / 1_000);
  const hours = Math.floor(seconds / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  const rest = seconds % 60;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${rest}s`;
  return `${rest}s`;
}

/** `2026-11-22 09:00:01Z (3m 4s ago)`; '—' when unknown. */
export function formatInstant(at: number | string | null | undefined, now: number): string {
  if (at === null || at === undefined || at === '') return '—';
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) return String(at);
  const iso = new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  const delta = now - ms;
  return `${iso} (${delta >= 0 ? `${formatDuration(delta)} ago` : `in ${formatDuration(-delta)}`})`;
}
