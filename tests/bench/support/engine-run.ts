// One batch through the real engine, in this process, timed from submit() to the batch
// summary, with the moment each job entered each state (to split upload / convert / download).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchSummary, JobState } from '../../../shared/jobs.ts';
import { createEngine, type EngineOptions, type SubmitItem } from '../../../electron/engine/index.ts';

export interface EngineBatchRun {
  wallMs: number;
  summary: BatchSummary;
  /** performance.now() of each job's first entry into each state, by engine job id. */
  phases: Map<string, Partial<Record<JobState, number>>>;
  startedAt: number;
  /** Bytes the journal wrote for the batch, its last snapshot at close included. */
  journalBytes: number;
}

export interface EngineBatchOptions {
  api: { url: string; key: string };
  items: SubmitItem[];
  outDir: string;
  concurrency?: EngineOptions['concurrency'];
  timing?: EngineOptions['timing'];
}

export async function runEngineBatch(options: EngineBatchOptions): Promise<EngineBatchRun> {
  const stateDir = await mkdtemp(join(tmpdir(), 'ifc-bench-state-'));
  const made = await createEngine({
    api: options.api,
    stateDir,
    output: { dir: options.outDir },
    conflict: 'overwrite',
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
  });
  if (!made.ok) throw new Error(`engine did not start: ${made.error.code}`);
  const engine = made.value;
  const phases = new Map<string, Partial<Record<JobState, number>>>();
  engine.on('job', (view) => {
    const seen = phases.get(view.id) ?? {};
    seen[view.state] ??= performance.now();
    phases.set(view.id, seen);
  });
  try {
    let batchId = '';
    const early: BatchSummary[] = [];
    let settle: (summary: BatchSummary) => void = (summary) => void early.push(summary);
    engine.on('batch', (summary) => settle(summary));
    const startedAt = performance.now();
    const submitted = await engine.submit(options.items);
    if (!submitted.ok) throw new Error(`submit refused: ${submitted.error.code} ${submitted.error.message}`);
    batchId = submitted.value.batchId;
    const summary = await new Promise<BatchSummary>((resolve) => {
      const done = early.find((candidate) => candidate.batchId === batchId);
      if (done) return resolve(done);
      settle = (candidate) => {
        if (candidate.batchId === batchId) resolve(candidate);
      };
    });
    const wallMs = performance.now() - startedAt;
    await engine.close();
    return { wallMs, summary, phases, startedAt, journalBytes: engine.journalBytesWritten };
  } finally {
    await engine.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

/** Time between two states of one job, in ms (NaN if it never reached both). */
export function phaseMs(
  phases: Partial<Record<JobState, number>> | undefined,
  from: JobState,
  to: JobState,
): number {
  const start = phases?.[from];
  const end = phases?.[to];
  return start !== undefined && end !== undefined ? end - start : Number.NaN;
}
