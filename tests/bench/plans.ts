// What each benchmark measures in the full run and in the quick one (smaller files, one run,
// under 3 minutes in all), and how its figures become table rows. The quick run fills what it
// measures; a figure it leaves out stays null in latest.json.
import type { BenchName } from './support/args.ts';
import type { Spread } from './support/stats.ts';
import type { Row } from './support/table.ts';
import { benchInvoices } from './invoices.ts';
import { benchMemory } from './memory.ts';
import { benchOverhead } from './overhead.ts';
import { benchPacing } from './pacing.ts';
import { benchPolling, type DurationKey } from './polling.ts';
import { benchStartup } from './startup.ts';
import { benchTty } from './tty.ts';
import { benchTransfer } from './transfer.ts';
import { benchUi } from './ui-bench.ts';

export interface BenchContext {
  runs: number;
  log(line: string): void;
}

export interface BenchOutcome {
  figures: Record<string, unknown>;
  rows: Row[];
}

export type Plan = Record<BenchName, (context: BenchContext) => Promise<BenchOutcome>>;

function meets(value: Spread | null | undefined, test: (median: number) => boolean): boolean | undefined {
  return value ? test(value.median) : undefined;
}

function info(figure: string, spread: Spread | null | undefined, unit: string, reference = ''): Row {
  return { figure, spread: spread ?? null, unit, reference, target: '-', note: 'info' };
}

function transfer(fileMiB: number) {
  return async ({ runs, log }: BenchContext): Promise<BenchOutcome> => {
    const figures = await benchTransfer({ fileMiB, runs, log });
    return {
      figures: { ...figures },
      rows: [
        {
          figure: `transfer ${fileMiB} MiB, engine vs curl`,
          spread: figures.ratio,
          unit: 'x',
          reference: `curl ${figures.curlMiBps?.median ?? '-'} MiB/s, engine ${figures.engineMiBps?.median ?? '-'} MiB/s, server files on ${figures.serverStorage}`,
          target: '>= 0.8x',
          meets: meets(figures.ratio, (median) => median >= 0.8),
        },
        info('  upload phase, engine vs curl', figures.uploadRatio, 'x'),
        info('  download phase, engine vs curl', figures.downloadRatio, 'x'),
        info(
          '  vs curl + fsync of its output',
          figures.ratioVsCurlSynced,
          'x',
          'the engine fsyncs before rename',
        ),
      ],
    };
  };
}

function memory(largeMiB: number) {
  return async ({ runs, log }: BenchContext): Promise<BenchOutcome> => {
    const figures = await benchMemory({ largeMiB, runs, log });
    const size = largeMiB === 1024 ? '1 GiB' : `${largeMiB} MiB`;
    const floor = `ifc --version ${figures.floor?.median ?? '-'} MiB`;
    const sourceFloor = `ifc --version ${figures.source.floor?.median ?? '-'} MiB`;
    return {
      figures: { ...figures },
      rows: [
        {
          figure: `peak RSS, ifc convert ${size} (out/cli/ifc.js)`,
          spread: figures.large,
          unit: 'MiB',
          reference: floor,
          target: '<= 150 MiB',
          meets: meets(figures.large, (median) => median <= 150),
        },
        {
          figure: 'peak RSS, ifc convert 10 MiB (out/cli/ifc.js)',
          spread: figures.small,
          unit: 'MiB',
          reference: floor,
          target: '<= 150 MiB',
          meets: meets(figures.small, (median) => median <= 150),
        },
        {
          figure: `  growth ${largeMiB} MiB over 10 MiB`,
          spread: figures.growth,
          unit: 'MiB',
          reference: 'flat in file size',
          target: '<= 20 MiB',
          meets: meets(figures.growth, (median) => median <= 20),
        },
        info(`  from source (node electron/cli/ifc.ts), ${size}`, figures.source.large, 'MiB', sourceFloor),
        info('  from source, 10 MiB', figures.source.small, 'MiB', sourceFloor),
        info(`  from source, growth ${largeMiB} MiB over 10 MiB`, figures.source.growth, 'MiB'),
      ],
    };
  };
}

