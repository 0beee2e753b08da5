// Builds JobViews for the renderer tests: only what a test cares about is spelled out.
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
