// One journaled job as the engine's store keeps it, for unit tests that build the store, lanes
// and runner by hand: a small queued txt -> pdf job of batch B, with whatever the test sets.
// The endpoint is a closed loopback port: these tests never send anything.
import type { JobRecord } from '../../electron/engine/engine-types.ts';

export function jobRecord(id: string, patch: Partial<JobRecord> = {}): JobRecord {
  return {
    id,
    batchId: 'B',
    source: `/in/${id}.txt`,
    sourceName: `${id}.txt`,
    bytes: 10,
    from: 'txt',
    to: 'pdf',
    state: 'queued',
    progress: 0,
    createdAt: 0,
    updatedAt: 0,
    endpoint: 'http://127.0.0.1:9/',
    conflict: 'rename',
    priority: 0,
    ...patch,
  };
}
