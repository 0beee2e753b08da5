// Benchmark 3, per-file overhead: many small files with instant conversions (the bin -> dat
// byte copy), concurrency 8, the engine against a bare undici loop making the same requests
// with the same concurrency (support/bare-loop.ts), each in a child process of its own
// (support/overhead-child.ts), alternated run by run (engine first, then bare first, ...),
// against the local server in a third process.
// The reference the target applies to saves each result as the engine must: a temp file,
// fsynced, renamed into place (`bare-atomic`), since a result that a kill or a power cut can
// leave cut or empty under its final name is not the same work. The loop that streams straight
// to the final name runs in the same alternation and its ratio is kept beside it (`...Plain`). The headline ratio is CPU time (user + system,
// from each child's own process.cpuUsage): on a machine shared by several people wall time moves
// with their load (the bare loop alone once took 3.5 s and 8.3 s in one bench), CPU time much
// less. Wall-time ratios are kept beside it. Then the engine alone on 10x the files (10,000 in
// the full run): its CPU per file should be no worse (flat), and the journal's bytes written
// per file should not grow with the batch (O(1) per file).
//
// IFC_BENCH_CPU_PROF=<dir> runs the engine children under `node --cpu-prof` into that folder.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { OverheadChildInput, OverheadChildReport } from './support/overhead-child.ts';
import { withTempDir } from './support/files.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';
import { round, roundSpread, spread } from './support/stats.ts';

const run = promisify(execFile);
const CHILD = join(import.meta.dirname, 'support', 'overhead-child.ts');
const CONCURRENCY = 8;
/** The engine's default ?wait= for small files (electron/engine/index.ts). */
const SYNC_WAIT_SECONDS = 10;

interface PairRun {
  engineMs: number;
  /** The reference: the bare loop saving results atomically. */
  bareMs: number;
  ratio: number;
  engineCpuMs: number;
  bareCpuMs: number;
  cpuRatio: number;
  /** The bare loop streaming straight to the final names. */
  plainMs: number;
  plainCpuMs: number;
  plainCpuRatio: number;
  engineRequests: number;
  bareRequests: number;
  journalBytesPerFile: number;
}

export interface OverheadFigures {
  ratioVsBareUndici: number | null;
  cpuRatioVsBareUndici: number | null;
  /** Against the loop that writes results straight to their final names (no fsync, no rename). */
  cpuRatioVsPlainUndici: number | null;
  cpuMsPerFile1k: number | null;
  cpuMsPerFile10k: number | null;
  /** cpuMsPerFile10k / cpuMsPerFile1k: 1 is flat. */
  cpuPerFileGrowth10k: number | null;
  journalBytesPerFile1k: number | null;
  journalBytesPerFile10k: number | null;
  files: number;
  largeFiles: number;
  concurrency: number;
  ratio: ReturnType<typeof roundSpread>;
  cpuRatio: ReturnType<typeof roundSpread>;
  plainCpuRatio: ReturnType<typeof roundSpread>;
  engineCpuMsPerFile: ReturnType<typeof roundSpread>;
  bareCpuMsPerFile: ReturnType<typeof roundSpread>;
  plainCpuMsPerFile: ReturnType<typeof roundSpread>;
  engineFilesPerSecond: ReturnType<typeof roundSpread>;
  bareFilesPerSecond: ReturnType<typeof roundSpread>;
  large: (OverheadChildReport & { files: number; cpuMsPerFile: number; journalBytesPerFile: number }) | null;
  runs: PairRun[];
}

async function makeFiles(dir: string, count: number): Promise<string> {
  const inputDir = join(dir, `in-${count}`);
  await mkdir(inputDir);
  const files: { path: string; name: string; to: string }[] = [];
  for (let index = 0; index < count; index += 1) {
    const name = `small-${String(index).padStart(5, '0')}.bin`;
    await writeFile(join(inputDir, name), randomBytes(1024 + (index % 7) * 512));
    files.push({ path: join(inputDir, name), name, to: 'dat' });
  }
  const list = join(dir, `files-${count}.json`);
  await writeFile(list, JSON.stringify(files));
  return list;
}

