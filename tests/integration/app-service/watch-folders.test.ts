// Settings -> Watch folders behind the window: rules added through the same handlers the page
// calls (the folder from main's picker), files dropped into a watched folder converted by the
// real engine and local server, shown in the queue and the history, summed up for the tray,
// and a rule that runs out of tokens told once.
import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppService, createAppService } from '../../../electron/app-service/service.ts';
import { TOKENS_NOTICE_TITLE } from '../../../electron/app-service/watch-folders.ts';
import { createMemoryKeyStore } from '../../../electron/engine/storage/keychain.ts';
import { WATCH_RULES_FILE } from '../../../electron/engine/watch/index.ts';
import { type LocalServer, startLocalServer } from '../../../electron/localserver/index.ts';
import {
  type ChannelInput,
  type ChannelOutput,
  EVENT_NAMES,
  type EventName,
  type EventPayloads,
  type InvokeChannel,
} from '../../../shared/ipc/contract.ts';
import { dispatchInvoke } from '../../../shared/ipc/dispatch.ts';
import type { JobView } from '../../../shared/jobs.ts';
import { messageFor } from '../../../shared/messages.ts';
import type { WatchFolderEntry } from '../../../shared/watch.ts';
import { invoiceVariant, RECHECK_MS, rechecksPlanned } from '../watch/helpers.ts';
import { SkippingClock } from '../../support/manual-clock.ts';
import { tempDir, waitFor } from './app-service-harness.ts';
import { FAST_ENGINE_TIMING } from '../../support/wait.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const COST = 4; // a one-page PDF to XLSX: (1 + 1 MB) x 2

interface Desk {
  service: AppService;
  /** What the next folder picker returns. */
  pick(folder: string | undefined): void;
  picked: ('output' | 'watch' | undefined)[];
  notices: { title: string; body: string }[];
  trashed: string[];
  events: { name: EventName; payload: unknown }[];
  /** Every job as the window last heard of it through 'jobs:changed'. */
  jobs(): Map<string, JobView>;
  watchLists(): WatchFolderEntry[][];
}

/** `clock`: the watch folders' clock (default: the system's); a test skips its re-checks. */
async function startDesk(
  userDataDir: string,
  env: NodeJS.ProcessEnv = {},
  clock?: SkippingClock,
): Promise<Desk> {
  let next: string | undefined;
  const picked: Desk['picked'] = [];
  const notices: Desk['notices'] = [];
  const trashed: string[] = [];
  const events: Desk['events'] = [];
  const service = await createAppService({
    userDataDir,
    stateDir: join(userDataDir, 'State'),
    version: '0.0.0-test',
    keyStore: createMemoryKeyStore(),
    env,
    eventIntervalMs: 40,
    noticeWindowMs: 50,
    engineTiming: FAST_ENGINE_TIMING,
    watchTiming: {
      stable: { windowMs: 200, pollMs: 25 },
      balanceRecheckMs: RECHECK_MS,
      retryFailedMs: 200,
      ...(clock ? { clock } : {}),
    },
    platform: {
      chooseFiles: async () => undefined,
      chooseFolder: async (purpose) => {
        picked.push(purpose);
        return next;
      },
      showInFolder: () => undefined,
      openPath: async () => '',
      notify: (title, body) => void notices.push({ title, body }),
      async trashItem(path) {
        trashed.push(path);
        await rename(path, `${userDataDir}-trashed-${trashed.length}`);
      },
    },
  });
  for (const name of EVENT_NAMES) {
    service.on(name, (payload: EventPayloads[typeof name]) => void events.push({ name, payload }));
  }
  return {
    service,
    pick: (folder) => {
      next = folder;
    },
    picked,
    notices,
    trashed,
    events,
    jobs() {
      const seen = new Map<string, JobView>();
      for (const event of events) {
        if (event.name !== 'jobs:changed') continue;
        for (const job of (event.payload as EventPayloads['jobs:changed']).jobs) seen.set(job.id, job);
      }
      return seen;
    },
    watchLists: () =>
      events
        .filter((event) => event.name === 'watch:changed')
        .map((event) => event.payload as WatchFolderEntry[]),
  };
}

async function world(env: NodeJS.ProcessEnv = {}, clock?: SkippingClock) {
  const dir = await tempDir();
  cleanups.push(dir.remove);
  const root = await realpath(dir.path);
  const inbox = join(root, 'inbox');
  await mkdir(inbox);
  const userData = join(root, 'userData');
  const desk = await startDesk(userData, env, clock);
  cleanups.push(() => desk.service.close());
  return { root, inbox, userData, desk };
}

