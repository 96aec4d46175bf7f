import type { OrgState } from '../state/org.js';
import type { ScheduleOperation } from '../state/schedules.js';
import type { TrunkState } from '../state/trunks.js';

const TRUNK_TOPIC = /^v2\.telephony\.providers\.edges\.trunks\.([^.]+)$/;
const BU_SCHEDULES_TOPIC = /^v2\.workforcemanagement\.businessunits\.([^.]+)\.schedules$/;

export function trunkTopic(trunkId: string): string {
  return `v2.telephony.providers.edges.trunks.${trunkId}`;
}

export function buSchedulesTopic(buId: string): string {
  return `v2.workforcemanagement.businessunits.${buId}.schedules`;
}

/** SDK model `ChannelTopic` as a subscription answer carries it. */
export interface ChannelTopicModel {
  id: string;
  state: 'Permitted' | 'Rejected';
  rejectionReason?: string;
  missingPermissions?: string[];
}

/** The permission a real OAuth client needs for each topic family (Genesys' available-topics listing). */
function permissionFor(topic: string): string {
  return topic.startsWith('v2.workforcemanagement.') ? 'wfm:schedule:view' : 'telephony:plugin:all';
}

function matchesPattern(topic: string, pattern: string): boolean {
  return pattern.endsWith('*') ? topic.startsWith(pattern.slice(0, -1)) : topic === pattern;
}

/**
 * Whether the org may subscribe to `topic`: only the two topic families the simulator publishes, naming one of
 * the org's own trunks or business units. Anything else is rejected per topic, never failing the call.
 */
export function checkTopic(
  org: OrgState,
  topic: string,
  permissionDenied: readonly string[],
): ChannelTopicModel {
  const trunk = TRUNK_TOPIC.exec(topic);
  const bu = BU_SCHEDULES_TOPIC.exec(topic);
  if (!trunk && !bu) {
    return { id: topic, state: 'Rejected', rejectionReason: `Topic ${topic} is not a supported topic` };
  }
  const known = trunk
    ? org.trunks.get(trunk[1] as string) !== undefined
    : org.fixture.businessUnits.some((unit) => unit.id === bu?.[1]);
  if (!known) {
    // Another org's trunk or an unknown business unit: the client may not see it, whoever has it.
    return {
      id: topic,
      state: 'Rejected',
      rejectionReason: `Topic ${topic} names nothing this organization has`,
    };
  }
  if (permissionDenied.some((pattern) => matchesPattern(topic, pattern))) {
    const permission = permissionFor(topic);
    return {
      id: topic,
      state: 'Rejected',
      rejectionReason: `Missing permission ${permission} for topic ${topic}`,
      missingPermissions: [permission],
    };
  }
  return { id: topic, state: 'Permitted' };
}

/** SDK model `TrunkInstanceTopicTrunk`: the status fields of the trunk as GET answers them, nothing else. */
export function trunkEventBody(
  trunkModel: Record<string, unknown>,
  trunk: TrunkState,
): Record<string, unknown> {
  return {
    id: trunk.fixture.id,
    connectedStatus: trunkModel.connectedStatus,
    registersStatus: trunkModel.registersStatus,
    optionsStatus: trunkModel.optionsStatus,
  };
}

/** SDK model `WfmBuScheduleTopicBuScheduleNotification` for the end of an update; `result` only when Complete. */
export function scheduleEventBody(
  operation: ScheduleOperation,
  metadata: Record<string, unknown> | undefined,
): Record<string, unknown> {
  return {
    status: operation.status,
    operationId: operation.operationId,
    eventType: 'Update',
    ...(operation.status === 'Complete' && metadata ? { result: scheduleResult(metadata) } : {}),
  };
}

/** `WfmBuScheduleTopicBuScheduleMetadata` from the REST `BuScheduleMetadata`: management units carry only ids. */
function scheduleResult(metadata: Record<string, unknown>): Record<string, unknown> {
  const units = Array.isArray(metadata.managementUnits)
    ? (metadata.managementUnits as Array<Record<string, unknown>>)
    : [];
  return {
    id: metadata.id,
    weekDate: metadata.weekDate,
    weekCount: metadata.weekCount,
    description: metadata.description,
    published: metadata.published,
    metadata: metadata.metadata,
    managementUnits: units.map((unit) => ({
      managementUnit: { id: (unit.managementUnit as { id?: string } | undefined)?.id },
      startDate: unit.startDate,
      endDate: unit.endDate,
      agentCount: unit.agentCount,
    })),
  };
}