async function child(
  side: OverheadChildInput['side'],
  server: ServerProcess,
  filesJson: string,
  outDir: string,
): Promise<OverheadChildReport & { requests: number }> {
  await mkdir(outDir, { recursive: true });
  await server.resetStats();
  const input: OverheadChildInput = {
    side,
    url: server.url,
    key: server.key,
    filesJson,
    outDir,
    concurrency: CONCURRENCY,
    waitSeconds: SYNC_WAIT_SECONDS,
  };
  const profDir = process.env.IFC_BENCH_CPU_PROF;
  const flags = side === 'engine' && profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const { stdout } = await run(process.execPath, [...flags, CHILD, JSON.stringify(input)], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const report = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as OverheadChildReport;
  const written = (await readdir(outDir)).length;
  await rm(outDir, { recursive: true, force: true });
  if (written !== report.completed)
    throw new Error(`${side} reported ${report.completed} files, wrote ${written}`);
  const requests = Object.values((await server.stats()).requests).reduce((a, b) => a + b, 0);
  return { ...report, requests };
}

export async function benchOverhead(options: {
  files: number;
  largeFiles: number;
  runs: number;
  log(line: string): void;
}) {
  return withTempDir('ifc-bench-overhead-', async (dir) => {
    const small = await makeFiles(dir, options.files);
    const server = await startServerProcess({ benchPassThrough: true, rateLimitPerMinute: 1_000_000 });
    const runs: PairRun[] = [];
    let large: OverheadFigures['large'] = null;
    try {
      for (let index = 0; index < options.runs; index += 1) {
        const engineFirst = index % 2 === 0;
        const order = ['engine', 'bare-atomic', 'bare'] as const;
        const ran = new Map<OverheadChildInput['side'], Awaited<ReturnType<typeof child>>>();
        for (const side of engineFirst ? order : [...order].reverse()) {
          ran.set(side, await child(side, server, small, join(dir, `${side}-out`)));
        }
        const engine = ran.get('engine')!;
        const bare = ran.get('bare-atomic')!;
        const plain = ran.get('bare')!;
        if (engine.completed !== options.files) {
          throw new Error(`engine completed ${engine.completed} of ${options.files}`);
        }
        const pair: PairRun = {
          engineMs: round(engine.wallMs),
          bareMs: round(bare.wallMs),
          ratio: round(engine.wallMs / bare.wallMs, 3),
          engineCpuMs: round(engine.cpuMs),
          bareCpuMs: round(bare.cpuMs),
          cpuRatio: round(engine.cpuMs / bare.cpuMs, 3),
          plainMs: round(plain.wallMs),
          plainCpuMs: round(plain.cpuMs),
          plainCpuRatio: round(engine.cpuMs / plain.cpuMs, 3),
          engineRequests: engine.requests,
          bareRequests: bare.requests,
          journalBytesPerFile: round((engine.journalBytes ?? 0) / options.files),
        };
        runs.push(pair);
        options.log(
          `overhead pair ${index + 1}/${options.runs} (${engineFirst ? 'engine' : 'bare'} first): ${options.files} files, ` +
            `engine ${(engine.wallMs / 1000).toFixed(2)} s wall ${(engine.cpuMs / 1000).toFixed(2)} s CPU (${engine.requests} requests), ` +
            `bare undici (atomic) ${(bare.wallMs / 1000).toFixed(2)} s wall ${(bare.cpuMs / 1000).toFixed(2)} s CPU (${bare.requests}), ` +
            `plain ${(plain.wallMs / 1000).toFixed(2)} s wall ${(plain.cpuMs / 1000).toFixed(2)} s CPU, ` +
            `user/system engine ${Math.round(engine.userMs)}/${Math.round(engine.systemMs)} ms, bare ${Math.round(bare.userMs)}/${Math.round(bare.systemMs)} ms, ` +
            `plain ${Math.round(plain.userMs)}/${Math.round(plain.systemMs)} ms, ` +
            `CPU ratio ${pair.cpuRatio} (plain ${pair.plainCpuRatio}), wall ratio ${pair.ratio}, journal ${pair.journalBytesPerFile} B/file`,
        );
      }
      if (options.largeFiles > 0) {
        const list = await makeFiles(dir, options.largeFiles);
        const report = await child('engine', server, list, join(dir, 'engine-out-large'));
        if (report.completed !== options.largeFiles) {
          throw new Error(`engine completed ${report.completed} of ${options.largeFiles}`);
        }
        large = {
          ...report,
          files: options.largeFiles,
          cpuMsPerFile: round(report.cpuMs / options.largeFiles, 3),
          journalBytesPerFile: round((report.journalBytes ?? 0) / options.largeFiles),
        };
        options.log(
          `overhead engine alone, ${options.largeFiles} files: ${(report.wallMs / 1000).toFixed(1)} s wall, ` +
            `${large.cpuMsPerFile} ms CPU per file, journal ${large.journalBytesPerFile} B/file`,
        );
      }
    } finally {
      await server.stop();
    }
    const ratio = spread(runs.map((pair) => pair.ratio));
    const cpuRatio = spread(runs.map((pair) => pair.cpuRatio));
    const plainCpuRatio = spread(runs.map((pair) => pair.plainCpuRatio));
    const engineCpu = spread(runs.map((pair) => pair.engineCpuMs / options.files));
    const journal = spread(runs.map((pair) => pair.journalBytesPerFile));
    const figures: OverheadFigures = {
      ratioVsBareUndici: ratio ? round(ratio.median, 3) : null,
      cpuRatioVsBareUndici: cpuRatio ? round(cpuRatio.median, 3) : null,
      cpuRatioVsPlainUndici: plainCpuRatio ? round(plainCpuRatio.median, 3) : null,
      cpuMsPerFile1k: engineCpu ? round(engineCpu.median, 3) : null,
      cpuMsPerFile10k: large ? large.cpuMsPerFile : null,
      cpuPerFileGrowth10k: large && engineCpu ? round(large.cpuMsPerFile / engineCpu.median, 3) : null,
      journalBytesPerFile1k: journal ? round(journal.median) : null,
      journalBytesPerFile10k: large ? large.journalBytesPerFile : null,
      files: options.files,
      largeFiles: options.largeFiles,
      concurrency: CONCURRENCY,
      ratio: roundSpread(ratio, 3),
      cpuRatio: roundSpread(cpuRatio, 3),
      plainCpuRatio: roundSpread(plainCpuRatio, 3),
      engineCpuMsPerFile: roundSpread(engineCpu, 3),
      bareCpuMsPerFile: roundSpread(spread(runs.map((pair) => pair.bareCpuMs / options.files)), 3),
      plainCpuMsPerFile: roundSpread(spread(runs.map((pair) => pair.plainCpuMs / options.files)), 3),
      engineFilesPerSecond: roundSpread(spread(runs.map((pair) => options.files / (pair.engineMs / 1000)))),
      bareFilesPerSecond: roundSpread(spread(runs.map((pair) => options.files / (pair.bareMs / 1000)))),
      large,
      runs,
    };
    return figures;
  });
}
