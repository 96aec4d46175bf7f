/**
 * The SDK-optional fields of every answer gc-sim gives, as paths (`a.b`, `[]` for each array element, `*` for each
 * record value). With the `nullOptionals` fault, each such field the answer leaves out comes back `null` instead,
 * as the real service sometimes answers (`"result": null` on a Processing schedule update). Fields with a value
 * keep it.
 */
const METADATA = ['dateModified', 'modifiedBy', 'dateCreated', 'createdBy'].map((f) => `metadata.${f}`);
const TIME_OFF = [
  'substatus',
  'activityCodeId',
  'isFullDayRequest',
  'fullDayManagementUnitDates',
  'partialDayStartDateTimes',
  'dailyDurationMinutes',
  'durationMinutes',
  'paid',
  'notes',
  ...METADATA,
];
const TRUNK = [
  'name',
  'version',
  'dateModified',
  'state',
  'trunkType',
  'inService',
  'enabled',
  'connectedStatus',
  'connectedStatus.connected',
  'connectedStatus.connectedStateTime',
  'registersStatus',
  'optionsStatus',
  'registersEnabledStatus',
  'optionsEnabledStatus',
  ...['registersStatus[]', 'optionsStatus[]'].flatMap((list) =>
    ['proxyAddress', 'errorInfo', 'errorInfo.text', 'errorInfo.code'].map((f) => `${list}.${f}`),
  ),
  'registersStatus[].registerState',
  'registersStatus[].registerStateTime',
  'optionsStatus[].optionState',
  'optionsStatus[].optionStateTime',
];
const UTILIZATION = [
  'labelUtilizations',
  'maxInboundCalls',
  'level',
  'utilization.*.interruptableMediaTypes',
  'utilization.*.includeNonAcd',
];
const CAMPAIGN = [
  'dialingMode',
  'campaignStatus',
  'outboundLineCount',
  'maxCallsPerAgent',
  'abandonRate',
  'contactList',
  'queue',
  'phoneColumns',
  'callerName',
  'callerAddress',
];
const AGENT_SCHEDULE = [
  'shifts',
  'fullDayTimeOffMarkers',
  'shifts[].id',
  'shifts[].activities',
  'shifts[].manuallyEdited',
  ...['description', 'paid', 'payableMinutes', 'timeOffRequestId'].map((f) => `shifts[].activities[].${f}`),
  ...METADATA,
];
const SCHEDULE = ['weekDate', 'weekCount', 'description', 'published', 'managementUnits', ...METADATA];

const API = '/api/v2';
const SCHEDULE_ROUTE = `${API}/workforcemanagement/businessunits/:businessUnitId/weeks/:weekId/schedules/:scheduleId`;
const TIME_OFF_UNIT = `${API}/workforcemanagement/managementunits/:managementUnitId`;

/** Route template (as fastify names it) and method → the optional paths of its answer. */
export const OPTIONAL_ANSWER_FIELDS: Readonly<Record<string, readonly string[]>> = {
  [`GET ${API}/telephony/providers/edges/trunks/:trunkId`]: TRUNK,
  [`GET ${API}/telephony/providers/edges/trunks`]: ['total', ...TRUNK.map((p) => `entities[].${p}`)],
  [`GET ${API}/routing/users/:userId/utilization`]: UTILIZATION,
  [`PUT ${API}/routing/users/:userId/utilization`]: UTILIZATION,
  [`GET ${API}/outbound/campaigns/:campaignId`]: CAMPAIGN,
  [`PUT ${API}/outbound/campaigns/:campaignId`]: CAMPAIGN,
  [`POST ${TIME_OFF_UNIT}/timeoffrequests`]: TIME_OFF.map((p) => `timeOffRequests[].${p}`),
  [`POST ${TIME_OFF_UNIT}/timeoffrequests/query`]: ['downloadUrl', ...TIME_OFF.map((p) => `entities[].${p}`)],
  [`GET ${TIME_OFF_UNIT}/users/:userId/timeoffrequests/:timeOffRequestId`]: ['user', ...TIME_OFF],
  [`PATCH ${TIME_OFF_UNIT}/users/:userId/timeoffrequests/:timeOffRequestId`]: ['user', ...TIME_OFF],
  [`GET ${SCHEDULE_ROUTE}`]: SCHEDULE,
  [`POST ${SCHEDULE_ROUTE}/agentschedules/query`]: [
    'operationId',
    'result',
    'progress',
    'downloadUrl',
    'result.businessUnitTimeZone',
    ...AGENT_SCHEDULE.map((p) => `result.agentSchedules[].${p}`),
  ],
  [`POST ${SCHEDULE_ROUTE}/update/uploadurl`]: ['headers'],
  [`POST ${SCHEDULE_ROUTE}/update`]: ['operationId', 'result'],
};

/** Sets every optional field `paths` name that `answer` leaves out to `null`, in place; returns how many. */
export function nullAbsentOptionals(answer: unknown, paths: readonly string[]): number {
  let count = 0;
  for (const path of paths) count += nullAt(answer, path.split('.'));
  return count;
}

function nullAt(node: unknown, steps: string[]): number {
  if (node === null || typeof node !== 'object' || steps.length === 0) return 0;
  const [step, ...rest] = steps as [string, ...string[]];
  const record = node as Record<string, unknown>;
  if (step === '*') return Object.values(record).reduce<number>((n, value) => n + nullAt(value, rest), 0);
  const field = step.endsWith('[]') ? step.slice(0, -2) : step;
  if (rest.length === 0 && !step.endsWith('[]')) {
    if (field in record && record[field] !== undefined) return 0;
    record[field] = null;
    return 1;
  }
  const child = record[field];
  if (step.endsWith('[]')) {
    return Array.isArray(child) ? child.reduce<number>((n, item) => n + nullAt(item, rest), 0) : 0;
  }
  return nullAt(child, rest);
}
