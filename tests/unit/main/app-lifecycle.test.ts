import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { holdQuitUntilClosed } from '../../../electron/main/app-lifecycle.ts';

function fakeApp() {
  const handlers = new Map<string, (event: { preventDefault(): void }) => void>();
  return {
    handlers,
    quit: vi.fn(),
    on: vi.fn((event: string, handler: (event: { preventDefault(): void }) => void) => {
      handlers.set(event, handler);
    }),
  };
}

describe('quitting', () => {
  it('holds the first quit until the service has closed, then quits for real', async () => {
    const app = fakeApp();
    let finish: () => void = () => undefined;
    const close = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    holdQuitUntilClosed(app as never, close);
    const first = { preventDefault: vi.fn() };
    app.handlers.get('before-quit')!(first);
    expect(first.preventDefault).toHaveBeenCalled();
    // A second Quit while closing neither closes twice nor lets the app go early.
    const second = { preventDefault: vi.fn() };
    app.handlers.get('before-quit')!(second);
    expect(second.preventDefault).toHaveBeenCalled();
    expect(close).toHaveBeenCalledOnce();
    expect(app.quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce());
    const last = { preventDefault: vi.fn() };
    app.handlers.get('before-quit')!(last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('still quits when closing failed', async () => {
    const app = fakeApp();
    holdQuitUntilClosed(app as never, () => Promise.reject(new Error('disk gone')));
    app.handlers.get('before-quit')!({ preventDefault() {} });
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce());
  });

  it('keeps running when the last window closes (the tray stays)', () => {
    const app = fakeApp();
    holdQuitUntilClosed(app as never, async () => undefined);
    expect(app.handlers.has('window-all-closed')).toBe(true);
    app.handlers.get('window-all-closed')!({ preventDefault() {} });
    expect(app.quit).not.toHaveBeenCalled();
  });
});
