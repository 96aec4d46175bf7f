const DASH = '—';

export function num(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return DASH;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ms(value: number | undefined): string {
  if (value === undefined) return DASH;
  return value < 10 ? num(value, 1) : num(value);
}

export function megabytes(bytes: number | undefined): string {
  if (bytes === undefined) return DASH;
  return `${num(bytes / (1024 * 1024), 1)} MB`;
}

export function kilobytes(bytes: number): string {
  return `${num(bytes / 1024, 0)} KB`;
}

export { DASH };
