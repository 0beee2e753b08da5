// Builds JobViews and app snapshots for the renderer tests: only what a test cares about is
// spelled out.
import type { AppSnapshot } from '../../../shared/ipc/contract.ts';
import type { JobView } from '../../../shared/jobs.ts';

export function job(id: string, patch: Partial<JobView> = {}): JobView {
  return {
    id,
    batchId: 'b1',
    source: `/home/ana/${id}.pdf`,
    sourceName: `${id}.pdf`,
    bytes: 38_405,
    from: 'pdf',
    to: 'docx',
    state: 'queued',
    progress: 0,
    createdAt: 1_000,
    updatedAt: 1_000,
    ...patch,
  };
}

/** What main answers to app:snapshot on a fresh install: offline endpoint, no key, nothing yet. */
export function appSnapshot(patch: Partial<AppSnapshot> = {}): AppSnapshot {
  return {
    settings: {
      endpoint: { kind: 'local' },
      output: { kind: 'next-to-source' },
      conflict: 'rename',
      concurrency: 2,
      notifications: true,
      launchAtLogin: false,
      defaultTargets: {},
      theme: 'system',
      language: 'system',
      fileManagerMenu: false,
      updateChecks: true,
    },
    key: { set: false, keychainAvailable: true },
    engine: { paused: false, needsKey: false, running: 0 },
    jobs: [],
    history: [],
    conversions: {},
    version: '0.1.0',
    ...patch,
  };
}
