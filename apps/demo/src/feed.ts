import type { WfmEvent } from '@wfm-sync/domain';
import type { WebhookSender } from '@wfm-sync/local-stack';

export interface FeedTotals {
  sent: number;
  accepted: number;
  duplicates: number;
  stale: number;
}

/** Sends `deliveries` in batches of 50 at `rate` events per second, counting what ingest answered into `totals`. */
export async function feedAtRate(
  sender: WebhookSender,
  deliveries: readonly WfmEvent[],
  rate: number,
  totals: FeedTotals,
  startedAt: number,
): Promise<void> {
  const batchSize = 50;
  for (let i = 0; i < deliveries.length; i += batchSize) {
    const batch = deliveries.slice(i, i + batchSize);
    const result = await sender.send(batch);
    const body = result.body as Partial<Omit<FeedTotals, 'sent'>> | null;
    totals.sent += batch.length;
    totals.accepted += body?.accepted ?? 0;
    totals.duplicates += body?.duplicates ?? 0;
    totals.stale += body?.stale ?? 0;
    const due = startedAt + (totals.sent / rate) * 1000;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
  }
}
