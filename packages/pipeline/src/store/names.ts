import type { SyncKey } from '@wfm-sync/domain';
import { OrgKeys } from './redis-keys.js';

/**
 * Queue names (docs/decisions/005): the whole name is a Redis Cluster hash tag, so each queue's keys share a slot
 * while different queues spread over the cluster. '/' cannot occur in topology ids, so names never collide.
 *   agents of a routing group:  {<region>/<orgId>/<routingGroupId>}
 *   org-wide work:              {<region>/<orgId>/(org)}   (trunks, campaigns, time-off, schedules, trunk polls)
 *   dead letters:               {<region>/dead-letter}
 *   before decision 025:        {<region>/region}   (the org-wide work of every org of the region; still consumed)
 * `(` cannot occur in topology ids, so an org queue never collides with a routing group's.
 */
export function agentQueueName(region: string, orgId: string, routingGroupId: string): string {
  return `{${region}/${orgId}/${routingGroupId}}`;
}
/** An org's own queue for its trunks, campaigns, time-off, schedules and trunk polls (docs/decisions/025). */
export function orgQueueName(region: string, orgId: string): string {
  return `{${region}/${orgId}/(org)}`;
}
/**
 * The queue the orgs of a region shared before decision 025. Nothing is added to it any more; workers still consume
 * it, so jobs queued before an upgrade run.
 */
export function regionQueueName(region: string): string {
  return `{${region}/region}`;
}
export function deadLetterQueueName(region: string): string {
  return `{${region}/dead-letter}`;
}

/** More orgs than any topology holds; OrgKeys are cheap to rebuild past it. */
export const MAX_CACHED_ORGS = 1024;

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
      // Org ids may come from requests (a dashboard query, a webhook before its topology check): a cache that
      // kept every one would grow for the life of the process. Real topologies have a handful of orgs;
      // beyond the bound, start over rather than keep what an outsider filled it with.
      if (this.orgKeys.size >= MAX_CACHED_ORGS) this.orgKeys.clear();
      this.orgKeys.set(orgId, keys);
    }
    return keys;
  }

  /** Org key sets currently cached (tests check the bound). */
  get cachedOrgs(): number {
    return this.orgKeys.size;
  }

  stateKey(key: SyncKey): string {
    return this.org(key.orgId).state(key.kind, key.id);
  }
}
