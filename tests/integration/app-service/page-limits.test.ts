// The page may ask, main decides: every call goes through dispatchInvoke (the validation main
// applies behind its sender check) into the real app service. The page cannot set a folder
// path, cannot point the key at an http address, and "Open" never runs a program.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HISTORY_FILE } from '../../../electron/app-service/history.ts';
import { dispatchInvoke } from '../../../shared/ipc/dispatch.ts';
import { RUNNABLE_EXTENSIONS } from '../../../shared/result-open.ts';
import { startService, tempDir } from './app-service-harness.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';

const cleanups = cleanupsAfterEach();

async function world(history: { jobId: string; output: string; to: string }[] = []) {
  const home = await tempDir();
  const userData = join(home.path, 'userData');
  await mkdir(userData);
  if (history.length > 0) {
    const entries = history.map((entry) => ({ ...entry, source: '/src/in.pdf', finishedAt: 1 }));
    await writeFile(join(userData, HISTORY_FILE), JSON.stringify(entries));
  }
  const started = await startService(userData);
  cleanups.push(home.remove, () => started.service.close());
  const call = (channel: string, input: unknown) => dispatchInvoke(started.service.handlers, channel, input);
  return { ...started, home: home.path, userData, call };
}

describe('what the page may change', () => {
  it('cannot name an output folder: only main’s picker sets one', async () => {
    const { call, service } = await world();
    const asked = await call('settings:update', { patch: { output: { kind: 'folder', path: '/etc' } } });
    expect(asked).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const snapshot = await service.handlers['app:snapshot']({});
    expect(snapshot.ok && snapshot.value.settings.output).toEqual({ kind: 'next-to-source' });
    // "Next to the source" is still the page's to choose.
    const back = await call('settings:update', { patch: { output: { kind: 'next-to-source' } } });
    expect(back.ok).toBe(true);
  });

  it('cannot name a watched folder or a watch output folder either', async () => {
    const { call } = await world();
    const added = await call('watch:add', { settings: { to: 'xlsx', folder: '/etc', outDir: '/etc' } });
    // The picker answered "cancelled" (the harness's default): nothing was added, /etc least of all.
    expect(added).toEqual({ ok: true, value: undefined });
    const listed = await call('watch:list', {});
    expect(listed).toEqual({ ok: true, value: [] });
  });

  it('cannot send the key over plain http to another computer', async () => {
    const { call, service } = await world();
    for (const url of [
      'http://api.example.test',
      'http://192.168.1.20:8787',
      'http://127.0.0.1.evil.example',
    ]) {
      const asked = await call('settings:update', { patch: { endpoint: { kind: 'cloud', url } } });
      expect(asked, url).toMatchObject({
        ok: false,
        error: { code: 'endpoint_not_https', message: expect.stringContaining('https://') },
      });
    }
    for (const url of ['ftp://api.example.test', 'https://user:pw@api.example.test']) {
      const asked = await call('settings:update', { patch: { endpoint: { kind: 'cloud', url } } });
      expect(asked.ok, url).toBe(false);
    }
    const snapshot = await service.handlers['app:snapshot']({});
    expect(snapshot.ok && snapshot.value.settings.endpoint).toEqual({ kind: 'cloud' });
    // https anywhere, and http to this computer (the offline server, `ifc serve-local`), are fine.
    for (const url of ['https://api.example.test', 'http://127.0.0.1:8787', 'http://localhost:8787']) {
      const asked = await call('settings:update', { patch: { endpoint: { kind: 'cloud', url } } });
      expect(asked, url).toMatchObject({ ok: true, value: { endpoint: { kind: 'cloud', url } } });
    }
  });

  it('refuses to start the engine on an http address a hand-edited settings file names', async () => {
    const home = await tempDir();
    cleanups.push(home.remove);
    await writeFile(
      join(home.path, 'settings.json'),
      JSON.stringify({
        version: 1,
        settings: { endpoint: { kind: 'cloud', url: 'http://api.example.test' } },
      }),
    );
    const { service } = await startService(home.path, { env: { IFC_API_KEY: 'ifc_env_key_123456789' } });
    cleanups.push(() => service.close());
    const snapshot = await service.handlers['app:snapshot']({});
    expect(snapshot.ok && snapshot.value.problems).toEqual([
      expect.objectContaining({ code: 'endpoint_not_https' }),
    ]);
    expect(await service.handlers['balance:refresh']({})).toMatchObject({
      ok: false,
      error: { code: 'endpoint_not_https' },
    });
  });
});

describe('"Open" on a result', () => {
  it('opens a document the engine wrote, never a file that would run as a program', async () => {
    const home = await tempDir();
    cleanups.push(home.remove);
    const made = (name: string) => join(home.path, name);
    const history = [
      { jobId: 'doc', output: made('invoice.pdf'), to: 'pdf' },
      ...[
        'exe',
        'msi',
        'bat',
        'cmd',
        'com',
        'scr',
        'ps1',
        'vbs',
        'js',
        'jar',
        'sh',
        'desktop',
        'lnk',
        'AppImage',
      ].map((ext) => ({ jobId: `run-${ext}`, output: made(`invoice.${ext}`), to: ext.toLowerCase() })),
      { jobId: 'bare', output: made('invoice'), to: 'txt' },
      { jobId: 'link', output: made('linked.pdf'), to: 'pdf' },
    ];
    for (const entry of history) if (entry.jobId !== 'link') await writeFile(entry.output, 'x');
    await symlink(made('invoice.pdf'), made('linked.pdf'));
    const { call, recorded } = await world(history);

    expect(await call('result:open', { jobId: 'doc' })).toEqual({ ok: true, value: undefined });
    for (const entry of history.filter((item) => item.jobId.startsWith('run-') || item.jobId === 'bare')) {
      expect(await call('result:open', { jobId: entry.jobId }), entry.output).toMatchObject({
        ok: false,
        error: { code: 'open_refused', message: expect.stringContaining('Show in folder') },
      });
      // ... and "Show in folder" still works for it.
      expect(await call('result:showInFolder', { jobId: entry.jobId })).toEqual({
        ok: true,
        value: undefined,
      });
    }
    expect(await call('result:open', { jobId: 'link' })).toMatchObject({ ok: false });
    // A job id nobody knows is not a path: nothing is opened.
    expect(await call('result:open', { jobId: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'no_result' },
    });
    expect(recorded.opened).toEqual([made('invoice.pdf')]);
    expect(RUNNABLE_EXTENSIONS.has('appimage')).toBe(true);
  });
});
