// Benchmark 5, the window under load: 2,000 files dropped as a folder and started, in the real
// app (default pacing) behind the built window. Measured: time from "Convert" to the first
// frame painted with the whole list in it; then, over a window while the jobs are moving, the
// bridge messages per second into the page (the IPC a real window would receive) and the most
// job rows ever in the DOM (the list must be virtualized).
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchChromium, RENDERER_DIR, serveRenderer } from '../support/e2e-bridge.ts';
import { withTempDir } from './support/files.ts';
import { round, roundSpread, spread } from './support/stats.ts';
import { startUiApp } from './ui-app.ts';

export interface UiRun {
  firstPaintMs: number;
  bridgeMessagesPerSecond: number;
  jobUpdatesPerSecond: number;
  maxDomRows: number;
  eventsByName: Record<string, number>;
  windowSeconds: number;
}

export interface UiFigures {
  bridgeMessagesPerSecond: number | null;
  domRows: number | null;
  firstPaintMs: number | null;
  jobs: number;
  messages: ReturnType<typeof roundSpread>;
  rows: ReturnType<typeof roundSpread>;
  paint: ReturnType<typeof roundSpread>;
  runs: UiRun[];
}

type Marks = { __t0?: number; __listAt?: number; __paintAt?: number };

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
            .waitFor({ timeout: 60_000 });
          await page.getByLabel('Convert all to').selectOption('json');
          // In the page's own clock: the click, the first time the header counts every file
          // with rows on screen, and the frame after that (requestAnimationFrame runs before
          // paint; the timeout after it lands once the frame is out).
          await page.evaluate((wanted) => {
            const marks = globalThis as unknown as PageGlobals;
            const { document } = marks;
            const check = () => {
              if (marks.__listAt !== undefined) return;
              const counts = document.querySelector('[data-testid="batch-counts"]')?.textContent ?? '';
              if (counts.startsWith(`${wanted} files`) && document.querySelector('[data-testid="job-row"]')) {
                marks.__listAt = performance.now();
                marks.requestAnimationFrame(() => setTimeout(() => (marks.__paintAt = performance.now()), 0));
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
            () => (globalThis as unknown as Marks).__paintAt !== undefined,
            undefined,
            {
              timeout: 60_000,
            },
          );
          const firstPaintMs = await page.evaluate(() => {
            const marks = globalThis as unknown as Marks;
            return marks.__paintAt! - marks.__t0!;
          });

          const events0 = app.bridged.counters.events;
          const byName0 = { ...app.bridged.counters.eventsByName };
          const updates0 = app.jobUpdates();
          const started = performance.now();
          let maxDomRows = 0;
          while (performance.now() - started < options.windowMs) {
            maxDomRows = Math.max(maxDomRows, await page.locator('[data-testid="job-row"]').count());
            await page.mouse.wheel(0, 2400); // scroll: the virtual list must stay small while it moves
            await new Promise((resolve) => setTimeout(resolve, 400));
          }
          const seconds = (performance.now() - started) / 1000;
          const eventsByName: Record<string, number> = {};
          for (const [name, total] of Object.entries(app.bridged.counters.eventsByName)) {
            const delta = total - (byName0[name as keyof typeof byName0] ?? 0);
            if (delta > 0) eventsByName[name] = delta;
          }
          const run: UiRun = {
            firstPaintMs: round(firstPaintMs),
            bridgeMessagesPerSecond: round((app.bridged.counters.events - events0) / seconds, 2),
            jobUpdatesPerSecond: round((app.jobUpdates() - updates0) / seconds, 1),
            maxDomRows,
            eventsByName,
            windowSeconds: round(seconds, 1),
          };
          if (run.jobUpdatesPerSecond === 0) throw new Error('no job moved during the measurement window');
          runs.push(run);
          options.log(
            `ui run ${index + 1}/${options.runs}: ${count} jobs, list painted in ${run.firstPaintMs} ms, ` +
              `${run.bridgeMessagesPerSecond} bridge messages/s carrying ${run.jobUpdatesPerSecond} job updates/s, ` +
              `at most ${maxDomRows} rows in the DOM`,
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
    const figures: UiFigures = {
      bridgeMessagesPerSecond: messages ? round(messages.median, 2) : null,
      domRows: rows ? round(rows.median) : null,
      firstPaintMs: paint ? round(paint.median) : null,
      jobs: options.jobs,
      messages: roundSpread(messages, 2),
      rows: roundSpread(rows),
      paint: roundSpread(paint),
      runs,
    };
    return figures;
  });
}
