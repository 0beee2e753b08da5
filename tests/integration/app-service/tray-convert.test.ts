// "Convert files…" from the tray with the window closed, over the real app service and the
// in-process offline server.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { commonTargets, convertFromTray } from '../../../electron/main/tray-convert.ts';
import type { StagedFile } from '../../../shared/ipc/contract.ts';
import { copyFixtures, eventsNamed, startService, tempDir, waitFor } from './app-service-harness.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function offline() {
  const dir = await tempDir();
  cleanups.push(dir.remove);
  const started = await startService(join(dir.path, 'userData'));
  cleanups.push(() => started.service.close());
  await started.service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } });
  return { ...started, dir: dir.path };
}

function staged(from: string, targets: string[]): StagedFile {
  return { stageId: from, name: `x.${from}`, path: `/x.${from}`, bytes: 1, from, targets };
}

describe('tray: Convert files…', () => {
  it('offers the formats every chosen file can become, the remembered one first', () => {
    const files = [staged('png', ['jpg', 'webp', 'pdf']), staged('jpg', ['png', 'webp', 'pdf'])];
    expect(commonTargets(files)).toEqual(['webp', 'pdf']);
    expect(commonTargets(files, { jpg: 'pdf' })).toEqual(['pdf', 'webp']);
    expect(commonTargets([staged('csv', ['xlsx', 'json']), staged('md', ['html', 'pdf'])])).toEqual([]);
    expect(commonTargets([])).toEqual([]);
  });

  it('converts the chosen files to the picked format without opening the window', async () => {
    const { service, recorded, dir } = await offline();
    const paths = await copyFixtures(join(dir, 'scans'), ['scan.png', 'scan.jpg']);
    const asked: { message: string; buttons: string[] }[] = [];
    const showWindow = vi.fn();
    const outcome = await convertFromTray({
      service,
      chooseFiles: async () => paths,
      askTarget: async (message, buttons) => {
        asked.push({ message, buttons });
        return buttons.indexOf('PDF');
      },
      showWindow,
    });
    expect(outcome).toBe('started');
    expect(asked).toEqual([{ message: 'Convert 2 files to:', buttons: ['WEBP', 'PDF', 'Cancel'] }]);
    expect(showWindow).not.toHaveBeenCalled();
    // Nothing was announced to the window: the tray asked its own question.
    expect(eventsNamed(recorded, 'files:staged')).toEqual([]);
    await waitFor(() => eventsNamed(recorded, 'batch:finished').length > 0);
    expect(existsSync(join(dir, 'scans', 'scan.pdf'))).toBe(true);
    expect(existsSync(join(dir, 'scans', 'scan (1).pdf'))).toBe(true);
  });

  it('does nothing when the dialog or the question is cancelled', async () => {
    const { service, dir } = await offline();
    const paths = await copyFixtures(join(dir, 'in'), ['notes.md']);
    const deps = { service, showWindow: vi.fn(), askTarget: async () => -1 };
    expect(await convertFromTray({ ...deps, chooseFiles: async () => undefined })).toBe('cancelled');
    expect(await convertFromTray({ ...deps, chooseFiles: async () => paths })).toBe('cancelled');
    expect(deps.showWindow).not.toHaveBeenCalled();
    const snapshot = await service.handlers['app:snapshot']({});
    expect(snapshot.ok && snapshot.value.jobs).toEqual([]);
  });

  it('hands mixed files (no common format) to the window, which asks per file', async () => {
    const { service, recorded, dir } = await offline();
    const paths = await copyFixtures(join(dir, 'in'), ['sales.csv', 'notes.md']);
    const showWindow = vi.fn();
    const askTarget = vi.fn(async () => 0);
    const outcome = await convertFromTray({ service, chooseFiles: async () => paths, askTarget, showWindow });
    expect(outcome).toBe('handed-to-window');
    expect(askTarget).not.toHaveBeenCalled();
    expect(showWindow).toHaveBeenCalledOnce();
    const [announced] = eventsNamed(recorded, 'files:staged');
    expect(announced!.files.map((file) => file.name).sort()).toEqual(['notes.md', 'sales.csv']);
  });
});
