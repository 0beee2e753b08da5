import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { createFileHandOver } from '../../../electron/main/file-hand-over.ts';
import { claimSingleInstance } from '../../../electron/main/single-instance.ts';

type Handler = (...args: unknown[]) => void;

function fakeApp(gotLock: boolean) {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    quit: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => gotLock),
    on: vi.fn((event: string, handler: Handler) => {
      handlers.set(event, handler);
    }),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function claim(app: ReturnType<typeof fakeApp>, defaultApp = false) {
  const handOver = createFileHandOver(150);
  const delivered: string[][] = [];
  const showWindow = vi.fn();
  const claimed = claimSingleInstance({
    app: app as unknown as Parameters<typeof claimSingleInstance>[0]['app'],
    handOver,
    defaultApp,
    showWindow,
  });
  return { claimed, handOver, delivered, showWindow };
}

describe('single instance and "Open with"', () => {
  it('quits at once when another instance runs (that one gets the files)', () => {
    const app = fakeApp(false);
    const { claimed } = claim(app);
    expect(claimed).toBe(false);
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.handlers.size).toBe(0);
  });

  it("hands a second launch's files to the running app and shows its window", () => {
    const app = fakeApp(true);
    const { claimed, handOver, delivered, showWindow } = claim(app);
    expect(claimed).toBe(true);
    handOver.ready((paths) => delivered.push(paths));
    const argv = ['/opt/ifc/ifc-desktop', '--allow-file-access-from-files', 'a.pdf', '/tmp/b.csv'];
    app.handlers.get('second-instance')!({}, argv, '/home/ana');
    expect(showWindow).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(150);
    expect(delivered).toEqual([['/home/ana/a.pdf', '/tmp/b.csv']]);
  });

  it('reads a development second launch (electron .) without taking the app folder for a file', () => {
    const app = fakeApp(true);
    const { handOver, delivered } = claim(app, true);
    handOver.ready((paths) => delivered.push(paths));
    app.handlers.get('second-instance')!({}, ['/usr/bin/electron', '/src/app', 'x.md'], '/w');
    vi.advanceTimersByTime(150);
    expect(delivered).toEqual([['/w/x.md']]);
  });

  it('keeps macOS open-file events from before ready and delivers them together', () => {
    const app = fakeApp(true);
    const { handOver, delivered } = claim(app);
    const events = ['/Users/a/1.pdf', '/Users/a/2.pdf', '/Users/a/1.pdf'].map((path) => {
      const event = { preventDefault: vi.fn() };
      app.handlers.get('open-file')!(event, path);
      return event;
    });
    for (const event of events) expect(event.preventDefault).toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(delivered).toEqual([]);
    handOver.ready((paths) => delivered.push(paths));
    vi.advanceTimersByTime(149);
    expect(delivered).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(delivered).toEqual([['/Users/a/1.pdf', '/Users/a/2.pdf']]);
  });

  it('waits for a quiet spell so one Finder selection is one hand-over', () => {
    const app = fakeApp(true);
    const { handOver, delivered } = claim(app);
    handOver.ready((paths) => delivered.push(paths));
    for (let index = 0; index < 5; index += 1) {
      app.handlers.get('open-file')!({ preventDefault() {} }, `/f${index}.png`);
      vi.advanceTimersByTime(50);
    }
    expect(delivered).toEqual([]);
    vi.advanceTimersByTime(150);
    expect(delivered).toEqual([['/f0.png', '/f1.png', '/f2.png', '/f3.png', '/f4.png']]);
    app.handlers.get('second-instance')!({}, ['/opt/x'], '/');
    vi.advanceTimersByTime(500);
    expect(delivered).toHaveLength(1);
  });
});
