import type { SyncKey } from './keys.js';

export const keyOfAgent = (orgId: string, userId: string): SyncKey => ({ orgId, kind: 'agent', id: userId });
export const keyOfCampaign = (orgId: string, campaignId: string): SyncKey => ({
  orgId,
  kind: 'campaign',
  id: campaignId,
});
export const keyOfTrunk = (orgId: string, trunkId: string): SyncKey => ({
  orgId,
  kind: 'trunk',
  id: trunkId,
});