/** `minPairs`: the engine and the bare loop alternate at least this many times (noise). */
function overhead(files: number, largeFiles: number, minPairs: number) {
  return async ({ runs, log }: BenchContext): Promise<BenchOutcome> => {
    const figures = await benchOverhead({ files, largeFiles, runs: Math.max(runs, minPairs), log });
    const one = (value: number | null): Spread | null =>
      value === null ? null : { min: value, median: value, max: value, n: 1 };
    return {
      figures: { ...figures },
      rows: [
        {
          figure: `overhead ${files} small files, engine / bare undici CPU (results saved atomically)`,
          spread: figures.cpuRatio,
          unit: 'x',
          reference: `CPU per file: bare ${figures.bareCpuMsPerFile?.median ?? '-'} ms, engine ${figures.engineCpuMsPerFile?.median ?? '-'} ms`,
          target: '<= 1.1x',
          meets: meets(figures.cpuRatio, (median) => median <= 1.1),
        },
        info(
          '  CPU, engine / bare undici writing straight to the final names',
          figures.plainCpuRatio,
          'x',
          `CPU per file: plain bare ${figures.plainCpuMsPerFile?.median ?? '-'} ms`,
        ),
        info(
          '  wall time, engine / bare undici',
          figures.ratio,
          'x',
          `bare ${figures.bareFilesPerSecond?.median ?? '-'} files/s, engine ${figures.engineFilesPerSecond?.median ?? '-'} files/s`,
        ),
        {
          figure: `  engine CPU per file at ${largeFiles} files`,
          spread: one(figures.cpuMsPerFile10k),
          unit: 'ms',
          reference: `${figures.cpuMsPerFile1k ?? '-'} ms at ${files}`,
          target: 'flat (<= 1.1x)',
          meets: figures.cpuPerFileGrowth10k === null ? undefined : figures.cpuPerFileGrowth10k <= 1.1,
        },
        {
          figure: '  journal bytes written per file',
          spread: one(figures.journalBytesPerFile10k),
          unit: 'B',
          reference: `${figures.journalBytesPerFile1k ?? '-'} B at ${files} files`,
          target: 'O(1)',
          meets:
            figures.journalBytesPerFile10k === null || figures.journalBytesPerFile1k === null
              ? undefined
              : figures.journalBytesPerFile10k <= 1.2 * figures.journalBytesPerFile1k,
        },
      ],
    };
  };
}

function polling(durations: number[]) {
  return async ({ runs, log }: BenchContext): Promise<BenchOutcome> => {
    const figures = await benchPolling({ durations, runs, log });
    const rows: Row[] = [];
    for (const seconds of durations) {
      const key = String(seconds) as DurationKey;
      const target = seconds / 2 + 2;
      rows.push({
        figure: `status polls per ${seconds} s job`,
        spread: figures.polls[key] ?? null,
        unit: '',
        reference: `noticed ${figures.noticedAfterSeconds[key]?.median ?? '-'} s after done`,
        target: `<= ${target}`,
        meets: meets(figures.polls[key], (median) => median <= target),
      });
      rows.push({
        figure: `  mean time between polls, ${seconds} s job`,
        spread: figures.meanGapSeconds[key] ?? null,
        unit: 's',
        reference: '',
        target: '>= 2 s',
        meets: meets(figures.meanGapSeconds[key], (median) => median >= 2),
      });
    }
    return { figures: { ...figures }, rows };
  };
}

