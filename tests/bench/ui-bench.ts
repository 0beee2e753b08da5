// Benchmark 5, the window under load: 10,000 files (2,000 in the quick run) dropped as a folder
// and started, in the real app (default pacing) behind the built window. Measured: time from
// "Convert" to the first frame painted with the whole list in it (a row for every file, shown
// as "Checking the file…" while main checks them: rows first), and to the frame with main's
// jobs in their place; then, over a window while the
// jobs are moving, the bridge messages per second into the page (the IPC a real window would
// receive), Chromium's frame times (requestAnimationFrame gaps) while the whole list is
// scrolled top to bottom, the most job rows ever in the DOM (the list must be virtualized), and
// the memory of the page and of the service with every job in it. Last, the same scroll with
// the queue paused: the window's own frame times, without the conversions' CPU on the same
// cores (on this 2-core machine Chromium paints in software, so the two figures differ), and
// that paused scroll again beside a busy loop at idle CPU priority.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { launchChromium, RENDERER_DIR, serveRenderer } from '../support/e2e-bridge.ts';
import { waitFor } from '../support/wait.ts';
import { IN_FLIGHT_STATES } from '../../shared/jobs.ts';
import { withTempDir } from './support/files.ts';
import { round, roundSpread, spread } from './support/stats.ts';
import { startUiApp } from './ui-app.ts';

export interface UiRun {
  firstPaintMs: number;
  /** Convert -> the first frame with main's job rows in place of every "Checking" row. */
  jobsPaintMs: number;
  bridgeMessagesPerSecond: number;
  jobUpdatesPerSecond: number;
  maxDomRows: number;
  scrollFrameP95Ms: number;
  /** The same scroll with the queue paused and no job in flight: the window's own cost,
   *  without the conversions' CPU on the same cores. */
  scrollFrameP95PausedMs: number;
  /** The paused scroll again beside one busy loop at the lowest CPU priority there is (Linux's
   *  SCHED_IDLE: it runs only when nothing else wants the core): what any other work on the
   *  machine costs the window's frames. Null where `chrt` is missing (not Linux). */
  scrollFrameP95PausedBesideIdleLoopMs: number | null;
  scrollFrames: number;
  scrolledPx: number;
  /** Chromium's JS heap of the page (Performance.getMetrics) with every job in it, after a
   *  full garbage collection. */
  pageHeapMiB: number;
  /** The heap of the bench process, which runs the app service (engine, offline server) and
   *  Playwright, after a full garbage collection. */
  serviceHeapMiB: number;
  serviceRssMiB: number;
  eventsByName: Record<string, number>;
  windowSeconds: number;
}

export interface UiFigures {
  bridgeMessagesPerSecond: number | null;
  domRows: number | null;
  firstPaintMs: number | null;
  jobsPaintMs: number | null;
  scrollFrameP95Ms: number | null;
  scrollFrameP95PausedMs: number | null;
  scrollFrameP95PausedBesideIdleLoopMs: number | null;
  pageHeapMiB: number | null;
  serviceHeapMiB: number | null;
  serviceRssMiB: number | null;
  jobs: number;
  messages: ReturnType<typeof roundSpread>;
  rows: ReturnType<typeof roundSpread>;
  paint: ReturnType<typeof roundSpread>;
  jobsPaint: ReturnType<typeof roundSpread>;
  frames: ReturnType<typeof roundSpread>;
  framesPaused: ReturnType<typeof roundSpread>;
  framesBesideIdleLoop: ReturnType<typeof roundSpread>;
  runs: UiRun[];
}

type Marks = {
  __t0?: number;
  __listAt?: number;
  __paintAt?: number;
  __jobsAt?: number;
  __jobsPaintAt?: number;
};

/** The few page globals the timing callback uses, typed without the DOM library (this file is
 *  also checked as plain Node code). */
interface PageGlobals extends Marks {
  document: {
    body: unknown;
    querySelector(selector: string): { textContent: string | null; click(): void } | null;
  };
  MutationObserver: new (
    callback: () => void,
  ) => { observe(target: unknown, options: Record<string, boolean>): void };
  requestAnimationFrame(callback: () => void): number;
}

/** Pixels scrolled per frame: about one screen of the list, so 10,000 rows take seconds. */
const SCROLL_STEP_PX = 600;

