// Benchmark 3, per-file overhead: many small files with instant conversions (the bin -> dat
// byte copy), concurrency 8, the engine against a bare undici loop making the same requests
// with the same concurrency (support/bare-loop.ts), alternately, against the local server in its
// own process. Ratio = engine wall time / bare loop wall time (lower is better).
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bareUndiciLoop } from './support/bare-loop.ts';
import { runEngineBatch } from './support/engine-run.ts';
import { withTempDir } from './support/files.ts';
import { startServerProcess } from './support/server-process.ts';
import { round, roundSpread, spread } from './support/stats.ts';

const CONCURRENCY = 8;
/** The engine's default ?wait= for small files (electron/engine/index.ts). */
const SYNC_WAIT_SECONDS = 10;

export interface OverheadFigures {
  ratioVsBareUndici: number | null;
  files: number;
  concurrency: number;
  ratio: ReturnType<typeof roundSpread>;
  engineFilesPerSecond: ReturnType<typeof roundSpread>;
  bareFilesPerSecond: ReturnType<typeof roundSpread>;
  runs: { engineMs: number; bareMs: number; ratio: number; engineRequests: number; bareRequests: number }[];
}

export async function benchOverhead(options: { files: number; runs: number; log(line: string): void }) {
  return withTempDir('ifc-bench-overhead-', async (dir) => {
    const inputDir = join(dir, 'in');
    await mkdir(inputDir);
    const files: { path: string; name: string; to: string }[] = [];
    for (let index = 0; index < options.files; index += 1) {
      const name = `small-${String(index).padStart(5, '0')}.bin`;
      await writeFile(join(inputDir, name), randomBytes(1024 + (index % 7) * 512));
      files.push({ path: join(inputDir, name), name, to: 'dat' });
    }
    const server = await startServerProcess({ benchPassThrough: true, rateLimitPerMinute: 1_000_000 });
    const runs: OverheadFigures['runs'] = [];
    try {
      for (let index = 0; index < options.runs; index += 1) {
        const engineOut = join(dir, 'engine-out');
        const bareOut = join(dir, 'bare-out');
        await mkdir(bareOut, { recursive: true });
        const requestsOf = async () =>
          Object.values((await server.stats()).requests).reduce((a, b) => a + b, 0);
        const doEngine = async () => {
          await server.resetStats();
          const run = await runEngineBatch({
            api: { url: server.url, key: server.key },
            items: files.map((file) => ({ source: file.path, to: file.to })),
            outDir: engineOut,
            concurrency: { upload: CONCURRENCY, poll: CONCURRENCY, download: CONCURRENCY },
          });
          if (run.summary.completed.length !== files.length) {
            throw new Error(`engine completed ${run.summary.completed.length} of ${files.length}`);
          }
          return { wallMs: run.wallMs, requests: await requestsOf() };
        };
        const doBare = async () => {
          const run = await bareUndiciLoop({
            url: server.url,
            key: server.key,
            files,
            outDir: bareOut,
            concurrency: CONCURRENCY,
            waitSeconds: SYNC_WAIT_SECONDS,
          });
          if ((await readdir(bareOut)).length !== files.length) throw new Error('bare loop lost files');
          return run;
        };
        const engineFirst = index % 2 === 0;
        const first = engineFirst ? await doEngine() : await doBare();
        const second = engineFirst ? await doBare() : await doEngine();
        const engine = engineFirst ? first : second;
        const bare = engineFirst ? second : first;
        await rm(engineOut, { recursive: true, force: true });
        await rm(bareOut, { recursive: true, force: true });
        const run = {
          engineMs: round(engine.wallMs),
          bareMs: round(bare.wallMs),
          ratio: round(engine.wallMs / bare.wallMs, 3),
          engineRequests: engine.requests,
          bareRequests: bare.requests,
        };
        runs.push(run);
        options.log(
          `overhead run ${index + 1}/${options.runs}: ${options.files} files, engine ${(engine.wallMs / 1000).toFixed(2)} s (${engine.requests} requests), bare undici ${(bare.wallMs / 1000).toFixed(2)} s (${bare.requests}), ratio ${run.ratio}`,
        );
      }
    } finally {
      await server.stop();
    }
    const ratio = spread(runs.map((run) => run.ratio));
    const figures: OverheadFigures = {
      ratioVsBareUndici: ratio ? round(ratio.median, 3) : null,
      files: options.files,
      concurrency: CONCURRENCY,
      ratio: roundSpread(ratio, 3),
      engineFilesPerSecond: roundSpread(spread(runs.map((run) => options.files / (run.engineMs / 1000)))),
      bareFilesPerSecond: roundSpread(spread(runs.map((run) => options.files / (run.bareMs / 1000)))),
      runs,
    };
    return figures;
  });
}
