import type { SyncKey } from '@wfm-sync/domain';
import { OrgKeys } from './redis-keys.js';

/**
 * Queue names (docs/decisions/005): the whole name is a Redis Cluster hash tag, so each queue's keys share a slot
 * while different queues spread over the cluster. '/' cannot occur in topology ids, so names never collide.
 *   agents of a routing group:  {<region>/<orgId>/<routingGroupId>}
 *   region-wide work:           {<region>/region}   (trunks, campaigns, time-off, schedules, trunk polls)
 *   dead letters:               {<region>/dead-letter}
 */
export function agentQueueName(region: string, orgId: string, routingGroupId: string): string {
  return `{${region}/${orgId}/${routingGroupId}}`;
}
export function regionQueueName(region: string): string {
  return `{${region}/region}`;
}
export function deadLetterQueueName(region: string): string {
  return `{${region}/dead-letter}`;
}

/** The namespace of one deployment (tests use a random one). */
export class PipelineNames {
  /** BullMQ key prefix. */
  readonly queuePrefix: string;
  private readonly orgKeys = new Map<string, OrgKeys>();

  constructor(readonly prefix = 'wfm') {
    this.queuePrefix = `${prefix}:q`;
  }

  org(orgId: string): OrgKeys {
    let keys = this.orgKeys.get(orgId);
    if (!keys) {
      keys = new OrgKeys(this.prefix, orgId);
      this.orgKeys.set(orgId, keys);
    }
    return keys;
  }

  stateKey(key: SyncKey): string {
    return this.org(key.orgId).state(key.kind, key.id);
  }
}