/** Runs in the page: scrolls the job list from top to bottom, one step per animation frame,
 *  and returns the gaps between frames (ms), the most job rows seen in the DOM, and how far it
 *  went. Self-contained (Playwright sends its source to the page). */
function scrollWholeList(step: number): Promise<{ deltas: number[]; maxRows: number; scrolledPx: number }> {
  const page = globalThis as unknown as {
    document: {
      querySelector(selector: string): {
        scrollTop: number;
        scrollHeight: number;
        clientHeight: number;
      } | null;
      querySelectorAll(selector: string): { length: number };
    };
    requestAnimationFrame(callback: (time: number) => void): number;
  };
  const scroller = page.document.querySelector('[data-testid="queue-scroll"]');
  if (!scroller) throw new Error('no job list on the page');
  scroller.scrollTop = 0;
  const deltas: number[] = [];
  let maxRows = 0;
  let last: number | undefined;
  return new Promise((resolve) => {
    const frame = (time: number) => {
      if (last !== undefined) deltas.push(time - last);
      last = time;
      maxRows = Math.max(maxRows, page.document.querySelectorAll('[data-testid="job-row"]').length);
      const bottom = scroller.scrollHeight - scroller.clientHeight;
      // (A cap on frames: rows finishing underneath can grow the list while it scrolls.)
      if (scroller.scrollTop >= bottom - 1 || deltas.length > 20_000) {
        resolve({ deltas, maxRows, scrolledPx: scroller.scrollTop });
        return;
      }
      scroller.scrollTop = Math.min(bottom, scroller.scrollTop + step);
      page.requestAnimationFrame(frame);
    };
    page.requestAnimationFrame(frame);
  });
}

/** Runs `work` while one shell busy loop runs under `chrt --idle 0` (SCHED_IDLE), then stops
 *  the loop; undefined without `chrt`, or when the loop did not last the whole work (a figure
 *  beside no load would pass for one beside it). */
async function besideIdleBusyLoop<T>(work: () => Promise<T>): Promise<T | undefined> {
  if (process.platform !== 'linux') return undefined;
  const loop = spawn('chrt', ['--idle', '0', 'sh', '-c', 'while :; do :; done'], { stdio: 'ignore' });
  const started = await new Promise<boolean>((resolve) => {
    loop.once('spawn', () => resolve(true));
    loop.once('error', () => resolve(false));
  });
  if (!started) return undefined;
  try {
    const result = await work();
    return loop.exitCode === null && loop.signalCode === null ? result : undefined;
  } finally {
    loop.kill('SIGKILL');
  }
}

/** This process's heap after a full garbage collection: what the service holds, not what it
 *  has not yet collected (at 10,000 jobs, heapUsed read at a random moment was 188-196 MiB
 *  against 88-98 MiB after a GC). V8's gc() is exposed for this one call. */
function retainedHeapBytes(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  return process.memoryUsage().heapUsed;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

async function pageHeapBytes(page: import('playwright').Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('Performance.enable');
    // What the page holds, not what it has not yet collected.
    await session.send('HeapProfiler.collectGarbage');
    const { metrics } = await session.send('Performance.getMetrics');
    return metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  } finally {
    await session.detach();
  }
}

