// The window's requests as main answers them (handlers.ts), over the REAL app service (engine,
// settings, staging, history in a temp userData; the local server over real HTTP as the chosen
// service), reached the way the preload reaches them: through dispatchInvoke with raw input.
// What is checked is what a demanding person (or a page with a bug) gets back: every refusal
// is one code with its one sentence, never a throw, never a stack trace, and nothing changes:
// a staged file forgotten since, a job or result that is not there (or was deleted, or replaced
// by a link), an address the key must not travel to, a wrong key, a pasted key with a "€".
import { mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AppService, createAppService } from '../../../electron/app-service/service.ts';
import { createMemoryKeyStore, type KeyStore } from '../../../electron/engine/storage/keychain.ts';
import type { LocalServer } from '../../../electron/localserver/index.ts';
import { startLocalServer } from '../../../electron/localserver/index.ts';
import { invokeChannels } from '../../../shared/ipc/contract.ts';
import { dispatchInvoke } from '../../../shared/ipc/dispatch.ts';
import { messageFor } from '../../../shared/messages.ts';
import type { Result } from '../../../shared/result.ts';
import { headlessPlatform } from '../../support/headless-platform.ts';
import { FAST_ENGINE_TIMING, waitFor } from '../../support/wait.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';

const cleanups = cleanupsAfterEach();

interface Rig {
  service: AppService;
  server: LocalServer;
  dir: string;
  store: KeyStore;
  shown: string[];
  opened: string[];
  ask(channel: string, input: unknown): Promise<Result<unknown>>;
}

async function rig(options: { withKey?: boolean } = {}): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-handlers-ß-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const server = await startLocalServer({ tokens: 1000 });
  cleanups.push(() => server.close());
  const store = createMemoryKeyStore();
  if (options.withKey !== false) await store.set(server.url, server.key);
  // The settings point at the local server as "the service" (plain http to this computer is allowed).
  await mkdir(join(dir, 'userData'), { recursive: true });
  await writeFile(
    join(dir, 'userData', 'settings.json'),
    JSON.stringify({ endpoint: { kind: 'cloud', url: server.url } }),
  );
  const shown: string[] = [];
  const opened: string[] = [];
  const service = await createAppService({
    userDataDir: join(dir, 'userData'),
    stateDir: join(dir, 'userData', 'State'),
    version: '0.0.0-test',
    keyStore: store,
    env: {},
    noticeWindowMs: 10,
    eventIntervalMs: 10,
    engineTiming: FAST_ENGINE_TIMING,
    platform: {
      ...headlessPlatform(),
      showInFolder: (path) => shown.push(path),
      openPath: async (path) => {
        opened.push(path);
        return '';
      },
    },
  });
  cleanups.push(() => service.close());
  return {
    service,
    server,
    dir,
    store,
    shown,
    opened,
    ask: (channel, input) => dispatchInvoke(service.handlers, channel, input),
  };
}

/** A refusal as the window must get it: this code, its sentence, one line, no trace. */
function expectRefusal(answer: Result<unknown>, code: string): void {
  expect(answer.ok, JSON.stringify(answer)).toBe(false);
  if (answer.ok) return;
  expect(answer.error.code).toBe(code);
  expect(answer.error.message).toBe(messageFor(code));
  expect(answer.error.message).not.toMatch(/\n|\s+at\s+\S+:\d+/);
}

async function stageFile(
  r: Rig,
  name: string,
  text = '# Hallo\n\nÜbung macht den Meister.\n',
): Promise<string> {
  const path = join(r.dir, name);
  await writeFile(path, text);
  const staged = await r.ask('files:stageDropped', { paths: [path] });
  expect(staged.ok, JSON.stringify(staged)).toBe(true);
  return (staged as { ok: true; value: { files: { stageId: string }[] } }).value.files[0]!.stageId;
}

