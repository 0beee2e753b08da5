// Shared set-up for the watch-folder tests: a local server, an engine on a temp state dir,
// distinct real PDFs (the fixture invoice with a different trailing comment each: PDF readers
// ignore bytes after %%EOF that form a comment), and a writer that delivers a file slowly.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../electron/engine/index.ts';
import { startLocalServer, type LocalServer } from '../../../electron/localserver/index.ts';
import {
  createFolderWatch,
  type FolderWatch,
  type FolderWatchEventName,
  type FolderWatchEvents,
  type FolderWatchOptions,
  parseWatchRule,
  type WatchRuleInput,
} from '../../../electron/engine/watch/index.ts';
import type { SkippingClock } from '../../support/manual-clock.ts';
import { waitFor } from '../../support/wait.ts';

const INVOICE = readFileSync(new URL('../../../../shared/fixtures/invoice.pdf', import.meta.url));

/** The fixture invoice, made distinct by a trailing PDF comment. */
export function invoiceVariant(n: number): Buffer {
  return Buffer.concat([INVOICE, Buffer.from(`\n%ifc-watch-test ${n}\n`)]);
}

/** Writes `bytes` in `chunks` pieces, `gapMs` apart, through one open handle (like a slow copy:
 *  the gaps are the behaviour under test, a writer that pauses, not a wait for time to pass). */
export async function writeSlowly(path: string, bytes: Buffer, chunks: number, gapMs: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    const size = Math.ceil(bytes.length / chunks);
    for (let offset = 0; offset < bytes.length; offset += size) {
      await handle.write(bytes.subarray(offset, offset + size));
      if (offset + size < bytes.length) await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
  } finally {
    await handle.close();
  }
}

export interface World {
  root: string;
  inbox: string;
  out: string;
  stateDir: string;
  server: LocalServer;
  engine: Engine;
  watches: FolderWatch[];
}

export const TEST_TIMING = {
  poll: { firstMs: 60, maxMs: 150, growth: 1.3, jitter: 0 },
  retry: { backoffBaseMs: 20 },
};

export async function makeWorld(tokens = 1_000_000): Promise<World> {
  const root = await mkdtemp(join(tmpdir(), 'ifc-watch-'));
  const inbox = join(root, 'inbox');
  const out = join(root, 'out');
  const stateDir = join(root, 'state');
  await mkdir(inbox);
  await mkdir(out);
  const server = await startLocalServer({ tokens });
  const engine = await openEngine(server, stateDir);
  return { root, inbox, out, stateDir, server, engine, watches: [] };
}

export async function openEngine(server: LocalServer, stateDir: string): Promise<Engine> {
  const made = await createEngine({
    api: { url: server.url, key: server.key },
    stateDir,
    timing: TEST_TIMING,
  });
  if (!made.ok) throw new Error(`engine: ${made.error.code}`);
  return made.value;
}

type RuleShape = Omit<WatchRuleInput, 'id' | 'folder'> & Partial<Pick<WatchRuleInput, 'id' | 'folder'>>;

/** A watch on the world's inbox with short test timings, not started yet. */
export function createWatch(
  world: World,
  rule: RuleShape,
  options: Partial<FolderWatchOptions> = {},
): FolderWatch {
  const parsed = parseWatchRule({ id: 'invoices', folder: world.inbox, ...rule });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const watch = createFolderWatch(world.engine, parsed.value, {
    stateDir: world.stateDir,
    stable: { windowMs: 250, pollMs: 25 },
    balanceRecheckMs: RECHECK_MS,
    retryFailedMs: 200,
    ...options,
  });
  world.watches.push(watch);
  return watch;
}

export async function startWatch(
  world: World,
  rule: RuleShape,
  options: Partial<FolderWatchOptions> = {},
): Promise<FolderWatch> {
  const watch = createWatch(world, rule, options);
  const started = await watch.start();
  if (!started.ok) throw new Error(`watch: ${started.error.code}`);
  return watch;
}

export function record<K extends FolderWatchEventName>(watch: FolderWatch, event: K): FolderWatchEvents[K][] {
  const seen: FolderWatchEvents[K][] = [];
  watch.on(event, (payload) => seen.push(payload));
  return seen;
}

/** Resolves when `predicate` holds (tests/support/wait.ts), naming `what` if it never does. */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  what = 'the condition',
): Promise<void> {
  await waitFor(predicate, what, timeoutMs);
}

/** The watch's balance re-check period, as in production: on a SkippingClock a re-check then
 *  comes only when the test skips to it, never by real time running out under a test. */
export const RECHECK_MS = 30_000;

/**
 * Resolves, once `count` balance re-checks are planned on `clock` (the positive event: that
 * many RECHECK_MS sleeps under way, one per waiting rule), with the wake time of the last. A
 * test then skips to it; only while no file is settling, whose quiet window it would end too.
 */
export function rechecksPlanned(clock: SkippingClock, what: string, count = 1): Promise<number> {
  const planned = () => clock.sleeps.filter((sleep) => sleep.wakeAt - sleep.from === RECHECK_MS);
  return waitFor(
    () => planned().length >= count && Math.max(...planned().map((sleep) => sleep.wakeAt)),
    what,
  );
}

export async function closeWorld(world: World): Promise<void> {
  for (const watch of world.watches) await watch.stop();
  await world.engine.close();
  await world.server.close();
  await rm(world.root, { recursive: true, force: true });
}

export async function writeInvoice(dir: string, name: string, n: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, invoiceVariant(n));
  return path;
}
