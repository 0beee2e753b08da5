import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  dialog: { showOpenDialog: vi.fn() },
  shell: { showItemInFolder: vi.fn(), openPath: vi.fn(async () => '') },
}));
vi.mock('electron', () => electron);

import type { BrowserWindow } from 'electron';
import { electronPlatform } from '../../../electron/main/platform-adapters.ts';

function fakeWindow() {
  return { isDestroyed: () => false, setProgressBar: vi.fn() };
}

beforeEach(() => {
  vi.clearAllMocks();
});

describe('platform adapters (Electron)', () => {
  it('returns the chosen files, or undefined when the dialog is cancelled', async () => {
    const platform = electronPlatform(() => undefined, { notify: vi.fn() });
    electron.dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: ['/a.pdf', '/b.csv'],
    });
    expect(await platform.chooseFiles()).toEqual(['/a.pdf', '/b.csv']);
    expect(electron.dialog.showOpenDialog.mock.calls[0]![0]).toMatchObject({
      properties: ['openFile', 'multiSelections'],
    });
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await platform.chooseFiles()).toBeUndefined();
  });

  it('asks for a folder as a sheet of the window when there is one', async () => {
    const window = fakeWindow();
    const platform = electronPlatform(() => window as unknown as BrowserWindow, { notify: vi.fn() });
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/out'] });
    expect(await platform.chooseFolder()).toBe('/out');
    const [parent, options] = electron.dialog.showOpenDialog.mock.calls[0]!;
    expect(parent).toBe(window);
    expect(options).toMatchObject({ properties: ['openDirectory', 'createDirectory'] });
  });

  it('shows and opens results through the shell, and drives the taskbar progress bar', async () => {
    const window = fakeWindow();
    const notify = vi.fn();
    const platform = electronPlatform(() => window as unknown as BrowserWindow, { notify });
    platform.showInFolder('/d/a.xlsx');
    expect(electron.shell.showItemInFolder).toHaveBeenCalledWith('/d/a.xlsx');
    expect(await platform.openPath('/d/a.xlsx')).toBe('');
    platform.notify('Conversion finished', '3 converted');
    expect(notify).toHaveBeenCalledWith('Conversion finished', '3 converted', undefined);
    platform.setProgress?.(0.25);
    platform.setProgress?.(undefined);
    expect(window.setProgressBar.mock.calls).toEqual([[0.25], [-1]]);
  });
});
