// Benchmark 2, memory: peak RSS of a real `ifc convert` process converting a 1 GiB file and a
// 10 MiB file through the bin -> dat byte copy, against the local server in another process.
// The headline figures are the product itself, the built bundle `out/cli/ifc.js` (built here
// first if it is missing); the same run from source (`node electron/cli/ifc.ts`, which adds
// Node's type stripping to the process) is reported beside them. Flat means the two peaks are close: the file never sits in memory.
// The peak is the kernel's VmHWM, written by the child itself as it exits (rss-probe.mjs) and
// also polled from /proc; the larger of the two counts. Reference: `ifc --version`, the
// process's floor (Node, the CLI, nothing else).
import { execFile, spawn } from 'node:child_process';
import { access, readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { mib, writeDataFile } from './support/data-file.ts';
import { withTempDir } from './support/files.ts';
import { watchPeak } from './support/peak-rss.ts';
import { startServerProcess } from './support/server-process.ts';
import { round, roundSpread, spread } from './support/stats.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** The shipped `ifc` (the package's bin) and the same CLI run from its TypeScript source. */
export const IFC_BUILT = join(ROOT, 'out', 'cli', 'ifc.js');
export const IFC_SOURCE = join(ROOT, 'electron', 'cli', 'ifc.ts');
const PROBE = join(import.meta.dirname, 'support', 'rss-probe.mjs');

/** Builds out/cli/ifc.js when it is not there (a fresh checkout); an existing one is used as is. */
export async function ensureBuiltCli(log: (line: string) => void): Promise<string> {
  const there = await access(IFC_BUILT).then(
    () => true,
    () => false,
  );
  if (!there) {
    log('memory: out/cli/ifc.js missing, building it (vite build --config vite.cli.config.ts)');
    await promisify(execFile)(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        join(ROOT, 'vite.cli.config.ts'),
      ],
      { cwd: ROOT },
    );
  }
  return IFC_BUILT;
}

/** Runs ifc (`entry`: the built bundle or the source) with `args`; resolves with its peak RSS
 *  in MiB, and fails if it did not exit 0. */
export async function ifcPeakRss(
  args: string[],
  env: Record<string, string>,
  dir: string,
  entry = IFC_BUILT,
) {
  const hwmFile = join(dir, `hwm-${process.hrtime.bigint()}.txt`);
  const child = spawn(process.execPath, ['--import', PROBE, entry, ...args], {
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

interface MemoryRun {
  largeMiB: number;
  smallMiB: number;
  floorMiB: number;
}

/** One entry's figures: large and small file peaks, what size added, the process floor. */
export interface EntryFigures {
  large: ReturnType<typeof roundSpread>;
  small: ReturnType<typeof roundSpread>;
  /** large peak minus small peak: what the file's size added. */
  growth: ReturnType<typeof roundSpread>;
  floor: ReturnType<typeof roundSpread>;
  runs: MemoryRun[];
}

/** Headline figures are the built bundle's; `source` is `node electron/cli/ifc.ts`. */
export interface MemoryFigures extends EntryFigures {
  peakRssMiB1GiB: number | null;
  peakRssMiB10MiB: number | null;
  largeMiB: number;
  entry: string;
  source: EntryFigures;
}

function entryFigures(runs: MemoryRun[]): EntryFigures {
  return {
    large: roundSpread(spread(runs.map((run) => run.largeMiB))),
    small: roundSpread(spread(runs.map((run) => run.smallMiB))),
    growth: roundSpread(spread(runs.map((run) => run.largeMiB - run.smallMiB))),
    floor: roundSpread(spread(runs.map((run) => run.floorMiB))),
    runs,
  };
}

export async function benchMemory(options: { largeMiB: number; runs: number; log(line: string): void }) {
  const built = await ensureBuiltCli(options.log);
  return withTempDir('ifc-bench-memory-', async (dir) => {
    const large = join(dir, 'large.bin');
    const small = join(dir, 'small.bin');
    await writeDataFile(large, mib(options.largeMiB));
    await writeDataFile(small, mib(10));
    const server = await startServerProcess({ benchPassThrough: true, maxFileBytes: mib(4096) });
    const byEntry: Record<'built' | 'source', MemoryRun[]> = { built: [], source: [] };
    let states = 0;
    try {
      for (let index = 0; index < options.runs; index += 1) {
        for (const [label, entry] of [
          ['built', built],
          ['source', IFC_SOURCE],
        ] as const) {
          const convert = async (file: string) => {
            const out = join(dir, 'out');
            const env = {
              IFC_API_KEY: server.key,
              IFC_API_URL: server.url,
              IFC_STATE_DIR: join(dir, `state-${states++}`),
            };
            const args = [
              'convert',
              file,
              '--to',
              'dat',
              '--out',
              out,
              '--on-conflict',
              'overwrite',
              '--json',
            ];
            const { peakMiB } = await ifcPeakRss(args, env, dir, entry);
            await rm(out, { recursive: true, force: true });
            return peakMiB;
          };
          const floor = (await ifcPeakRss(['--version'], {}, dir, entry)).peakMiB;
          const smallMiB = await convert(small);
          const largeMiB = await convert(large);
          byEntry[label].push({
            largeMiB: round(largeMiB),
            smallMiB: round(smallMiB),
            floorMiB: round(floor),
          });
          options.log(
            `memory run ${index + 1}/${options.runs} (${label}): ${options.largeMiB} MiB file ${largeMiB.toFixed(1)} MiB peak, 10 MiB file ${smallMiB.toFixed(1)} MiB, ifc --version ${floor.toFixed(1)} MiB`,
          );
        }
      }
    } finally {
      await server.stop();
    }
    const headline = entryFigures(byEntry.built);
    const figures: MemoryFigures = {
      ...headline,
      peakRssMiB1GiB: options.largeMiB === 1024 && headline.large ? round(headline.large.median) : null,
      peakRssMiB10MiB: headline.small ? round(headline.small.median) : null,
      largeMiB: options.largeMiB,
      entry: 'out/cli/ifc.js',
      source: entryFigures(byEntry.source),
    };
    return figures;
  });
}
