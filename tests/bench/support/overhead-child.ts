// One side of the overhead benchmark in a process of its own: the engine or the bare undici
// loop converts the listed files and reports, on its last stdout line, its wall time and the
// CPU time (user + system) this process spent from the engine's start to its close (the bare
// loop: from its first request to its last byte), as the process itself counts it (process.cpuUsage). A process each keeps one side's garbage, JIT and event
// loop out of the other's figures, and the CPU time is what the targets apply to: wall time on
// a machine shared by several people moves with their load, CPU time much less.
//
//   node tests/bench/support/overhead-child.ts '<OverheadChildInput JSON>'
import { readFile } from 'node:fs/promises';
import { bareUndiciLoop } from './bare-loop.ts';
import { runEngineBatch } from './engine-run.ts';

export interface OverheadChildInput {
  /** bare-atomic: the bare loop saving each result as the engine must (bare-loop.ts). */
  side: 'engine' | 'bare' | 'bare-atomic';
  url: string;
  key: string;
  /** A JSON file holding [{ path, name, to }] (10,000 paths are too long for argv). */
  filesJson: string;
  outDir: string;
  concurrency: number;
  waitSeconds: number;
}

export interface OverheadChildReport {
  wallMs: number;
  cpuMs: number;
  userMs: number;
  systemMs: number;
  completed: number;
  /** Engine only: what the journal wrote, its last snapshot at close included. */
  journalBytes?: number;
}

async function main(input: OverheadChildInput): Promise<OverheadChildReport> {
  const files = JSON.parse(await readFile(input.filesJson, 'utf8')) as {
    path: string;
    name: string;
    to: string;
  }[];
  // Modules are loaded and the file list read before the clock starts: the figure is the
  // per-file work, not Node's start-up.
  const cpu0 = process.cpuUsage();
  if (input.side === 'engine') {
    const run = await runEngineBatch({
      api: { url: input.url, key: input.key },
      items: files.map((file) => ({ source: file.path, to: file.to })),
      outDir: input.outDir,
      concurrency: { upload: input.concurrency, poll: input.concurrency, download: input.concurrency },
    });
    const cpu = process.cpuUsage(cpu0);
    return {
      wallMs: run.wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      userMs: cpu.user / 1000,
      systemMs: cpu.system / 1000,
      completed: run.summary.completed.length,
      journalBytes: run.journalBytes,
    };
  }
  const run = await bareUndiciLoop({
    url: input.url,
    key: input.key,
    files,
    outDir: input.outDir,
    concurrency: input.concurrency,
    waitSeconds: input.waitSeconds,
    atomic: input.side === 'bare-atomic',
  });
  const cpu = process.cpuUsage(cpu0);
  return {
    wallMs: run.wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    userMs: cpu.user / 1000,
    systemMs: cpu.system / 1000,
    completed: files.length,
  };
}

const input = JSON.parse(process.argv[2] ?? '{}') as OverheadChildInput;
process.stdout.write(`${JSON.stringify(await main(input))}\n`);
