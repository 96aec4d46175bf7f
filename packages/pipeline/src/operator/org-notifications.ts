import { NotificationStatusStore } from '../notifications/status-store.js';
import type { OrgNotifications } from './api.js';
import type { OperatorContext } from './context.js';

/** A status record not updated for this long: its owner died and nobody took over (as workers read it). */
const STALE_AFTER_MS = 20_000;

/**
 * An org's notification listening as operators see it (decision 024): `off` for an org set to `off`; else the
 * status its channel owner keeps in Redis (`no-owner` when no owner wrote one lately, or ever).
 */
export async function orgNotifications(ctx: OperatorContext, orgId: string): Promise<OrgNotifications> {
  const org = ctx.topology.org(orgId);
  if (!org || org.notifications === 'off') {
    return { status: 'off', since: null, lastHeartbeatAt: null, gaps: 0, reason: null, owner: null };
  }
  const record = await new NotificationStatusStore(ctx.redis, ctx.names.prefix).read(
    orgId,
    ctx.now(),
    STALE_AFTER_MS,
  );
  if (!record)
    return { status: 'no-owner', since: null, lastHeartbeatAt: null, gaps: 0, reason: null, owner: null };
  const fallback = record.status === 'fallback';
  return {
    status: record.status,
    since: (fallback ? record.fallbackSince : record.connectedSince) ?? null,
    lastHeartbeatAt: record.lastHeartbeatAt ?? null,
    gaps: record.gaps,
    reason: (fallback ? record.fallbackReason : record.lastGapReason) ?? null,
    owner: record.status === 'no-owner' ? null : (record.owner ?? null),
  };
}
