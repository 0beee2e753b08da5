// bench-results/latest.json (git-ignored) plus a dated copy, so a run can be compared with the
// last one. The shape is the issue's: each headline figure is the median; `runs` and the
// spreads keep everything else. A figure a run did not measure is null, never a guess.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MachineReport, VersionReport } from './machine.ts';

export interface BenchResults {
  schema: 1;
  mode: 'full' | 'quick';
  startedAt: string;
  finishedAt: string;
  machine: MachineReport;
  versions: VersionReport;
  transfer: Record<string, unknown> & { ratioVsCurl: number | null };
  memory: Record<string, unknown> & { peakRssMiB1GiB: number | null; peakRssMiB10MiB: number | null };
  overhead: Record<string, unknown> & {
    ratioVsBareUndici: number | null;
    cpuRatioVsBareUndici: number | null;
    cpuMsPerFile1k: number | null;
    cpuMsPerFile10k: number | null;
  };
  polling: Record<string, unknown> & { pollsPerJob: Record<'5' | '30' | '120', number | null> };
  pacing: Record<string, unknown> & {
    tooManyRequestsPer1000: number | null;
    timeRatioVsIdeal: number | null;
  };
  ui: Record<string, unknown> & {
    bridgeMessagesPerSecond: number | null;
    domRows: number | null;
    firstPaintMs: number | null;
    jobs: number | null;
    scrollFrameP95Ms: number | null;
  };
  invoices: Record<string, unknown> & {
    fieldAccuracy: number | null;
    unflaggedWrong: number | null;
    perSecond: number | null;
  };
  startup: Record<string, unknown> & {
    ifcVersionRatioVsNode: number | null;
    appServiceReadyMs: number | null;
  };
  tty: Record<string, unknown> & { liveBytesPerSecond: number | null };
  errors: { bench: string; message: string }[];
}

export async function writeResults(outDir: string, results: BenchResults): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const text = `${JSON.stringify(results, null, 2)}\n`;
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  await writeFile(join(outDir, `${results.mode}-${stamp}.json`), text);
  // Written under a temp name, then renamed: a reader never sees half a file.
  const latest = join(outDir, 'latest.json');
  await writeFile(`${latest}.tmp`, text);
  await rename(`${latest}.tmp`, latest);
  return latest;
}
