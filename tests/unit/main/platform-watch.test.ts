// What watch folders ask of the desktop: a folder picker that says what it is for, and the
// OS's own trash for originals set to "move to the trash".
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  dialog: { showOpenDialog: vi.fn() },
  shell: { trashItem: vi.fn(async () => undefined) },
}));
vi.mock('electron', () => electron);

import { electronPlatform } from '../../../electron/main/platform-adapters.ts';

beforeEach(() => {
  vi.clearAllMocks();
});

describe('platform adapters for watch folders', () => {
  it('titles the folder picker by what the folder is for', async () => {
    const platform = electronPlatform(() => undefined, { notify: vi.fn() });
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: ['/in'] });
    expect(await platform.chooseFolder('watch')).toBe('/in');
    expect(await platform.chooseFolder()).toBe('/in');
    expect(electron.dialog.showOpenDialog.mock.calls.map((call) => call[0].title)).toEqual([
      'Choose a folder to watch',
      'Save converted files in',
    ]);
  });

  it('moves an original to the OS trash through the shell', async () => {
    const platform = electronPlatform(() => undefined, { notify: vi.fn() });
    await platform.trashItem?.('/in/invoice.pdf');
    expect(electron.shell.trashItem).toHaveBeenCalledWith('/in/invoice.pdf');
  });
});
