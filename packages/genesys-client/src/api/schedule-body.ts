import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { UpdateScheduleUploadSchema } from '../models/schedule.js';

const gzipAsync = promisify(gzip);

/** The gzipped JSON a schedule upload PUTs, compressed off the event loop (zlib's thread pool). */
export function gzipScheduleBody(body: UpdateScheduleUploadSchema): Promise<Buffer> {
  return gzipAsync(Buffer.from(JSON.stringify(body), 'utf8'));
}
