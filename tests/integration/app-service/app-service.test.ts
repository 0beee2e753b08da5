// The app service over the real engine and the real local server on loopback: the same object
// the Electron main process adapts to IPC and the e2e bridge hands to the page.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../../electron/localserver/index.ts';
import { createMemoryKeyStore } from '../../../electron/engine/storage/keychain.ts';
import { HISTORY_FILE } from '../../../electron/app-service/history.ts';
import { copyFixtures, eventsNamed, startService, tempDir, waitFor } from './app-service-harness.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function offlineService(extra: Parameters<typeof startService>[1] = {}) {
  const dir = await tempDir();
  cleanups.push(dir.remove);
  const started = await startService(join(dir.path, 'userData'), extra);
  cleanups.push(() => started.service.close());
  const switched = await started.service.handlers['settings:update']({
    patch: { endpoint: { kind: 'local' } },
  });
  expect(switched.ok).toBe(true);
  return { ...started, dir: dir.path };
}

describe('app service, offline endpoint (in-process local server)', () => {
  it('stages a dropped folder, converts a file next to its source and tells the window once', async () => {
    const { service, recorded, dir } = await offlineService();
    const [csv] = await copyFixtures(join(dir, 'docs'), ['sales.csv', 'memo.txt']);
    await writeFile(join(dir, 'docs', 'empty.pdf'), '');
    const staged = await service.handlers['files:stageDropped']({ paths: [join(dir, 'docs')] });
    if (!staged.ok) throw new Error(staged.error.message);
    expect(staged.value.files.map((file) => file.name).sort()).toEqual(['memo.txt', 'sales.csv']);
    expect(staged.value.skipped).toEqual([
      expect.objectContaining({ name: 'empty.pdf', reason: expect.stringContaining('empty') }),
    ]);
    const file = staged.value.files.find((candidate) => candidate.name === 'sales.csv')!;
    expect(file.targets).toContain('xlsx');

    const estimate = await service.handlers['batch:estimate']({
      items: [{ stageId: file.stageId, to: 'xlsx' }],
    });
    expect(estimate.ok && estimate.value.offline).toBe(true);
    const started = await service.handlers['batch:start']({
      items: [{ stageId: file.stageId, to: 'xlsx' }],
      partial: false,
    });
    if (!started.ok) throw new Error(started.error.message);

    const [summary] = await waitFor(() => {
      const finished = eventsNamed(recorded, 'batch:finished');
      return finished.length > 0 && finished;
    });
    expect(summary!.completed).toEqual([
      expect.objectContaining({ source: csv, output: join(dir, 'docs', 'sales.xlsx') }),
    ]);
    expect(existsSync(join(dir, 'docs', 'sales.xlsx'))).toBe(true);
    // The window saw the completed job before the batch was announced.
    const finishedAt = recorded.events.findIndex((event) => event.name === 'batch:finished');
    const completedAt = recorded.events.findIndex(
      (event) =>
        event.name === 'jobs:changed' &&
        (event.payload as { jobs: { state: string }[] }).jobs.some((job) => job.state === 'completed'),
    );
    expect(completedAt).toBeGreaterThanOrEqual(0);
    expect(completedAt).toBeLessThan(finishedAt);
    await waitFor(() => recorded.notices.length > 0);
    expect(recorded.notices).toEqual([{ title: 'Conversion finished', body: '1 converted' }]);
    // The taskbar progress was cleared once nothing was running.
    expect(recorded.progress.at(-1)).toBeUndefined();

    // The staged file became a job: its stageId cannot start a second batch.
    const again = await service.handlers['batch:start']({
      items: [{ stageId: file.stageId, to: 'xlsx' }],
      partial: false,
    });
    expect(again.ok === false && again.error.code).toBe('stage_expired');

    // The chosen target is remembered for the next csv.
    const snapshot = await service.handlers['app:snapshot']({});
    expect(snapshot.ok && snapshot.value.settings.defaultTargets).toEqual({ csv: 'xlsx' });
    expect(snapshot.ok && snapshot.value.balance?.offline).toBe(true);

    const jobId = started.value.jobIds[0]!;
    expect(await service.handlers['result:showInFolder']({ jobId })).toEqual({ ok: true, value: undefined });
    expect(await service.handlers['result:open']({ jobId })).toEqual({ ok: true, value: undefined });
    expect(recorded.shown).toEqual([join(dir, 'docs', 'sales.xlsx')]);
    expect(recorded.opened).toEqual([join(dir, 'docs', 'sales.xlsx')]);
    expect(service.resultFile(jobId)).toBe(join(dir, 'docs', 'sales.xlsx'));
    expect(service.trayState().recent.map((entry) => entry.jobId)).toEqual([jobId]);
  });

  it('keeps recent results across a restart and lets the window clear finished jobs', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const userData = join(dir.path, 'userData');
    const [md] = await copyFixtures(join(dir.path, 'docs'), ['notes.md']);
    const first = await startService(userData);
    await first.service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } });
    const staged = await first.service.stageExternal([md!]);
    expect(eventsNamed(first.recorded, 'files:staged')).toEqual([staged]);
    const started = await first.service.handlers['batch:start']({
      items: [{ stageId: staged.files[0]!.stageId, to: 'html' }],
      partial: false,
    });
    if (!started.ok) throw new Error(started.error.message);
    await waitFor(() => first.service.trayState().recent.length === 1);
    await first.service.close();
    const saved = JSON.parse(await readFile(join(userData, HISTORY_FILE), 'utf8'));
    expect(saved).toEqual([expect.objectContaining({ jobId: started.value.jobIds[0], to: 'html' })]);

    const second = await startService(userData);
    cleanups.push(() => second.service.close());
    const snapshot = await second.service.handlers['app:snapshot']({});
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.value.settings.endpoint).toEqual({ kind: 'local' });
    expect(snapshot.value.history.map((entry) => entry.output)).toEqual([
      join(dir.path, 'docs', 'notes.html'),
    ]);
    expect(snapshot.value.jobs.map((job) => job.state)).toEqual(['completed']);

    const cleared = await second.service.handlers['jobs:clearFinished']({});
    expect(cleared).toEqual({ ok: true, value: { removed: 1 } });
    const changed = await waitFor(() =>
      eventsNamed(second.recorded, 'jobs:changed').find((payload) => payload.removed.length > 0),
    );
    expect(changed.removed).toEqual(started.value.jobIds);
    // The result file stays reachable from the history after its job was cleared.
    expect(second.service.resultFile(started.value.jobIds[0]!)).toBe(join(dir.path, 'docs', 'notes.html'));
  });

  it('sends a few window updates per second however many jobs move', async () => {
    const { service, recorded, dir } = await offlineService({ eventIntervalMs: 150 });
    const names = Array.from({ length: 40 }, (_, index) => `part-${index}.csv`);
    const [source] = await copyFixtures(join(dir, 'many'), ['sales.csv']);
    const text = await readFile(source!, 'utf8');
    await Promise.all(names.map((name) => writeFile(join(dir, 'many', name), text)));
    const staged = await service.handlers['files:stageDropped']({ paths: [join(dir, 'many')] });
    if (!staged.ok) throw new Error(staged.error.message);
    expect(staged.value.files).toHaveLength(41);
    const started = await service.handlers['batch:start']({
      items: staged.value.files.map((file) => ({ stageId: file.stageId, to: 'json' })),
      partial: false,
    });
    if (!started.ok) throw new Error(started.error.message);
    await waitFor(() => eventsNamed(recorded, 'batch:finished').length > 0, 'the batch finishing', 30_000);
    const updates = recorded.events.filter((event) => event.name === 'jobs:changed');
    // Every job reached the window, and far fewer messages than job transitions carried them.
    const seen = new Set(
      updates.flatMap((event) => (event.payload as { jobs: { id: string }[] }).jobs.map((job) => job.id)),
    );
    expect(seen.size).toBe(41);
    for (let index = 1; index < updates.length; index += 1) {
      expect(updates[index]!.at - updates[index - 1]!.at).toBeGreaterThanOrEqual(140);
    }
    await waitFor(() => recorded.notices.length > 0);
    expect(recorded.notices).toEqual([{ title: 'Conversion finished', body: '41 converted' }]);
  });
});

