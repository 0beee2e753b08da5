// The app service's cold start, in a fresh process: Chromium is launched and the built window
// served first (they are Electron's own start-up, not ours); then the clock starts, the app
// service's modules are loaded for the first time, the service is created, the window loads
// and talks to it, and the clock stops when the window shows its first screen (the drop area).
// Reports { readyMs, cpuMs } on stdout, CPU time from this process's own process.cpuUsage.
import { launchChromium, serveRenderer } from '../../support/e2e-bridge.ts';

const site = await serveRenderer();
const browser = await launchChromium();
const started = performance.now();
const cpu0 = process.cpuUsage();
const { startUiApp } = await import('../ui-app.ts');
const app = await startUiApp(browser, site.url);
await app.page.getByRole('heading', { name: 'Drop files or folders here' }).waitFor({ timeout: 120_000 });
const readyMs = performance.now() - started;
const cpu = process.cpuUsage(cpu0);
await app.close();
await browser.close();
await site.close();
process.stdout.write(`${JSON.stringify({ readyMs, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
