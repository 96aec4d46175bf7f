import { num } from './format.js';

/**
 * What BENCHMARKS.md says a run's calls went to, in words, from the request log's `METHOD /route` counts. Routes are
 * matched without the `/api/v2` prefix; one this list does not know keeps its `METHOD route` as its name, so a new
 * call shows up rather than disappearing.
 */
const ROUTE_NAMES: Record<string, string> = {
  'PUT /routing/users/:userId/utilization': 'utilization PUTs',
  'GET /routing/users/:userId/utilization': 'utilization GETs',
  'GET /telephony/providers/edges/trunks': 'trunk listings',
  'GET /telephony/providers/edges/trunks/:trunkId': 'single-trunk reads',
  'PUT /outbound/campaigns/:campaignId': 'campaign PUTs',
  'GET /outbound/campaigns/:campaignId': 'campaign GETs',
  'POST /oauth/token': 'tokens',
  'POST /notifications/channels': 'channel creations',
  'HEAD /notifications/channels/:channelId': 'channel checks',
  'GET /notifications/channels/:channelId/subscriptions': 'subscription GETs',
  'PUT /notifications/channels/:channelId/subscriptions': 'subscription PUTs',
  'POST /notifications/channels/:channelId/subscriptions': 'subscription POSTs',
  'GET /workforcemanagement/businessunits/:businessUnitId/weeks/:weekId/schedules/:scheduleId':
    'schedule GETs',
  'POST /workforcemanagement/businessunits/:businessUnitId/weeks/:weekId/schedules/:scheduleId/agentschedules/query':
    'agent schedule queries',
  'POST /workforcemanagement/businessunits/:businessUnitId/weeks/:weekId/schedules/:scheduleId/update/uploadurl':
    'upload URLs',
  'POST /workforcemanagement/businessunits/:businessUnitId/weeks/:weekId/schedules/:scheduleId/update':
    'schedule updates',
  'PUT /__sim/uploads/:uploadKey': 'schedule uploads',
  'POST /workforcemanagement/managementunits/:managementUnitId/timeoffrequests': 'time-off creates',
  'POST /workforcemanagement/managementunits/:managementUnitId/timeoffrequests/query': 'time-off queries',
  'GET /workforcemanagement/managementunits/:managementUnitId/users/:userId/timeoffrequests/:timeOffRequestId':
    'time-off GETs',
  'PATCH /workforcemanagement/managementunits/:managementUnitId/users/:userId/timeoffrequests/:timeOffRequestId':
    'time-off PATCHes',
};

export interface CallCount {
  what: string;
  calls: number;
}

function nameOf(methodAndRoute: string): string {
  const key = methodAndRoute.replace(/^(\S+) \/api\/v2\//, '$1 /');
  return ROUTE_NAMES[key] ?? methodAndRoute;
}

/** Calls by what they were for, most first (ties by name, so that the line is stable). */
export function callBreakdown(callsByRoute: Readonly<Record<string, number>>): CallCount[] {
  const byName = new Map<string, number>();
  for (const [route, calls] of Object.entries(callsByRoute)) {
    const what = nameOf(route);
    byName.set(what, (byName.get(what) ?? 0) + calls);
  }
  return [...byName]
    .map(([what, calls]) => ({ what, calls }))
    .sort((a, b) => b.calls - a.calls || a.what.localeCompare(b.what));
}

/** `1,007 utilization PUTs, 128 trunk listings, …` */
export function callBreakdownText(callsByRoute: Readonly<Record<string, number>>): string {
  return callBreakdown(callsByRoute)
    .map((c) => `${num(c.calls)} ${c.what}`)
    .join(', ');
}