/** An invoke as main runs it: validated against the contract first, then handled. */
function call<C extends InvokeChannel>(
  service: AppService,
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  return dispatchInvoke(service.handlers, channel, input) as Promise<ChannelOutput<C>>;
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { code: string } }): T {
  if (!result.ok) throw new Error(`failed: ${result.error.code}`);
  return result.value;
}

const lastList = (desk: Desk) => desk.watchLists().at(-1) ?? [];
/** The window has been told this batch is finished: its notice, if it had one, is queued. */
const batchAnnounced = (desk: Desk, batchId: string) =>
  desk.events.some(
    (event) => event.name === 'batch:finished' && (event.payload as { batchId: string }).batchId === batchId,
  );
const completedFrom = (desk: Desk, source: string) =>
  [...desk.jobs().values()].find((job) => job.source === source && job.state === 'completed');

describe('watch folders in the app service', () => {
  it('adds a folder from the picker, converts what arrives, and shows it in the queue, the history and the tray', async () => {
    const { root, inbox, userData, desk } = await world();
    const { service } = desk;
    // Dropped files go to one folder; a watch folder's results still go next to the originals.
    const dropped = join(root, 'Dropped results');
    await mkdir(dropped);
    unwrap(await service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } }));
    // The output folder, like every folder, comes from main's picker.
    desk.pick(dropped);
    unwrap(await service.handlers['settings:chooseOutputFolder']({}));

    // A cancelled picker adds nothing.
    desk.pick(undefined);
    expect(await call(service, 'watch:add', { settings: { to: 'xlsx' } })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(unwrap(await call(service, 'watch:list', {}))).toEqual([]);

    desk.pick(inbox);
    // A folder named by the page is not taken: only main's picker says which folder.
    const fromPage = { to: 'xlsx', from: ['pdf'], folder: '/etc', outDir: '/etc' };
    const added = unwrap(await call(service, 'watch:add', { settings: fromPage }))!;
    expect(desk.picked).toEqual(['output', 'watch', 'watch']);
    expect(added.rule).toMatchObject({
      folder: inbox,
      to: 'xlsx',
      from: ['pdf'],
      after: 'keep',
      paused: false,
    });
    expect(added.rule.outDir).toBeUndefined();
    expect(added.status.state).toBe('watching');
    expect(service.trayState()).toMatchObject({ watching: 1, watchLine: 'Watching 1 folder' });
    const snapshot = unwrap(await service.handlers['app:snapshot']({}));
    expect(snapshot.watchFolders?.map((entry) => entry.rule.id)).toEqual([added.rule.id]);

    await writeFile(join(inbox, 'invoice.pdf'), invoiceVariant(1));
    const job = await waitFor(() => completedFrom(desk, join(inbox, 'invoice.pdf')));
    // An ordinary job: in the queue with its saved path, and in the recent results.
    expect(job.output).toBe(join(inbox, 'invoice.xlsx'));
    expect(existsSync(job.output!)).toBe(true);
    await waitFor(() =>
      desk.events.some(
        (event) =>
          event.name === 'history:changed' &&
          (event.payload as EventPayloads['history:changed']).some((entry) => entry.jobId === job.id),
      ),
    );
    await waitFor(() => lastList(desk)[0]?.status.converted === 1);
    // A watched file is a batch of its own, but it does not pop up a notification per file.
    await waitFor(() => batchAnnounced(desk, job.batchId));
    expect(desk.notices).toEqual([]);

    // Paused: the next file waits; resumed: it is converted.
    const paused = unwrap(await call(service, 'watch:pause', { id: added.rule.id }));
    expect(paused).toMatchObject({ rule: { paused: true }, status: { state: 'paused' } });
    expect(service.trayState()).toMatchObject({ watching: 0, watchLine: 'Watch folder paused' });
    await writeFile(join(inbox, 'second.pdf'), invoiceVariant(2));
    // Noticed and held: queued behind the pause, never sent.
    await waitFor(() => lastList(desk)[0]?.status.queued === 1);
    expect(completedFrom(desk, join(inbox, 'second.pdf'))).toBeUndefined();
    expect(lastList(desk)[0]?.status).toMatchObject({ state: 'paused', queued: 1 });
    unwrap(await call(service, 'watch:resume', { id: added.rule.id }));
    await waitFor(() => completedFrom(desk, join(inbox, 'second.pdf')));

    // Removed: forgotten by the tray and by the saved list.
    unwrap(await call(service, 'watch:remove', { id: added.rule.id }));
    expect(unwrap(await call(service, 'watch:list', {}))).toEqual([]);
    expect(service.trayState().watching).toBe(0);
    expect(service.trayState().watchLine).toBeUndefined();
    await waitFor(() => lastList(desk).length === 0 && desk.watchLists().length > 0);
    const stored = JSON.parse(await readFile(join(userData, WATCH_RULES_FILE), 'utf8'));
    expect(stored.rules).toEqual([]);
    // The folder is no longer watched (its watcher closed with the removal): nothing takes it.
    await writeFile(join(inbox, 'third.pdf'), invoiceVariant(3));
    expect(completedFrom(desk, join(inbox, 'third.pdf'))).toBeUndefined();
    expect(await call(service, 'watch:pause', { id: added.rule.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('picks the folder first and says what is in it; converts the files already there only when asked', async () => {
    const { root, inbox, desk } = await world();
    const { service } = desk;
    unwrap(await service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } }));
    const other = join(root, 'other');
    await mkdir(other);
    await writeFile(join(inbox, 'old.pdf'), invoiceVariant(1));
    await writeFile(join(inbox, 'setup.exe'), 'MZ');
    await writeFile(join(inbox, '.hidden.pdf'), invoiceVariant(2));
    await writeFile(join(other, 'kept.pdf'), invoiceVariant(3));

    // Nothing picked yet: "chosen" has no folder to watch.
    const early = await call(service, 'watch:add', { settings: { to: 'xlsx' }, chosen: true });
    expect(early).toMatchObject({ ok: false, error: { code: 'watch_not_chosen' } });

    // A cancelled picker answers nothing; a folder answers what is in it (hidden files left out).
    desk.pick(undefined);
    expect(unwrap(await call(service, 'watch:pickFolder', {}))).toBeUndefined();
    desk.pick(inbox);
    expect(unwrap(await call(service, 'watch:pickFolder', {}))).toEqual({
      folder: inbox,
      files: [
        { name: 'old.pdf', format: 'pdf' },
        { name: 'setup.exe', format: 'exe' },
      ],
      more: 0,
    });
    // "Only new files": the one already there is left alone, a new one is converted.
    const onlyNew = unwrap(
      await call(service, 'watch:add', { settings: { to: 'xlsx' }, chosen: true, existing: 'new-only' }),
    )!;
    expect(onlyNew.rule.folder).toBe(inbox);
    await writeFile(join(inbox, 'new.pdf'), invoiceVariant(4));
    await waitFor(() => completedFrom(desk, join(inbox, 'new.pdf')));
    await waitFor(() => {
      const status = lastList(desk)[0]?.status;
      return status !== undefined && status.settling + status.queued + status.inFlight === 0;
    });
    expect([...desk.jobs().values()].map((job) => job.sourceName)).toEqual(['new.pdf']);
    expect(existsSync(join(inbox, 'old.xlsx'))).toBe(false);

    // "Convert them too" on another folder: the file already there is converted.
    desk.pick(other);
    unwrap(await call(service, 'watch:pickFolder', {}));
    unwrap(await call(service, 'watch:add', { settings: { to: 'xlsx' }, chosen: true, existing: 'convert' }));
    await waitFor(() => completedFrom(desk, join(other, 'kept.pdf')));
    expect(existsSync(join(other, 'kept.xlsx'))).toBe(true);
    // The picked folder is used once: another "chosen" add needs another pick.
    const again = await call(service, 'watch:add', { settings: { to: 'txt' }, chosen: true });
    expect(again).toMatchObject({ ok: false, error: { code: 'watch_not_chosen' } });
  });

  it('edits a rule: a new target gives it a new id, output and watched folders come from the picker', async () => {
    const { root, inbox, desk } = await world();
    const { service } = desk;
    unwrap(await service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } }));
    desk.pick(inbox);
    const added = unwrap(await call(service, 'watch:add', { settings: { to: 'xlsx', after: 'move' } }))!;

    // Only what the edit names changes.
    const edited = unwrap(
      await call(service, 'watch:update', { id: added.rule.id, settings: { to: 'txt' } }),
    );
    expect(edited.rule).toMatchObject({ folder: inbox, to: 'txt', after: 'move', recursive: false });
    expect(edited.rule.id).not.toBe(added.rule.id);
    expect(unwrap(await call(service, 'watch:list', {})).map((entry) => entry.rule.id)).toEqual([
      edited.rule.id,
    ]);

    const results = join(root, 'results');
    await mkdir(results);
    desk.pick(results);
    const withOutput = unwrap(
      await call(service, 'watch:chooseOutputFolder', { id: edited.rule.id, clear: false }),
    )!;
    expect(desk.picked.at(-1)).toBe('output');
    expect(withOutput.rule.outDir).toBe(results);

    await writeFile(join(inbox, 'invoice.pdf'), invoiceVariant(7));
    const job = await waitFor(() => completedFrom(desk, join(inbox, 'invoice.pdf')));
    expect(job.output).toBe(join(results, 'invoice.txt'));
    expect(await readFile(job.output!, 'utf8')).toContain('INV-2026-0042');
    // "Move" puts the original into the watched folder's Converted folder once its result is saved.
    await waitFor(() => existsSync(join(inbox, 'Converted', 'invoice.pdf')));

    const cleared = unwrap(
      await call(service, 'watch:chooseOutputFolder', { id: edited.rule.id, clear: true }),
    )!;
    expect(cleared.rule.outDir).toBeUndefined();

    const elsewhere = join(root, 'elsewhere');
    await mkdir(elsewhere);
    desk.pick(elsewhere);
    const moved = unwrap(await call(service, 'watch:chooseFolder', { id: cleared.rule.id }))!;
    expect(moved.rule).toMatchObject({ folder: elsewhere, to: 'txt' });
    expect(unwrap(await call(service, 'watch:list', {})).map((entry) => entry.rule.folder)).toEqual([
      elsewhere,
    ]);
    // A folder that is gone is refused, and the rule carries on as it was.
    desk.pick(join(root, 'missing'));
    expect(await call(service, 'watch:chooseFolder', { id: moved.rule.id })).toMatchObject({
      ok: false,
      error: { code: 'watch_folder_missing' },
    });
  });

  it('says when a watched folder disappears, and watches it again on "Try again" once it is back', async () => {
    const { inbox, desk } = await world();
    const { service } = desk;
    unwrap(await service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } }));
    desk.pick(inbox);
    const added = unwrap(await call(service, 'watch:add', { settings: { to: 'xlsx' } }))!;
    await rm(inbox, { recursive: true });
    await waitFor(() => lastList(desk)[0]?.status.error?.code === 'watch_folder_missing');
    expect(await call(service, 'watch:resume', { id: added.rule.id })).toMatchObject({
      ok: false,
      error: { code: 'watch_folder_missing' },
    });
    await mkdir(inbox);
    const again = unwrap(await call(service, 'watch:resume', { id: added.rule.id }));
    expect(again.status.state).toBe('watching');
    expect(again.status.error).toBeUndefined();
    await writeFile(join(inbox, 'back.pdf'), invoiceVariant(30));
    await waitFor(() => completedFrom(desk, join(inbox, 'back.pdf')));
  });

  it('waits for an engine: a rule added before there is a key starts once there is one, and after a restart', async () => {
    const { inbox, userData, desk } = await world();
    desk.pick(inbox);
    const added = unwrap(
      await call(desk.service, 'watch:add', { settings: { to: 'xlsx', after: 'trash' } }),
    )!;
    expect(added.status.state).toBe('stopped');
    expect(desk.service.trayState().watching).toBe(0);

    unwrap(await desk.service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } }));
    await waitFor(() => lastList(desk)[0]?.status.state === 'watching');
    expect(desk.service.trayState()).toMatchObject({ watching: 1, watchLine: 'Watching 1 folder' });
    await writeFile(join(inbox, 'a.pdf'), invoiceVariant(11));
    await waitFor(() => completedFrom(desk, join(inbox, 'a.pdf')));
    // "Trash" goes through the desktop's own trash (Electron's shell.trashItem in the app).
    await waitFor(() => desk.trashed.length === 1);
    expect(desk.trashed).toEqual([join(inbox, 'a.pdf')]);

    await desk.service.close();
    cleanups.pop();
    const again = await startDesk(userData);
    cleanups.push(() => again.service.close());
    await waitFor(() => again.service.trayState().watching === 1);
    const [entry] = unwrap(await call(again.service, 'watch:list', {}));
    expect(entry?.rule).toMatchObject({ id: added.rule.id, folder: inbox, after: 'trash' });
    await writeFile(join(inbox, 'b.pdf'), invoiceVariant(12));
    await waitFor(() => completedFrom(again, join(inbox, 'b.pdf')));
  });
});

