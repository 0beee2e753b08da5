// The app as a person runs it, for the UI benchmark: the REAL app service (engine and offline
// server) with its DEFAULT event pacing and engine timings, behind the BUILT window in Debian
// Chromium, wired through the same typed contract as the preload (tests/support/e2e-bridge.ts).
// Unlike the e2e harness, nothing is sped up: the figures are the product's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { type AppService, createAppService } from '../../electron/app-service/service.ts';
import { createMemoryKeyStore } from '../../electron/engine/storage/keychain.ts';
import { headlessPlatform } from '../support/headless-platform.ts';
import { EVENT_NAMES, type EventName } from '../../shared/ipc/contract.ts';
import { type BridgedPage, openBridgedPage } from '../support/e2e-bridge.ts';

export interface UiApp {
  service: AppService;
  bridged: BridgedPage;
  page: Page;
  /** Job updates (JobView entries) carried into the page so far. */
  jobUpdates(): number;
  drop(paths: string[]): Promise<void>;
  close(): Promise<void>;
}

export async function startUiApp(browser: Browser, url: string): Promise<UiApp> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'ifc-bench-ui-app-'));
  const service = await createAppService({
    userDataDir,
    stateDir: join(userDataDir, 'State'),
    version: '0.1.0-bench',
    keyStore: createMemoryKeyStore(),
    env: {},
    platform: headlessPlatform(),
  });
  // "Try it offline": the in-process local server, as the onboarding button sets it.
  const switched = await service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } });
  if (!switched.ok) throw new Error(switched.error.message);
  const bridged = await openBridgedPage(
    browser,
    url,
    service.handlers,
    {},
    // A person's default: the bars and spinners move (the e2e tests turn motion off).
    { viewport: { width: 1000, height: 720 }, reducedMotion: 'no-preference' },
  );
  let updates = 0;
  let delivery = Promise.resolve();
  const unsubscribes = EVENT_NAMES.map((event: EventName) =>
    service.on(event, (payload) => {
      if (event === 'jobs:changed') updates += (payload as { jobs: unknown[] }).jobs.length;
      delivery = delivery.then(() => bridged.emit(event, payload as never)).catch(() => undefined);
    }),
  );
  const { page } = bridged;
  return {
    service,
    bridged,
    page,
    jobUpdates: () => updates,
    async drop(paths) {
      const byName = Object.fromEntries(paths.map((path) => [path.split('/').pop()!, path]));
      await bridged.setDropPaths(byName);
      await page.evaluate((names) => {
        // Page globals, typed here without the DOM library (this file is also checked as Node).
        const page = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          File: new (parts: string[], name: string) => unknown;
          DragEvent: new (type: string, init: Record<string, unknown>) => unknown;
          document: { querySelector(selector: string): { dispatchEvent(event: unknown): boolean } | null };
        };
        const transfer = new page.DataTransfer();
        for (const name of names) transfer.items.add(new page.File([''], name));
        const target = page.document.querySelector('[data-testid="drop-area"]');
        if (!target) throw new Error('no drop area on the page');
        for (const type of ['dragenter', 'dragover', 'drop']) {
          target.dispatchEvent(
            new page.DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
          );
        }
      }, Object.keys(byName));
    },
    async close() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      await page.context().close();
      await delivery;
      await service.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
