import type { KeyKind, OrgHold, Plan, SyncKey } from '@wfm-sync/domain';
import type { DeadLetter } from '../store/dead-letters.js';
import type { Decision } from '../store/trail.js';
import type { OrderingReset } from './reset-ordering.js';

/**
 * What operators (CLI, dashboard) may ask of a running pipeline. Read-mostly; the mutating calls take the actor
 * (who did it) so every change is logged with its author. Implemented by `createOperatorQueries(ctx)`.
 */
export interface QueueCounts {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export interface RegionStatus {
  region: string;
  queues: QueueCounts[];
  parkedAgents: number;
  deadLetters: number;
  /** Age of the oldest key whose desired state is not yet applied (due set), ms; null when none. */
  oldestPendingAgeMs: number | null;
}

export interface OrgBudget {
  orgId: string;
  region: string;
  requestsPerMinute: number;
  /** Requests sent in the current minute by every process (from the client's shared counter). */
  usedThisMinute: number;
  /** Epoch ms until which a 429 blocks the org, or null. */
  blockedUntil: number | null;
  mode: 'live' | 'dry-run';
  /** Why nothing is sent to the org (paused, quota spent, client refused; paused first); [] when it is worked. */
  holds: OrgHold[];
  /** Whether the org listens to Genesys notifications (decision 024). */
  notifications: OrgNotifications;
}

/** What pausing or resuming an org did. */
export interface OrgHoldChange {
  orgId: string;
  action: 'pause' | 'resume';
  /** false when the org already was in the asked state. */
  changed: boolean;
  /** Keys woken by a resume (held back while paused, now due); 0 for a pause. */
  woken: number;
  /** Holds still in force after the change (a spent quota outlives a resume). */
  holds: OrgHold[];
}

/** An org's notification listening, for `wfm-sync status` and the dashboard. */
export interface OrgNotifications {
  /** `connected`, `degraded`, `connecting`, `reconnecting`, `fallback`, `no-owner`, `off`, … */
  status: string;
  /** Connected since (or, in fallback, polling only since), epoch ms. */
  since: number | null;
  /** Last heartbeat of the live channel, epoch ms. */
  lastHeartbeatAt: number | null;
  /** Gaps in listening since the owner took the org (each cost one re-sync listing). */
  gaps: number;
  /** Why in fallback (`refused`, `topics-rejected`), else the last gap's reason. */
  reason: string | null;
  /** The process holding the org's channels. */
  owner: string | null;
}

export interface KeyInspection {
  key: SyncKey;
  queue: string | null;
  desired: unknown;
  status: string | null;
  reason: string | null;
  rev: number;
  appliedRev: number;
  applied: unknown;
  appliedAt: number | null;
  verifiedAt: number | null;
  /** Latest plan (what was or would be written, and why). */
  plan: Plan | null;
  trail: Decision[];
  deadLetter: (DeadLetter & { region: string }) | null;
}

export interface TrunkView {
  orgId: string;
  region: string;
  trunkId: string;
  health: 'healthy' | 'degraded' | 'offline' | 'unknown';
  since: number | null;
  observedAt: number | null;
  parkedAgents: string[];
}

export interface PacingView {
  orgId: string;
  region: string;
  groupId: string;
  trunkLines: number;
  agentLines: number;
  lines: number;
  campaigns: { campaignId: string; share: number; lastApplied: number | null }[];
}

export interface DeadLetterFilter {
  region?: string;
  reason?: string;
  kind?: KeyKind;
  orgId?: string;
}

export interface OperatorQueries {
  status(region?: string): Promise<{ regions: RegionStatus[]; orgs: OrgBudget[] }>;
  inspect(key: SyncKey): Promise<KeyInspection | undefined>;
  /** Keys of an org whose id contains `search` (from the org's known set), newest first is not required. */
  findKeys(orgId: string, search: string, options?: { kind?: KeyKind; limit?: number }): Promise<SyncKey[]>;
  trunks(region?: string): Promise<TrunkView[]>;
  pacing(orgId?: string): Promise<PacingView[]>;
  deadLetters(filter?: DeadLetterFilter): Promise<(DeadLetter & { region: string })[]>;
  /** Re-enqueues matching dead-lettered keys and removes their entries; returns how many. */
  replayDeadLetters(filter: DeadLetterFilter & { key?: SyncKey }, actor: string): Promise<number>;
  purgeDeadLetters(filter: DeadLetterFilter & { key?: SyncKey }, actor: string): Promise<number>;
  /** Level-triggered full resync: re-enqueues every known key of the org (of one kind). Returns how many. */
  resync(orgId: string, options: { kind?: KeyKind; actor: string }): Promise<number>;
  /** Forgets a key's event order so its next event is kept whatever its sequence (recorded in its trail). */
  resetKeyOrdering(key: SyncKey, actor: string): Promise<OrderingReset>;
  /** Pauses an org: writes in flight finish, nothing new is sent; ingest keeps recording (decision 026). */
  pauseOrg(orgId: string, actor: string): Promise<OrgHoldChange>;
  /**
   * Lifts an org's pause and wakes the keys it held back (unless another hold is still in force); `quota` also
   * lifts a spent quota and the org's 429 block.
   */
  resumeOrg(orgId: string, actor: string, options?: { quota?: boolean }): Promise<OrgHoldChange>;
}
