/** Every strategy the bench compares, in the order they run. */
export const STRATEGY_NAMES = [
  'wfm-sync',
  'serial-sleep',
  'fixed-delay',
  'retry-backoff',
  'conflict-as-success',
] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** What the table calls them. */
export const STRATEGY_LABELS: Record<StrategyName, string> = {
  'wfm-sync': 'wfm-sync',
  'serial-sleep': '1 serial + sleep(1000)',
  'fixed-delay': '2 parallel, 500 ms apart',
  'retry-backoff': '3 retry 409/429, backoff',
  'conflict-as-success': '4 409 = success',
};
