import type { TimeOffData, WfmEvent } from '@wfm-sync/domain';
import type { SimFixture } from '@wfm-sync/gc-sim';
import { type Disorder, disorder } from './disorder.js';
import { seededRandom } from './rng.js';

export interface TimeOffStormOptions extends Disorder {
  seed: number;
  /** External ids (WFM tickets), spread over the fixture's agents (all orgs, in order). */
  externalIds: number;
  eventsPerId: number;
  /** Share of external ids whose last event cancels the request. */
  cancelRate: number;
  /** First day the requests may cover. @defaultValue '2026-12-01' */
  firstDay?: string;
}

export interface TimeOffStorm {
  /** Deliveries in sending order (duplicates included). */
  deliveries: WfmEvent[];
  /** externalId → the data of its highest-sequence event: what Genesys must end with. */
  expected: Map<string, { orgId: string; data: TimeOffData }>;
}

/** Each external id owns a window of days of its agent that no other id of that agent touches. */
const WINDOW_DAYS = 7;
const ACTIVITY_CODES = ['ac-vacation', 'ac-sick', 'ac-training'] as const;
const DAY_MS = 86_400_000;

function isoDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/**
 * A storm of `timeoff.upserted` events: each external id gets `eventsPerId` changes (status, days, activity, notes)
 * with increasing sequence, interleaved across ids, with redeliveries and out-of-order arrivals. CANCELED only ever
 * comes last, as in a WFM where a canceled ticket stays canceled (Genesys refuses to reopen it). Ids of one agent
 * never overlap each other, so every conflict the pipeline meets is one it must resolve, not one the storm made.
 * Deterministic for a seed.
 */
export function generateTimeOffStorm(fixture: SimFixture, options: TimeOffStormOptions): TimeOffStorm {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const agents = fixture.orgs.flatMap((org) => org.agents.map((agent) => ({ org, agent })));
  if (agents.length === 0) throw new Error('the fixture has no agents');
  const firstDay = Date.parse(`${options.firstDay ?? '2026-12-01'}T00:00:00Z`);

  const perKey: WfmEvent[][] = Array.from({ length: options.externalIds }, (_, i) => {
    const { org, agent } = agents[i % agents.length]!;
    const windowStart = firstDay + Math.floor(i / agents.length) * WINDOW_DAYS * DAY_MS;
    const externalId = `zd-${options.seed}-${i}`;
    const cancels = random() < options.cancelRate;
    return Array.from({ length: options.eventsPerId }, (_, e) => {
      const last = e === options.eventsPerId - 1;
      const offset = Math.floor(random() * 4);
      const length = 1 + Math.floor(random() * 3);
      const data: TimeOffData = {
        externalId,
        managementUnitId: agent.managementUnitId,
        userId: agent.id,
        activityCodeId: pick(ACTIVITY_CODES),
        status: last && cancels ? 'CANCELED' : pick(['PENDING', 'APPROVED'] as const),
        fullDayManagementUnitDates: Array.from({ length }, (_, d) =>
          isoDay(windowStart + (offset + d) * DAY_MS),
        ),
        notes: `Ticket ${externalId}, change ${e + 1}`,
      };
      return {
        id: `evt_${options.seed}_to_${i}_${e}`,
        type: 'timeoff.upserted' as const,
        orgId: org.id,
        occurredAt: new Date(Date.UTC(2026, 10, 23, 9, 0, 0) + e * 1000 + i).toISOString(),
        sequence: 1000 + e,
        data,
      };
    });
  });

  const { deliveries, finals } = disorder(perKey, random, options);
  const expected = new Map<string, { orgId: string; data: TimeOffData }>();
  for (const last of finals) {
    if (last.type === 'timeoff.upserted')
      expected.set(last.data.externalId, { orgId: last.orgId, data: last.data });
  }
  return { deliveries, expected };
}
