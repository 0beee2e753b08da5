// Benchmark 1, transfer: one big file converted by the bench-only bin -> dat byte copy and
// downloaded, by the engine and by curl doing the same POST + poll + GET, alternately, against
// the local server in its own process. Throughput ratio = curl's wall time / the engine's.
// The server keeps its files in RAM (/dev/shm) when there is room: it writes the upload and the
// result, 1 GiB for a 512 MiB run, and on the same disk that writeback made every fsync the
// CLIENT does wait for it (ext4 commits other files' new blocks with ours). A remote service
// writes to its own disks; what is compared here is the two clients.
// Both poll on the same schedule, with a first poll after 250 ms instead of 2 s: with the
// default one, whether the copy was done by the first poll (2 s) or only by the second
// (4.5 s) decided each run's ratio more than either client did. What the default schedule
// costs is benchmark 4's subject.
import { mkdtemp, open, rm, statfs, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_POLL, type PollTiming } from '../../electron/engine/jobs/poll-schedule.ts';
import { curlConvert } from './support/curl-client.ts';
import { mib, writeDataFile } from './support/data-file.ts';
import { phaseMs, runEngineBatch } from './support/engine-run.ts';
import { sha256File, withTempDir } from './support/files.ts';
import { startServerProcess } from './support/server-process.ts';
import { round, roundSpread, spread } from './support/stats.ts';

const POLL: PollTiming = { ...DEFAULT_POLL, firstMs: 250 };

export interface TransferRun {
  engineMs: number;
  curlMs: number;
  /** curl + an fsync of its output, which the engine does before it renames a result. */
  curlSyncedMs: number;
  engineUploadMs: number;
  curlUploadMs: number;
  engineDownloadMs: number;
  curlDownloadMs: number;
  ratio: number;
}

export interface TransferFigures {
  ratioVsCurl: number | null;
  fileMiB: number;
  /** Where the local server kept its files: 'tmpfs' (/dev/shm) or 'disk' (no room in RAM). */
  serverStorage: 'tmpfs' | 'disk';
  ratio: ReturnType<typeof roundSpread>;
  ratioVsCurlSynced: ReturnType<typeof roundSpread>;
  engineMiBps: ReturnType<typeof roundSpread>;
  curlMiBps: ReturnType<typeof roundSpread>;
  uploadRatio: ReturnType<typeof roundSpread>;
  downloadRatio: ReturnType<typeof roundSpread>;
  runs: TransferRun[];
}

/** A folder in /dev/shm with room for `bytes`, if this machine has one. */
async function ramFolder(bytes: number): Promise<string | undefined> {
  try {
    const fs = await statfs('/dev/shm');
    if (fs.bavail * fs.bsize < bytes) return undefined;
    return await mkdtemp(join('/dev/shm', 'ifc-bench-server-'));
  } catch {
    return undefined;
  }
}

async function fsyncFile(path: string): Promise<number> {
  const started = performance.now();
  const handle = await open(path, 'r+');
  await handle.sync();
  await handle.close();
  return performance.now() - started;
}

export async function benchTransfer(options: { fileMiB: number; runs: number; log(line: string): void }) {
  return withTempDir('ifc-bench-transfer-', async (dir) => {
    const source = join(dir, 'transfer.bin');
    await writeDataFile(source, mib(options.fileMiB));
    const sourceHash = await sha256File(source);
    // Upload and result, plus room to spare.
    const serverDir = await ramFolder(3 * mib(options.fileMiB));
    const server = await startServerProcess({
      benchPassThrough: true,
      maxFileBytes: mib(4096),
      ...(serverDir ? { dataDir: serverDir } : {}),
    });
    options.log(
      `transfer: the local server keeps its files ${serverDir ? `in RAM (${serverDir})` : 'on disk'}`,
    );
    const runs: TransferRun[] = [];
    try {
      for (let index = 0; index < options.runs; index += 1) {
        const engineOut = join(dir, 'engine-out');
        const curlOut = join(dir, 'curl-out.dat');
        const doEngine = async () => {
          const result = await runEngineBatch({
            api: { url: server.url, key: server.key },
            items: [{ source, to: 'dat' }],
            outDir: engineOut,
            timing: { poll: POLL },
          });
          const done = result.summary.completed[0];
          if (!done)
            throw new Error(`engine did not complete the transfer: ${JSON.stringify(result.summary)}`);
          const phases = [...result.phases.values()][0];
          return {
            wallMs: result.wallMs,
            uploadMs: phaseMs(phases, 'uploading', 'processing'),
            downloadMs: phaseMs(phases, 'downloading', 'completed'),
            output: done.output,
          };
        };
        const doCurl = () =>
          curlConvert({
            url: server.url,
            key: server.key,
            file: source,
            fileName: 'transfer.bin',
            to: 'dat',
            output: curlOut,
            poll: POLL,
          });
        // Alternate who goes first, so page-cache warmth and server state favour neither.
        const engineFirst = index % 2 === 0;
        const first = engineFirst ? await doEngine() : await doCurl();
        const firstSync = engineFirst ? 0 : await fsyncFile(curlOut);
        const second = engineFirst ? await doCurl() : await doEngine();
        const secondSync = engineFirst ? await fsyncFile(curlOut) : 0;
        const engine = engineFirst ? first : second;
        const curl = engineFirst ? second : first;
        const syncMs = firstSync + secondSync;
        for (const output of [engine.output, curl.output]) {
          if ((await sha256File(output)) !== sourceHash)
            throw new Error(`transfer output differs from its source: ${output}`);
          await unlink(output);
        }
        const run: TransferRun = {
          engineMs: round(engine.wallMs),
          curlMs: round(curl.wallMs),
          curlSyncedMs: round(curl.wallMs + syncMs),
          engineUploadMs: round(engine.uploadMs),
          curlUploadMs: round(curl.uploadMs),
          engineDownloadMs: round(engine.downloadMs),
          curlDownloadMs: round(curl.downloadMs),
          ratio: round(curl.wallMs / engine.wallMs, 3),
        };
        runs.push(run);
        options.log(
          `transfer run ${index + 1}/${options.runs}: engine ${(engine.wallMs / 1000).toFixed(2)} s, curl ${(curl.wallMs / 1000).toFixed(2)} s, ratio ${run.ratio}`,
        );
      }
    } finally {
      await server.stop();
      if (serverDir) await rm(serverDir, { recursive: true, force: true });
    }
    const mibps = (ms: number) => options.fileMiB / (ms / 1000);
    const ratio = spread(runs.map((run) => run.ratio));
    const figures: TransferFigures = {
      ratioVsCurl: ratio ? round(ratio.median, 3) : null,
      fileMiB: options.fileMiB,
      serverStorage: serverDir ? 'tmpfs' : 'disk',
      ratio: roundSpread(ratio, 3),
      ratioVsCurlSynced: roundSpread(spread(runs.map((run) => run.curlSyncedMs / run.engineMs)), 3),
      engineMiBps: roundSpread(spread(runs.map((run) => mibps(run.engineMs)))),
      curlMiBps: roundSpread(spread(runs.map((run) => mibps(run.curlMs)))),
      uploadRatio: roundSpread(spread(runs.map((run) => run.curlUploadMs / run.engineUploadMs)), 3),
      downloadRatio: roundSpread(spread(runs.map((run) => run.curlDownloadMs / run.engineDownloadMs)), 3),
      runs,
    };
    return figures;
  });
}
