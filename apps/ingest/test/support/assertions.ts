import { expect } from 'vitest';
import type { IngestUnderTest } from './ingest.js';

/**
 * A rejected delivery leaves no trace: no key under the test prefix (state, due set, webhook-id, job) and no job.
 * Keys are checked first because looking into a BullMQ queue writes its `meta` key.
 */
export async function expectNothingStored(ingest: IngestUnderTest): Promise<void> {
  expect(await ingest.keys()).toEqual([]);
  expect(await ingest.enqueuedKeys()).toEqual([]);
}