describe('app service, cloud endpoint and the API key', () => {
  let server: LocalServer;
  async function cloudService(keyStore = createMemoryKeyStore(), env: NodeJS.ProcessEnv = {}) {
    server = await startLocalServer({ tokens: 500 });
    cleanups.push(() => server.close());
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const userData = join(dir.path, 'userData');
    const started = await startService(userData, { keyStore, env });
    cleanups.push(() => started.service.close());
    await started.service.handlers['settings:update']({
      patch: { endpoint: { kind: 'cloud', url: server.url } },
    });
    return { ...started, dir: dir.path, keyStore };
  }

  it('asks for a key, verifies it before saving, and only ever shows its last 4 characters', async () => {
    const { service, recorded, keyStore } = await cloudService();
    const before = await service.handlers['app:snapshot']({});
    expect(before.ok && before.value.engine.needsKey).toBe(true);
    expect(before.ok && before.value.key).toEqual({ set: false, keychainAvailable: true });
    const staged = await service.handlers['files:stageDropped']({ paths: ['/nowhere.csv'] });
    expect(staged.ok === false && staged.error.code).toBe('no_api_key');

    const wrong = await service.handlers['key:set']({ key: 'ifc_wrong_key_123', sessionOnly: false });
    expect(wrong.ok === false && wrong.error.code).toBe('invalid_api_key');
    expect(await keyStore.get(server.url)).toBeUndefined();

    const saved = await service.handlers['key:set']({ key: server.key, sessionOnly: false });
    expect(saved).toEqual({
      ok: true,
      value: { set: true, last4: server.key.slice(-4), storage: 'keychain', keychainAvailable: true },
    });
    expect(await keyStore.get(server.url)).toBe(server.key);
    expect(eventsNamed(recorded, 'key:changed').at(-1)).toEqual(saved.ok && saved.value);
    const after = await service.handlers['app:snapshot']({});
    if (!after.ok) throw new Error(after.error.message);
    expect(after.value.engine.needsKey).toBe(false);
    expect(JSON.stringify(after.value)).not.toContain(server.key);
    expect(JSON.stringify(recorded.events)).not.toContain(server.key);
    expect(await service.handlers['key:test']({})).toEqual({ ok: true, value: { tokens: 500 } });
    const balance = await service.handlers['balance:refresh']({});
    expect(balance.ok && balance.value).toMatchObject({ tokens: 500, offline: false });

    const removed = await service.handlers['key:remove']({});
    expect(removed).toEqual({ ok: true, value: { set: false, keychainAvailable: true } });
    expect(await keyStore.get(server.url)).toBeUndefined();
    const gone = await service.handlers['app:snapshot']({});
    expect(gone.ok && gone.value.engine.needsKey).toBe(true);
  });

  it('says plainly when there is no keychain and keeps a session-only key in memory', async () => {
    const { service, dir } = await cloudService(createMemoryKeyStore(false));
    const refused = await service.handlers['key:set']({ key: server.key, sessionOnly: false });
    expect(refused.ok === false && refused.error.code).toBe('keychain_unavailable');
    const session = await service.handlers['key:set']({ key: server.key, sessionOnly: true });
    expect(session.ok && session.value).toEqual({
      set: true,
      last4: server.key.slice(-4),
      storage: 'session',
      keychainAvailable: false,
    });
    // Nothing of the key was written anywhere in userData.
    const { readdir } = await import('node:fs/promises');
    for (const name of await readdir(join(dir, 'userData'), { recursive: true })) {
      const path = join(dir, 'userData', String(name));
      const text = await readFile(path, 'utf8').catch(() => '');
      expect(text).not.toContain(server.key);
    }
  });

  it('uses IFC_API_KEY over anything saved, and refuses a batch the balance cannot pay', async () => {
    const { service, dir } = await cloudService(createMemoryKeyStore(), {});
    await service.close();
    // IFC_API_KEY goes only to the service IFC_API_URL names (or the standard one).
    const env = { IFC_API_KEY: server.key, IFC_API_URL: server.url };
    const withEnv = await startService(join(dir, 'userData'), { env });
    cleanups.push(() => withEnv.service.close());
    const snapshot = await withEnv.service.handlers['app:snapshot']({});
    expect(snapshot.ok && snapshot.value.key).toMatchObject({
      set: true,
      storage: 'env',
      last4: server.key.slice(-4),
    });
    server.setTokens(1);
    const [csv] = await copyFixtures(join(dir, 'docs'), ['sales.csv']);
    const staged = await withEnv.service.stageExternal([csv!]);
    const item = { stageId: staged.files[0]!.stageId, to: 'xlsx' };
    const estimate = await withEnv.service.handlers['batch:estimate']({ items: [item] });
    expect(estimate.ok && estimate.value).toMatchObject({ balance: 1, offline: false, fitCount: 0 });
    const refused = await withEnv.service.handlers['batch:start']({ items: [item], partial: false });
    expect(refused.ok === false && refused.error.code).toBe('insufficient_tokens');
    expect(server.ledger.jobs).toHaveLength(0);
  });
});
