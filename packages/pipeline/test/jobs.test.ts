import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { dedupId, jobCatalog, reconcileJobOptions } from '../src/index.js';
import { dispatchByCatalog } from '../src/worker/job-handlers.js';

/**
 * Job payloads are wire contracts: jobs queued by the previous deploy are still parsed by this one. Each payload
 * below is written as an older producer wrote it; a schema change that stops one parsing fails here.
 */
describe('job catalog: payloads already queued keep parsing', () => {
  it('reconcile: the key only, as ingest, the sweeper and a replay enqueue it', () => {
    const queued = { orgId: 'org-1', kind: 'agent', id: 'user-1' };
    expect(jobCatalog.reconcile.parse(queued)).toEqual(queued);
    for (const kind of ['agent', 'trunk', 'campaign', 'timeoff', 'schedule'])
      expect(jobCatalog.reconcile.safeParse({ ...queued, kind }).success).toBe(true);
  });

  it('reconcile: fields a newer producer may add are ignored, not refused', () => {
    const parsed = jobCatalog.reconcile.parse({ orgId: 'org-1', kind: 'agent', id: 'user-1', extra: 1 });
    expect(parsed).toEqual({ orgId: 'org-1', kind: 'agent', id: 'user-1' });
  });

  it('trunk-poll: the org only, as the job scheduler stores it', () => {
    expect(jobCatalog['trunk-poll'].parse({ orgId: 'org-1' })).toEqual({ orgId: 'org-1' });
  });

  it('refuses payloads no producer ever wrote', () => {
    expect(jobCatalog.reconcile.safeParse({ orgId: 'org-1', kind: 'queue', id: 'q' }).success).toBe(false);
    expect(jobCatalog.reconcile.safeParse({ orgId: '', kind: 'agent', id: 'u' }).success).toBe(false);
    expect(jobCatalog['trunk-poll'].safeParse({}).success).toBe(false);
  });

  it('dedup id: stable across deploys, so a new job coalesces with one queued before it', () => {
    const key = { orgId: 'org-1', kind: 'agent', id: 'user-1' } as const;
    expect(dedupId(key)).toBe('org-1/agent/user-1');
    expect(reconcileJobOptions(key).deduplication).toEqual({
      id: 'org-1/agent/user-1',
      keepLastIfActive: true,
    });
  });
});

describe('dispatch by catalog', () => {
  const handle = dispatchByCatalog({
    reconcile: async (key) => `reconcile ${key.kind}:${key.id}`,
    'trunk-poll': async ({ orgId }) => `poll ${orgId}`,
  });
  const job = (name: string, data: unknown) => ({ name, data }) as Job;

  it('hands each job its parsed payload, trunk-poll included', async () => {
    expect(await handle(job('reconcile', { orgId: 'o', kind: 'agent', id: 'u' }))).toBe('reconcile agent:u');
    expect(await handle(job('trunk-poll', { orgId: 'o' }))).toBe('poll o');
  });

  it('fails a job outside the catalog by name, and a payload its schema refuses', async () => {
    expect(() => handle(job('resync', {}))).toThrow(/job resync is not in the job catalog/);
    expect(() => handle(job('trunk-poll', {}))).toThrow();
  });
});