describe('watch folders and tokens', () => {
  let server: LocalServer;

  it('pauses a rule the balance cannot cover, says so once, and carries on after a top-up', async () => {
    server = await startLocalServer({ tokens: 2 * COST + 2 });
    cleanups.push(() => server.close());
    // Files settle in real time; a balance re-check comes only when the test skips to it.
    const clock = new SkippingClock();
    const { root, inbox, desk } = await world({ IFC_API_KEY: server.key, IFC_API_URL: server.url }, clock);
    const { service } = desk;
    unwrap(
      await service.handlers['settings:update']({ patch: { endpoint: { kind: 'cloud', url: server.url } } }),
    );
    desk.pick(inbox);
    const invoices = unwrap(await call(service, 'watch:add', { settings: { to: 'xlsx' } }))!;
    for (let i = 0; i < 4; i += 1) await writeFile(join(inbox, `inv-${i}.pdf`), invoiceVariant(20 + i));

    await waitFor(
      () =>
        lastList(desk).find((entry) => entry.rule.id === invoices.rule.id)?.status.state === 'waiting-tokens',
      'the invoices rule waiting for tokens',
      20_000,
    );
    const tokenNotice = { title: TOKENS_NOTICE_TITLE(), body: messageFor('watch_waiting_tokens') };
    expect(desk.notices).toEqual([tokenNotice]);
    expect(service.trayState().watchLine).toBe('Watching 1 folder (waiting for tokens)');

    // A rule holds only once the balance itself is short (watch/send-queue.ts), so the two
    // invoices that fit are charged by now; seen here, since otherwise the balance would still
    // cover a second rule's file and which of the two rules runs dry would be down to timing.
    await waitFor(() => server.ledger.jobs.length === 2, 'the two invoices that fit charged');
    // A second rule running dry meanwhile, and several re-checks: still one notice.
    const receipts = join(root, 'receipts');
    await mkdir(receipts);
    desk.pick(receipts);
    const second = unwrap(await call(service, 'watch:add', { settings: { to: 'xlsx' } }))!;
    await writeFile(join(receipts, 'receipt.pdf'), invoiceVariant(40));
    await waitFor(() => {
      const list = lastList(desk);
      // Nothing settling either: skipping to a re-check would end a quiet window too.
      return (
        list.find((entry) => entry.rule.id === second.rule.id)?.status.state === 'waiting-tokens' &&
        list.every((entry) => entry.status.settling === 0)
      );
    }, 'the receipts rule waiting for tokens, nothing settling');
    // Several balance re-checks go by (the server's log shows them): still one notice.
    const balanceChecks = () => server.requests.filter((request) => request.path === '/api/account').length;
    const checked = balanceChecks();
    let recheck = await rechecksPlanned(clock, 'both rules planning a balance re-check', 2);
    for (const round of [1, 2, 3]) {
      clock.skipTo(recheck);
      recheck = await rechecksPlanned(clock, `re-check ${round} done by both rules, the next planned`, 2);
    }
    expect(balanceChecks()).toBeGreaterThanOrEqual(checked + 3);
    expect(desk.notices).toEqual([tokenNotice]);
    const waiting = lastList(desk).find((entry) => entry.rule.id === invoices.rule.id)!;
    expect(waiting.status).toMatchObject({ state: 'waiting-tokens', waiting: { required: COST } });
    expect(server.ledger.jobs).toHaveLength(2);

    server.setTokens(100);
    clock.skipTo(recheck);
    await waitFor(
      () =>
        [0, 1, 2, 3].every((i) => completedFrom(desk, join(inbox, `inv-${i}.pdf`))) &&
        completedFrom(desk, join(receipts, 'receipt.pdf')),
      'every file converted after the top-up',
      20_000,
    );
    await waitFor(() => lastList(desk).every((entry) => entry.status.state === 'watching'));
    const receiptJob = completedFrom(desk, join(receipts, 'receipt.pdf'))!;
    await waitFor(() => batchAnnounced(desk, receiptJob.batchId));
    // No notice per watched file either, only the one about tokens.
    expect(desk.notices).toEqual([tokenNotice]);
    expect(service.trayState().watchLine).toBe('Watching 2 folders');
  });
});