function ui(jobs: number, windowMs: number) {
  return async ({ runs, log }: BenchContext): Promise<BenchOutcome> => {
    const figures = await benchUi({ jobs, runs, windowMs, log });
    const carried = figures.runs.map((run) => run.jobUpdatesPerSecond);
    return {
      figures: { ...figures },
      rows: [
        {
          figure: `bridge messages/s into the page, ${jobs} jobs`,
          spread: figures.messages,
          unit: '/s',
          reference: `carrying ~${carried.length ? Math.round(carried.reduce((a, b) => a + b) / carried.length) : '-'} job updates/s`,
          target: '<= 10',
          meets: meets(figures.messages, (median) => median <= 10),
        },
        {
          figure: '  job rows in the DOM (max while scrolling)',
          spread: figures.rows,
          unit: '',
          reference: `of ${jobs} in the list`,
          target: '< 100',
          meets: meets(figures.rows, (median) => median < 100),
        },
        {
          figure: '  Convert -> whole list painted',
          spread: figures.paint,
          unit: 'ms',
          reference: 'every file listed, "Checking the file…" until its job is in',
          target: '<= 1000 ms',
          meets: meets(figures.paint, (median) => median <= 1000),
        },
        info(
          '  Convert -> every job in place',
          figures.jobsPaint,
          'ms',
          'main has checked every file and the job rows replaced the "Checking" rows',
        ),
        {
          figure: '  scroll frame p95 (rAF gaps, whole list)',
          spread: figures.frames,
          unit: 'ms',
          reference: '60 Hz frame 16.7 ms',
          target: '<= 20 ms',
          meets: meets(figures.frames, (median) => median <= 20),
        },
        info(
          '  the same scroll, queue paused',
          figures.framesPaused,
          'ms',
          `${jobs} jobs queued, nothing converting: the window without the conversions on the same cores`,
        ),
        info(
          '  the paused scroll beside an idle busy loop',
          figures.framesBesideIdleLoop,
          'ms',
          'one loop at the lowest CPU priority (SCHED_IDLE) on the machine: what any other work costs the frames',
        ),
        info(
          '  memory with every job listed (heaps after a full GC)',
          null,
          '',
          `page heap ${figures.pageHeapMiB ?? '-'} MiB, service heap ${figures.serviceHeapMiB ?? '-'} MiB, bench process RSS ${figures.serviceRssMiB ?? '-'} MiB`,
        ),
      ],
    };
  };
}

function pacing(files: number, windowMs: number) {
  return async ({ runs, log }: BenchContext): Promise<BenchOutcome> => {
    const figures = await benchPacing({ files, windowMs, runs, log });
    return {
      figures: { ...figures },
      rows: [
        {
          figure: `pacing ${files} files, 60 per ${windowMs / 1000} s: 429s per window`,
          spread: figures.tooManyPerWindow,
          unit: '',
          reference: `${figures.tooManyRequestsPer1000 ?? '-'} per 1,000 files`,
          target: '<= 1',
          meets: meets(figures.tooManyPerWindow, (median) => median <= 1),
        },
        {
          figure: '  batch time vs the limit-bound ideal',
          spread: figures.timeRatio,
          unit: 'x',
          reference: 'limit at once, then the server rate',
          target: '<= 1.15x',
          meets: meets(figures.timeRatio, (median) => median <= 1.15),
        },
      ],
    };
  };
}

async function invoices({ runs, log }: BenchContext): Promise<BenchOutcome> {
  const figures = await benchInvoices({ runs, log });
  const accuracy = figures.fieldAccuracy;
  const one = (value: number | null): Spread | null =>
    value === null ? null : { min: value, median: value, max: value, n: 1 };
  return {
    figures: { ...figures },
    rows: [
      {
        figure: `invoice fields right, ${figures.invoices} invoices`,
        spread: one(accuracy === null ? null : accuracy * 100),
        unit: '%',
        reference: `${figures.fieldsChecked} fields checked against the truth set`,
        target: '>= 95%',
        meets: accuracy === null ? undefined : accuracy >= 0.95,
      },
      {
        figure: '  fields wrong without a review flag',
        spread: one(figures.unflaggedWrong),
        unit: '',
        reference: '',
        target: '0',
        meets: figures.unflaggedWrong === null ? undefined : figures.unflaggedWrong === 0,
      },
      info('  invoices/s through reader + SQLite ledger', figures.perSecondSpread, '/s'),
    ],
  };
}

