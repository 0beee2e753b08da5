// Benchmark 6, pacing: a batch of small files against the local server with a limit of 60
// requests per (scaled) minute. The engine spreads its requests by the X-RateLimit-* headers;
// the figures are the 429s it still met per 1,000 files and the batch time against the
// limit-bound ideal (the first `limit` requests at once, every further one at the server's
// rate: (successful API requests - limit) x window / limit). Targets: <= 1 per window, <= 1.15x.
// The minute is scaled down to a few seconds so that it runs fast, but not below what this
// process can do unlimited (~17 small files/s here, engine and server on 2 shared cores): the
// limit, not the machine, must bound the batch for the ratio to mean anything.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLocalServer } from '../../electron/localserver/index.ts';
import { runEngineBatch } from './support/engine-run.ts';
import { withTempDir } from './support/files.ts';
import { round, roundSpread, spread } from './support/stats.ts';

const LIMIT = 60;

export interface PacingFigures {
  tooManyRequestsPer1000: number | null;
  timeRatioVsIdeal: number | null;
  files: number;
  windowMs: number;
  tooManyPer1000: ReturnType<typeof roundSpread>;
  timeRatio: ReturnType<typeof roundSpread>;
  tooManyPerWindow: ReturnType<typeof roundSpread>;
}

export async function benchPacing(options: {
  files: number;
  windowMs: number;
  runs: number;
  log(line: string): void;
}): Promise<PacingFigures> {
  const per1000: number[] = [];
  const ratios: number[] = [];
  const perWindow: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    await withTempDir('ifc-bench-pacing-', async (dir) => {
      const server = await startLocalServer({
        benchPassThrough: true,
        rateLimitPerMinute: LIMIT,
        rateLimitWindowMs: options.windowMs,
      });
      try {
        const inputDir = join(dir, 'in');
        await mkdir(inputDir, { recursive: true });
        const items = [];
        for (let index = 0; index < options.files; index += 1) {
          const path = join(inputDir, `file-${index}.bin`);
          await writeFile(path, `file ${index}\n`);
          items.push({ source: path, to: 'dat' });
        }
        // Enough lanes that the rate limit, not the lanes, bounds the batch.
        const result = await runEngineBatch({
          api: { url: server.url, key: server.key },
          items,
          outDir: join(dir, 'out'),
          concurrency: { upload: 8, download: 8, poll: 8 },
        });
        if (result.summary.completed.length !== items.length) {
          throw new Error(`pacing run ${run}: ${result.summary.failed.length} failed`);
        }
        const api = server.requests.filter((request) => request.origin === 'api');
        const tooMany = api.filter((request) => request.status === 429).length;
        const answered = api.length - tooMany;
        const idealMs = (Math.max(0, answered - LIMIT) * options.windowMs) / LIMIT;
        const windows = Math.max(1, result.wallMs / options.windowMs);
        per1000.push((tooMany / options.files) * 1000);
        ratios.push(idealMs > 0 ? result.wallMs / idealMs : 1);
        perWindow.push(tooMany / windows);
        options.log(
          `pacing run ${run + 1}/${options.runs}: ${options.files} files, ${api.length} API requests, ` +
            `${tooMany} x 429, ${(result.wallMs / 1000).toFixed(1)} s vs ideal ${(idealMs / 1000).toFixed(1)} s`,
        );
      } finally {
        await server.close();
      }
    });
  }
  const tooManyPer1000 = roundSpread(spread(per1000), 2);
  const timeRatio = roundSpread(spread(ratios), 3);
  return {
    tooManyRequestsPer1000: tooManyPer1000 ? round(tooManyPer1000.median, 2) : null,
    timeRatioVsIdeal: timeRatio ? round(timeRatio.median, 3) : null,
    files: options.files,
    windowMs: options.windowMs,
    tooManyPer1000,
    timeRatio,
    tooManyPerWindow: roundSpread(spread(perWindow), 2),
  };
}
