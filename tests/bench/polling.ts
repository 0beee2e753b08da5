// Benchmark 4, polling cost: status requests per job for jobs that take 5 s, 30 s and 120 s,
// with the engine's real (default) poll schedule. The jobs' durations come from a pass-through
// proxy (support/duration-proxy.ts); files are just over the server's sync limit so the engine
// must poll rather than wait on the POST. Each run is its own engine, all runs side by side.
// Target per job: polls <= duration / 2 s + 2, and never under 2 s apart on average.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startLocalServer } from '../../electron/localserver/index.ts';
import { mib, writeDataFile } from './support/data-file.ts';
import { startDurationProxy } from './support/duration-proxy.ts';
import { runEngineBatch } from './support/engine-run.ts';
import { withTempDir } from './support/files.ts';
import { median, round, roundSpread, spread } from './support/stats.ts';

export type DurationKey = '5' | '30' | '120';

export interface PollingFigures {
  pollsPerJob: Record<DurationKey, number | null>;
  polls: Partial<Record<DurationKey, ReturnType<typeof roundSpread>>>;
  meanGapSeconds: Partial<Record<DurationKey, ReturnType<typeof roundSpread>>>;
  /** How long after the job was really done the engine saw it (the cost of polling less). */
  noticedAfterSeconds: Partial<Record<DurationKey, ReturnType<typeof roundSpread>>>;
  targetPolls: Partial<Record<DurationKey, number>>;
  samples: {
    durationS: number;
    polls: number;
    meanGapS: number;
    medianGapS: number;
    noticedAfterS: number;
  }[];
}

export async function benchPolling(options: { durations: number[]; runs: number; log(line: string): void }) {
  return withTempDir('ifc-bench-polling-', async (dir) => {
    const server = await startLocalServer({ benchPassThrough: true });
    const durationByName = new Map<string, number>();
    const proxy = await startDurationProxy({
      target: server.url,
      durationFor: (jobId) => durationByName.get(server.ledger.entry(jobId)?.sourceName ?? '') ?? 0,
    });
    try {
      // One file per duration per run, a little over syncMaxBytes (2 MiB).
      const runs = Array.from({ length: options.runs }, async (_, run) => {
        const inputDir = join(dir, `run-${run}`);
        await mkdir(inputDir, { recursive: true });
        const items = [];
        for (const seconds of options.durations) {
          const name = `job-${seconds}s-run${run}.bin`;
          await writeDataFile(join(inputDir, name), mib(2) + 4096);
          durationByName.set(name, seconds * 1000);
          items.push({ source: join(inputDir, name), to: 'dat' });
        }
        const result = await runEngineBatch({
          api: { url: proxy.url, key: server.key },
          items,
          outDir: join(inputDir, 'out'),
        });
        if (result.summary.completed.length !== items.length) {
          throw new Error(`polling run ${run}: ${JSON.stringify(result.summary.failed)}`);
        }
      });
      await Promise.all(runs);
    } finally {
      await proxy.close();
      await server.close();
    }
    const samples = [...proxy.jobs.values()].map((job) => {
      const gaps = job.polls.slice(1).map((at, index) => at - job.polls[index]!);
      const doneAt = job.acceptedAt + job.durationMs;
      return {
        durationS: job.durationMs / 1000,
        polls: job.polls.length,
        // Accepted -> first poll counts as a gap too: the first poll comes ~2 s after acceptance.
        meanGapS: round((job.polls.at(-1)! - job.acceptedAt) / 1000 / job.polls.length, 2),
        noticedAfterS: round(((job.completedAt ?? Number.NaN) - doneAt) / 1000, 2),
        medianGapS: round(median(gaps) / 1000, 2),
      };
    });
    const figures: PollingFigures = {
      pollsPerJob: { '5': null, '30': null, '120': null },
      polls: {},
      meanGapSeconds: {},
      noticedAfterSeconds: {},
      targetPolls: {},
      samples,
    };
    for (const seconds of options.durations) {
      const key = String(seconds) as DurationKey;
      const mine = samples.filter((sample) => sample.durationS === seconds);
      const polls = spread(mine.map((sample) => sample.polls));
      figures.pollsPerJob[key] = polls ? round(polls.median) : null;
      figures.polls[key] = roundSpread(polls);
      figures.meanGapSeconds[key] = roundSpread(spread(mine.map((sample) => sample.meanGapS)), 2);
      figures.noticedAfterSeconds[key] = roundSpread(spread(mine.map((sample) => sample.noticedAfterS)), 2);
      figures.targetPolls[key] = seconds / 2 + 2;
      options.log(
        `polling ${seconds} s jobs: ${mine.map((sample) => `${sample.polls} polls, ${sample.meanGapS} s apart`).join('; ')}`,
      );
    }
    return figures;
  });
}
