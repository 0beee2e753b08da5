// Benchmark 2, memory: peak RSS of a real `ifc convert` process (node electron/cli/ifc.ts)
// converting a 1 GiB file and a 10 MiB file through the bin -> dat byte copy, against the local
// server in another process. Flat means the two peaks are close: the file never sits in memory.
// The peak is the kernel's VmHWM, written by the child itself as it exits (rss-probe.ts) and
// also polled from /proc; the larger of the two counts. Reference: `ifc --version`, the
// process's floor (Node, the CLI, nothing else).
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { mib, writeDataFile } from './support/data-file.ts';
import { withTempDir } from './support/files.ts';
import { watchPeak } from './support/peak-rss.ts';
import { startServerProcess } from './support/server-process.ts';
import { round, roundSpread, spread } from './support/stats.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const IFC = join(ROOT, 'electron', 'cli', 'ifc.ts');
const PROBE = join(import.meta.dirname, 'support', 'rss-probe.ts');

/** Runs ifc with `args`; resolves with its exit code and peak RSS in MiB. */
export async function ifcPeakRss(args: string[], env: Record<string, string>, dir: string) {
  const hwmFile = join(dir, `hwm-${process.hrtime.bigint()}.txt`);
  const child = spawn(process.execPath, ['--import', PROBE, IFC, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, IFC_BENCH_HWM_FILE: hwmFile },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const watch = watchPeak(child.pid ?? 0);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  watch.stop();
  const reported = Number((await readFile(hwmFile, 'utf8').catch(() => '')).trim());
  const peak = Math.max(watch.peak(), Number.isFinite(reported) ? reported : 0);
  if (code !== 0) throw new Error(`ifc ${args[0]} exited ${code}: ${stderr.trim()}`);
  return { peakMiB: peak / mib(1) };
}

export interface MemoryFigures {
  peakRssMiB1GiB: number | null;
  peakRssMiB10MiB: number | null;
  largeMiB: number;
  large: ReturnType<typeof roundSpread>;
  small: ReturnType<typeof roundSpread>;
  /** large peak minus small peak: what the file's size added. */
  growth: ReturnType<typeof roundSpread>;
  floor: ReturnType<typeof roundSpread>;
  runs: { largeMiB: number; smallMiB: number; floorMiB: number }[];
}

export async function benchMemory(options: { largeMiB: number; runs: number; log(line: string): void }) {
  return withTempDir('ifc-bench-memory-', async (dir) => {
    const large = join(dir, 'large.bin');
    const small = join(dir, 'small.bin');
    await writeDataFile(large, mib(options.largeMiB));
    await writeDataFile(small, mib(10));
    const server = await startServerProcess({ benchPassThrough: true, maxFileBytes: mib(4096) });
    const runs: MemoryFigures['runs'] = [];
    try {
      for (let index = 0; index < options.runs; index += 1) {
        const convert = async (file: string) => {
          const out = join(dir, 'out');
          const env = {
            IFC_API_KEY: server.key,
            IFC_API_URL: server.url,
            IFC_STATE_DIR: join(dir, `state-${index}-${runs.length}`),
          };
          const args = ['convert', file, '--to', 'dat', '--out', out, '--on-conflict', 'overwrite', '--json'];
          const { peakMiB } = await ifcPeakRss(args, env, dir);
          await rm(out, { recursive: true, force: true });
          return peakMiB;
        };
        const floor = (await ifcPeakRss(['--version'], {}, dir)).peakMiB;
        const smallMiB = await convert(small);
        const largeMiB = await convert(large);
        runs.push({ largeMiB: round(largeMiB), smallMiB: round(smallMiB), floorMiB: round(floor) });
        options.log(
          `memory run ${index + 1}/${options.runs}: ${options.largeMiB} MiB file ${largeMiB.toFixed(1)} MiB peak, 10 MiB file ${smallMiB.toFixed(1)} MiB, ifc --version ${floor.toFixed(1)} MiB`,
        );
      }
    } finally {
      await server.stop();
    }
    const largeSpread = spread(runs.map((run) => run.largeMiB));
    const smallSpread = spread(runs.map((run) => run.smallMiB));
    const figures: MemoryFigures = {
      peakRssMiB1GiB: options.largeMiB === 1024 && largeSpread ? round(largeSpread.median) : null,
      peakRssMiB10MiB: smallSpread ? round(smallSpread.median) : null,
      largeMiB: options.largeMiB,
      large: roundSpread(largeSpread),
      small: roundSpread(smallSpread),
      growth: roundSpread(spread(runs.map((run) => run.largeMiB - run.smallMiB))),
      floor: roundSpread(spread(runs.map((run) => run.floorMiB))),
      runs,
    };
    return figures;
  });
}
