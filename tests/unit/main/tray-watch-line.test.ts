// The tray's watch-folder line: the app service's own words when it has them (paused, waiting
// for tokens), else the count; no line at all without watch folders.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import type { TrayState } from '../../../electron/engine/app/service.ts';
import { buildTrayMenu, watchLine } from '../../../electron/main/tray-menu.ts';

const idle: TrayState = { running: 0, paused: false, recent: [] };
const noActions = {
  convertFiles: vi.fn(),
  showInFolder: vi.fn(),
  pauseAll: vi.fn(),
  resumeAll: vi.fn(),
  openWindow: vi.fn(),
  quit: vi.fn(),
};

describe('the tray line for watch folders', () => {
  it('says what the watch folders are doing, and is left out when there are none', () => {
    expect(watchLine({ watching: 1 })).toBe('Watching 1 folder');
    expect(watchLine({ watching: 1, watchLine: 'Watching 1 folder (waiting for tokens)' })).toBe(
      'Watching 1 folder (waiting for tokens)',
    );
    expect(watchLine({ watching: 0, watchLine: 'Watch folder paused' })).toBe('Watch folder paused');
    expect(watchLine({ watching: 0 })).toBeUndefined();

    const menu = buildTrayMenu({ ...idle, watching: 2, watchLine: 'Watching 2 folders' }, noActions);
    expect(menu.find((entry) => entry.id === 'watching')).toMatchObject({
      label: 'Watching 2 folders',
      enabled: false,
    });
    expect(buildTrayMenu({ ...idle, watching: 0 }, noActions).some((entry) => entry.id === 'watching')).toBe(
      false,
    );
  });
});