export async function benchUi(options: {
  jobs: number;
  runs: number;
  windowMs: number;
  log(line: string): void;
}) {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`the built window is missing (${RENDERER_DIR}): run \`npm run build\` first`);
  }
  const count = options.jobs.toLocaleString('en');
  return withTempDir('ifc-bench-ui-', async (dir) => {
    const site = await serveRenderer();
    const browser = await launchChromium();
    const runs: UiRun[] = [];
    try {
      for (let index = 0; index < options.runs; index += 1) {
        // A fresh folder each run: results are saved next to their sources, and a second drop of
        // the same folder would count them as new inputs.
        const folder = join(dir, `Dropped folder ${index + 1}`);
        await mkdir(folder);
        for (let file = 0; file < options.jobs; file += 1) {
          await writeFile(
            join(folder, `sheet-${String(file).padStart(5, '0')}.csv`),
            `id,value\n${file},${file * 3}\n`,
          );
        }
        const app = await startUiApp(browser, site.url);
        try {
          const { page } = app;
          await page
            .getByRole('heading', { name: 'Drop files or folders here' })
            .waitFor({ timeout: 30_000 });
          await app.drop([folder]);
          await page
            .getByRole('heading', { name: `Ready to convert: ${count} files` })
            .waitFor({ timeout: 180_000 });
          await page.getByLabel('Convert all to').selectOption('json');
          // In the page's own clock: the click; the first time the header counts every file
          // with rows on screen ("Checking" rows count: they are the list a person sees); the
          // first time it counts them all as jobs (nothing left "being checked") with job rows
          // on screen; and the frame after each (requestAnimationFrame runs before paint; the
          // timeout after it lands once the frame is out).
          await page.evaluate((wanted) => {
            const marks = globalThis as unknown as PageGlobals;
            const { document } = marks;
            const painted = (set: (at: number) => void) =>
              marks.requestAnimationFrame(() => setTimeout(() => set(performance.now()), 0));
            const check = () => {
              const counts = document.querySelector('[data-testid="batch-counts"]')?.textContent ?? '';
              if (!counts.startsWith(`${wanted} files`)) return;
              const jobRow = document.querySelector('[data-testid="job-row"]');
              if (
                marks.__listAt === undefined &&
                (jobRow || document.querySelector('[data-testid="starting-row"]'))
              ) {
                marks.__listAt = performance.now();
                painted((at) => (marks.__paintAt = at));
              }
              if (marks.__jobsAt === undefined && jobRow && !counts.includes('being checked')) {
                marks.__jobsAt = performance.now();
                painted((at) => (marks.__jobsPaintAt = at));
              }
            };
            new marks.MutationObserver(check).observe(document.body, {
              subtree: true,
              childList: true,
              characterData: true,
            });
            marks.__t0 = performance.now();
            document.querySelector('[data-testid="start"]')?.click();
          }, count);
          await page.waitForFunction(
            () => (globalThis as unknown as Marks).__jobsPaintAt !== undefined,
            undefined,
            {
              timeout: 60_000,
            },
          );
          const { firstPaintMs, jobsPaintMs } = await page.evaluate(() => {
            const marks = globalThis as unknown as Marks;
            return {
              firstPaintMs: marks.__paintAt! - marks.__t0!,
              jobsPaintMs: marks.__jobsPaintAt! - marks.__t0!,
            };
          });

          const events0 = app.bridged.counters.events;
          const byName0 = { ...app.bridged.counters.eventsByName };
          const updates0 = app.jobUpdates();
          const started = performance.now();
          // Chromium's own frame timing while the whole list is scrolled, top to bottom, one
          // step per frame, with the jobs moving underneath: the gaps between
          // requestAnimationFrame callbacks are the frame times a person sees, and the job rows
          // in the DOM are counted on every frame.
          const scroll = await page.evaluate(scrollWholeList, SCROLL_STEP_PX);
          // The rest of the window, if the scroll was shorter: messages keep being counted.
          while (performance.now() - started < options.windowMs) {
            await page.mouse.wheel(0, -2400);
            await new Promise((resolve) => setTimeout(resolve, 400));
          }
          const maxDomRows = scroll.maxRows;
          const seconds = (performance.now() - started) / 1000;
          const eventsByName: Record<string, number> = {};
          for (const [name, total] of Object.entries(app.bridged.counters.eventsByName)) {
            const delta = total - (byName0[name as keyof typeof byName0] ?? 0);
            if (delta > 0) eventsByName[name] = delta;
          }
          // Counted before the scrolls below, which are not part of the window.
          const messages = app.bridged.counters.events - events0;
          const moved = app.jobUpdates() - updates0;
          // The same scroll once more with the queue paused (Pause all) and the jobs in flight
          // finished: the same list and window with nothing converting on the two cores.
          const paused = await app.service.handlers['queue:pause']({});
          if (!paused.ok) throw new Error(paused.error.message);
          await waitFor(async () => {
            const snapshot = await app.service.handlers['app:snapshot']({});
            if (!snapshot.ok) throw new Error(snapshot.error.message);
            return !snapshot.value.jobs.some((job) => IN_FLIGHT_STATES.has(job.state));
          }, 'the jobs in flight to finish');
          const still = await page.evaluate(scrollWholeList, SCROLL_STEP_PX);
          const besideIdleLoop = await besideIdleBusyLoop(() =>
            page.evaluate(scrollWholeList, SCROLL_STEP_PX),
          );
          const run: UiRun = {
            firstPaintMs: round(firstPaintMs),
            jobsPaintMs: round(jobsPaintMs),
            bridgeMessagesPerSecond: round(messages / seconds, 2),
            jobUpdatesPerSecond: round(moved / seconds, 1),
            maxDomRows,
            scrollFrameP95Ms: round(percentile(scroll.deltas, 0.95)),
            scrollFrameP95PausedMs: round(percentile(still.deltas, 0.95)),
            scrollFrameP95PausedBesideIdleLoopMs: besideIdleLoop
              ? round(percentile(besideIdleLoop.deltas, 0.95))
              : null,
            scrollFrames: scroll.deltas.length,
            scrolledPx: scroll.scrolledPx,
            pageHeapMiB: round((await pageHeapBytes(page)) / 2 ** 20),
            serviceHeapMiB: round(retainedHeapBytes() / 2 ** 20),
            serviceRssMiB: round(process.memoryUsage().rss / 2 ** 20),
            eventsByName,
            windowSeconds: round(seconds, 1),
          };
          if (run.jobUpdatesPerSecond === 0) throw new Error('no job moved during the measurement window');
          runs.push(run);
          options.log(
            `ui run ${index + 1}/${options.runs}: ${count} jobs, list painted in ${run.firstPaintMs} ms (jobs in place in ${run.jobsPaintMs} ms), ` +
              `${run.bridgeMessagesPerSecond} bridge messages/s carrying ${run.jobUpdatesPerSecond} job updates/s, ` +
              `at most ${maxDomRows} rows in the DOM, scroll frame p95 ${run.scrollFrameP95Ms} ms over ${run.scrollFrames} frames ` +
              `(${run.scrollFrameP95PausedMs} ms with the queue paused, ` +
              `${run.scrollFrameP95PausedBesideIdleLoopMs ?? '-'} ms so beside an idle-priority busy loop) ` +
              `(${run.scrolledPx} px), page heap ${run.pageHeapMiB} MiB, service heap ${run.serviceHeapMiB} MiB rss ${run.serviceRssMiB} MiB`,
          );
        } finally {
          await app.close();
        }
      }
    } finally {
      await browser.close();
      await site.close();
    }
    const messages = spread(runs.map((run) => run.bridgeMessagesPerSecond));
    const rows = spread(runs.map((run) => run.maxDomRows));
    const paint = spread(runs.map((run) => run.firstPaintMs));
    const jobsPaint = spread(runs.map((run) => run.jobsPaintMs));
    const frames = spread(runs.map((run) => run.scrollFrameP95Ms));
    const framesPaused = spread(runs.map((run) => run.scrollFrameP95PausedMs));
    const framesBesideIdleLoop = spread(
      runs.flatMap((run) =>
        run.scrollFrameP95PausedBesideIdleLoopMs === null ? [] : [run.scrollFrameP95PausedBesideIdleLoopMs],
      ),
    );
    const medianOf = (pick: (run: UiRun) => number) => {
      const value = spread(runs.map(pick));
      return value ? round(value.median) : null;
    };
    const figures: UiFigures = {
      bridgeMessagesPerSecond: messages ? round(messages.median, 2) : null,
      domRows: rows ? round(rows.median) : null,
      firstPaintMs: paint ? round(paint.median) : null,
      jobsPaintMs: jobsPaint ? round(jobsPaint.median) : null,
      scrollFrameP95Ms: frames ? round(frames.median) : null,
      scrollFrameP95PausedMs: framesPaused ? round(framesPaused.median) : null,
      scrollFrameP95PausedBesideIdleLoopMs: framesBesideIdleLoop ? round(framesBesideIdleLoop.median) : null,
      pageHeapMiB: medianOf((run) => run.pageHeapMiB),
      serviceHeapMiB: medianOf((run) => run.serviceHeapMiB),
      serviceRssMiB: medianOf((run) => run.serviceRssMiB),
      jobs: options.jobs,
      messages: roundSpread(messages, 2),
      rows: roundSpread(rows),
      paint: roundSpread(paint),
      jobsPaint: roundSpread(jobsPaint),
      frames: roundSpread(frames),
      framesPaused: roundSpread(framesPaused),
      framesBesideIdleLoop: roundSpread(framesBesideIdleLoop),
      runs,
    };
    return figures;
  });
}