describe('what the window gets back from main', () => {
  it('answers malformed input on every channel with invalid_input (naming the fields), never a throw', async () => {
    const r = await rig();
    for (const channel of Object.keys(invokeChannels)) {
      for (const garbage of [42, 'x', [1], { jobId: 7, items: 'all', patch: null, key: 3 }]) {
        const answer = await r.ask(channel, garbage);
        // Channels without input accept anything object-shaped; the rest must refuse.
        if (answer.ok) continue;
        expect(answer.error.code, `${channel} with ${JSON.stringify(garbage)}`).not.toBe('internal');
        expect(answer.error.message).toBe(messageFor(answer.error.code));
      }
    }
    const bad = await r.ask('batch:start', { items: [{ stageId: '', to: 'pdf' }] });
    expectRefusal(bad, 'invalid_input');
    expect(bad.ok ? undefined : bad.error.details).toEqual({ fields: ['items.0.stageId'] });
    expectRefusal(await r.ask('no:such-channel', {}), 'bad_request');
  });

  it('says a staged file is no longer staged, and sends nothing', async () => {
    const r = await rig();
    const stageId = await stageFile(r, 'notiz.md');
    const items = [
      { stageId, to: 'html' },
      { stageId: 'forgotten-long-ago', to: 'html' },
    ];
    expectRefusal(await r.ask('batch:estimate', { items }), 'stage_expired');
    expectRefusal(await r.ask('batch:start', { items }), 'stage_expired');
    expectRefusal(
      await r.ask('combine:start', { stageIds: [stageId, 'forgotten-long-ago'], name: 'Alles.pdf' }),
      'stage_expired',
    );
    expect(r.server.ledger.jobs).toEqual([]);
    // The good one is still staged: it can be converted on its own.
    const started = await r.ask('batch:start', { items: [{ stageId, to: 'html' }] });
    expect(started.ok, JSON.stringify(started)).toBe(true);
  });

  it('refuses to show or open a result that is not there, was deleted, or was replaced by a link', async () => {
    const r = await rig();
    expectRefusal(await r.ask('result:open', { jobId: 'no-such-job' }), 'no_result');
    expectRefusal(await r.ask('result:showInFolder', { jobId: 'no-such-job' }), 'no_result');
    expectRefusal(await r.ask('combine:showResult', {}), 'no_result');

    const stageId = await stageFile(r, 'Übersicht 日本.md');
    const started = await r.ask('batch:start', { items: [{ stageId, to: 'html' }] });
    if (!started.ok) throw new Error(started.error.code);
    const [jobId] = (started.value as { jobIds: string[] }).jobIds;
    const output = await waitFor(() => r.service.resultFile(jobId!), 'the converted file');
    expect(await r.ask('result:open', { jobId })).toEqual({ ok: true, value: undefined });
    expect(r.opened).toEqual([output]);

    // Replaced by a link to something else: not opened (it could point anywhere).
    await unlink(output);
    await symlink(join(r.dir, 'Übersicht 日本.md'), output);
    expectRefusal(await r.ask('result:open', { jobId }), 'file_missing');
    await unlink(output);
    expectRefusal(await r.ask('result:open', { jobId }), 'file_missing');
    expectRefusal(await r.ask('result:showInFolder', { jobId }), 'file_missing');
    expect(r.opened).toEqual([output]);
    expect(r.shown).toEqual([]);
  });

  it('never lets the page point the key at another computer in clear text, and keeps the settings', async () => {
    const r = await rig();
    const before = await r.ask('app:snapshot', {});
    const settingsBefore = before.ok ? (before.value as { settings: unknown }).settings : undefined;
    expectRefusal(
      await r.ask('settings:update', {
        patch: { endpoint: { kind: 'cloud', url: 'http://convert.example.test' } },
      }),
      'endpoint_not_https',
    );
    expectRefusal(
      await r.ask('settings:update', {
        patch: { endpoint: { kind: 'cloud', url: 'https://user:pw@convert.example.test' } },
      }),
      'endpoint_invalid',
    );
    const after = await r.ask('app:snapshot', {});
    expect(after.ok ? (after.value as { settings: unknown }).settings : undefined).toEqual(settingsBefore);
  });

  it('verifies a key before saving it: a wrong key or a pasted "€" is refused and nothing is stored', async () => {
    const r = await rig({ withKey: false });
    expectRefusal(await r.ask('key:test', {}), 'no_api_key');
    expectRefusal(await r.ask('key:set', { key: 'ifc_local_wrong_key_1234' }), 'invalid_api_key');
    expectRefusal(await r.ask('key:set', { key: `${r.server.key}€` }), 'invalid_api_key');
    expect(await r.store.get(r.server.url)).toBeUndefined();
    // Too short is the contract's to refuse, before any handler runs.
    expectRefusal(await r.ask('key:set', { key: 'short' }), 'invalid_input');
    const saved = await r.ask('key:set', { key: ` ${r.server.key} ` });
    expect(saved.ok, JSON.stringify(saved)).toBe(true);
    expect(await r.store.get(r.server.url)).toBe(r.server.key);
    expect(await r.ask('key:test', {})).toEqual({ ok: true, value: { tokens: 1000 } });
  });

  it('answers jobs it does not know with one code, and clears only finished ones', async () => {
    const r = await rig();
    for (const channel of ['jobs:cancel', 'jobs:retry', 'jobs:remove']) {
      const answer = await r.ask(channel, { jobId: 'no-such-job' });
      expect(answer.ok, channel).toBe(false);
      if (answer.ok) continue;
      expect(answer.error.message).toBe(messageFor(answer.error.code));
    }
    expect(await r.ask('jobs:clearFinished', {})).toEqual({ ok: true, value: { removed: 0 } });
    expect(await r.ask('files:browse', {})).toEqual({ ok: true, value: { files: [], skipped: [] } });
  });
});