/** `minRuns`: the three processes alternate at least this many times (noise). */
function startup(minRuns: number, appRuns: number) {
  return async ({ runs, log }: BenchContext): Promise<BenchOutcome> => {
    const figures = await benchStartup({ runs: Math.max(runs, minRuns), appRuns, log });
    const one = (value: number | null): Spread | null =>
      value === null ? null : { min: value, median: value, max: value, n: 1 };
    return {
      figures: { ...figures },
      rows: [
        {
          figure: 'ifc --version CPU / node -e 0 CPU',
          spread: one(figures.ifcVersionRatioVsNode),
          unit: 'x',
          reference: `node ${figures.node.cpuMs?.median ?? '-'} ms CPU ${figures.node.wallMs?.median ?? '-'} ms wall; ifc ${figures.ifcVersion.cpuMs?.median ?? '-'} ms CPU ${figures.ifcVersion.wallMs?.median ?? '-'} ms wall`,
          target: '-',
          note: 'info',
        },
        info(
          '  ifc formats --endpoint local CPU / node',
          one(figures.ifcFormatsRatioVsNode),
          'x',
          `ifc formats ${figures.ifcFormats.cpuMs?.median ?? '-'} ms CPU ${figures.ifcFormats.wallMs?.median ?? '-'} ms wall`,
        ),
        info(
          '  ifc --help CPU / node',
          one(figures.ifcHelpRatioVsNode),
          'x',
          `ifc --help ${figures.ifcHelp.cpuMs?.median ?? '-'} ms CPU ${figures.ifcHelp.wallMs?.median ?? '-'} ms wall`,
        ),
        info(
          '  ifc jobs (empty state folder) CPU / node',
          one(figures.ifcJobsRatioVsNode),
          'x',
          `ifc jobs ${figures.ifcJobs.cpuMs?.median ?? '-'} ms CPU ${figures.ifcJobs.wallMs?.median ?? '-'} ms wall`,
        ),
        info(
          '  app service cold start to window ready',
          figures.appReady.ms,
          'ms',
          `${figures.appReady.cpuMs?.median ?? '-'} ms CPU in the service process`,
        ),
      ],
    };
  };
}

function tty(files: number) {
  return async ({ log }: BenchContext): Promise<BenchOutcome> => {
    // One run: 5,000 files take minutes on a loaded machine; the figure is a rate over all of them.
    const figures = await benchTty({ files, runs: 1, log });
    return {
      figures: { ...figures },
      rows: [
        info(
          `ifc convert ${files} files on a TTY: moving part`,
          figures.live,
          'B/s',
          `all output ${figures.bytesPerSecond?.median ?? '-'} B/s, ${figures.redrawsPerSecond?.median ?? '-'} redraws/s, ${figures.bytesPerFile?.median ?? '-'} B per file`,
        ),
      ],
    };
  };
}

export const PLANS: Record<'full' | 'quick', Plan> = {
  full: {
    transfer: transfer(512),
    memory: memory(1024),
    overhead: overhead(1000, 10_000, 5),
    polling: polling([5, 30, 120]),
    pacing: pacing(1000, 6000),
    ui: ui(10_000, 10_000),
    invoices,
    startup: startup(5, 3),
    tty: tty(5000),
  },
  // About 2 minutes on 2 cores: smaller files, fewer small files, no 120 s jobs.
  quick: {
    transfer: transfer(64),
    memory: memory(256),
    overhead: overhead(300, 1000, 1),
    polling: polling([5, 30]),
    pacing: pacing(300, 6000),
    ui: ui(2000, 6_000),
    invoices,
    startup: startup(3, 1),
    tty: tty(500),
  },
};
