/** What decides which of two events of one key wins (docs/webhooks.md). */
export interface EventOrder {
  sequence: number;
  occurredAt: string;
  id: string;
}

/**
 * Total order of events of one key: higher sequence wins; ties by later occurredAt, then by id.
 * Returns > 0 when `a` is newer than `b`, 0 when they are the same event position.
 */
export function compareEventOrder(a: EventOrder, b: EventOrder): number {
  if (a.sequence !== b.sequence) return a.sequence > b.sequence ? 1 : -1;
  const at = Date.parse(a.occurredAt);
  const bt = Date.parse(b.occurredAt);
  if (at !== bt) return at > bt ? 1 : -1;
  if (a.id === b.id) return 0;
  return a.id > b.id ? 1 : -1;
}
