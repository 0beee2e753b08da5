import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  type Handler = () => void;
  const shown: FakeNotification[] = [];
  class FakeNotification {
    static supported = true;
    static isSupported() {
      return FakeNotification.supported;
    }
    options: { title: string; body: string };
    handlers = new Map<string, Handler>();
    constructor(options: { title: string; body: string }) {
      this.options = options;
    }
    on(event: string, handler: Handler) {
      this.handlers.set(event, handler);
    }
    show() {
      shown.push(this);
    }
  }
  return { shown, Notification: FakeNotification };
});
vi.mock('electron', () => electron);

import { createNotifier } from '../../../electron/main/notifications.ts';

beforeEach(() => {
  electron.shown.length = 0;
  electron.Notification.supported = true;
});

describe('OS notifications', () => {
  it('shows exactly one notification per call, and a click brings the window forward', () => {
    const showWindow = vi.fn();
    const notifier = createNotifier(showWindow);
    notifier.notify('Conversion finished with problems', '12 converted, 1 failed');
    expect(electron.shown.map((n) => n.options)).toEqual([
      { title: 'Conversion finished with problems', body: '12 converted, 1 failed' },
    ]);
    electron.shown[0]!.handlers.get('click')!();
    expect(showWindow).toHaveBeenCalledOnce();
  });

  it('runs a given click action instead of showing the window', () => {
    const showWindow = vi.fn();
    const onClick = vi.fn();
    createNotifier(showWindow).notify('t', 'b', onClick);
    electron.shown[0]!.handlers.get('click')!();
    expect(onClick).toHaveBeenCalledOnce();
    expect(showWindow).not.toHaveBeenCalled();
  });

  it('stays silent where the system has no notifications', () => {
    electron.Notification.supported = false;
    createNotifier(vi.fn()).notify('t', 'b');
    expect(electron.shown).toEqual([]);
  });
});
