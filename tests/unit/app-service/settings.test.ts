import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultSettings,
  loadSettings,
  patchSettings,
  SETTINGS_FILE,
  SETTINGS_VERSION,
  saveSettings,
} from '../../../electron/engine/storage/settings.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = () => join(dir, SETTINGS_FILE);
const onDisk = async () => JSON.parse(await readFile(file(), 'utf8'));

describe('settings', () => {
  it('starts on defaults when there is no file, and writes nothing until something changes', async () => {
    const loaded = await loadSettings(dir);
    expect(loaded).toEqual({ settings: defaultSettings(), resetFields: [] });
    expect(await readdir(dir)).toEqual([]);
  });

  it('round-trips through a versioned file written in one piece', async () => {
    const settings = { ...defaultSettings(), concurrency: 5, defaultTargets: { pdf: 'xlsx' } };
    await saveSettings(dir, settings);
    expect(await onDisk()).toEqual({ version: SETTINGS_VERSION, settings });
    // No temp file is left beside it.
    expect(await readdir(dir)).toEqual([SETTINGS_FILE]);
    expect((await loadSettings(dir)).settings).toEqual(settings);
  });

  it('sets a file that is not JSON aside, reports it, and starts on defaults', async () => {
    await writeFile(file(), '{"version": 1, "settings": {"concurr');
    const loaded = await loadSettings(dir);
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.problem?.code).toBe('settings_reset');
    const names = await readdir(dir);
    expect(names.some((name) => name.startsWith(`${SETTINGS_FILE}.broken-`))).toBe(true);
    expect((await onDisk()).settings).toEqual(defaultSettings());
  });

  it('resets only the fields that are not valid and keeps the rest', async () => {
    await writeFile(
      file(),
      JSON.stringify({
        version: 1,
        settings: { ...defaultSettings(), concurrency: 99, conflict: 'explode', notifications: false },
      }),
    );
    const loaded = await loadSettings(dir);
    expect(loaded.resetFields.sort()).toEqual(['concurrency', 'conflict']);
    expect(loaded.settings).toEqual({ ...defaultSettings(), notifications: false });
    expect(loaded.problem).toMatchObject({ code: 'settings_reset', details: { fields: loaded.resetFields } });
    expect((await onDisk()).settings).toEqual(loaded.settings);
  });

  it('migrates a version 0 file (no envelope, endpoint as a URL, outputDir)', async () => {
    await writeFile(
      file(),
      JSON.stringify({ endpoint: 'https://api.example.test', outputDir: '/tmp/converted', concurrency: 2 }),
    );
    const loaded = await loadSettings(dir);
    expect(loaded.migratedFrom).toBe(0);
    expect(loaded.problem).toBeUndefined();
    expect(loaded.settings).toEqual({
      ...defaultSettings(),
      endpoint: { kind: 'cloud', url: 'https://api.example.test' },
      output: { kind: 'folder', path: '/tmp/converted' },
      concurrency: 2,
    });
    expect(await onDisk()).toEqual({ version: SETTINGS_VERSION, settings: loaded.settings });
  });

  it('migrates "local" and an empty outputDir of version 0', async () => {
    await writeFile(file(), JSON.stringify({ endpoint: 'local', outputDir: null }));
    const loaded = await loadSettings(dir);
    expect(loaded.settings.endpoint).toEqual({ kind: 'local' });
    expect(loaded.settings.output).toEqual({ kind: 'next-to-source' });
  });

  it('leaves a file from a newer version as it is', async () => {
    const newer = {
      version: SETTINGS_VERSION + 1,
      settings: { ...defaultSettings(), concurrency: 4, added: 1 },
    };
    await writeFile(file(), JSON.stringify(newer));
    const loaded = await loadSettings(dir);
    expect(loaded.settings.concurrency).toBe(4);
    expect(await onDisk()).toEqual(newer);
  });

  it('applies a valid patch and refuses an invalid one whole', () => {
    const current = defaultSettings();
    const patched = patchSettings(current, { concurrency: 8, theme: 'dark' });
    expect(patched).toEqual({ ok: true, value: { ...current, concurrency: 8, theme: 'dark' } });
    const refused = patchSettings(current, { concurrency: 0 });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: { fields: ['concurrency'] } },
    });
  });
});
