// The main -> window event bus on its own: every listener of an event hears it, in the order
// they subscribed; unsubscribing stops only that listener; and one listener that throws (a
// window already closed) must not keep the others (the tray, a second window) from hearing.
import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../../electron/app-service/event-bus.ts';
import type { EngineStatus } from '../../../shared/ipc/contract.ts';

const status = (paused: boolean): EngineStatus => ({ paused, needsKey: false, running: 0 });

describe('the event bus between the service and its windows', () => {
  it('delivers each event to its own listeners only, in subscription order', () => {
    const bus = createEventBus();
    const heard: string[] = [];
    bus.on('history:changed', (entries) => heard.push(`first:${entries.length}`));
    bus.on('history:changed', (entries) => heard.push(`second:${entries.length}`));
    bus.on('balance:changed', (balance) => heard.push(`balance:${balance.tokens}`));
    bus.emit('history:changed', []);
    bus.emit('balance:changed', { tokens: 7, offline: false, checkedAt: 1 });
    expect(heard).toEqual(['first:0', 'second:0', 'balance:7']);
  });

  it('an event nobody listens to is simply dropped', () => {
    const bus = createEventBus();
    expect(() => bus.emit('engine:status', status(true))).not.toThrow();
  });

  it('unsubscribing stops that listener only, and twice is harmless', () => {
    const bus = createEventBus();
    const heard: string[] = [];
    const offA = bus.on('engine:status', () => heard.push('a'));
    bus.on('engine:status', () => heard.push('b'));
    offA();
    offA();
    bus.emit('engine:status', status(false));
    expect(heard).toEqual(['b']);
  });

  it('the same function subscribed twice hears once per subscription it still holds', () => {
    const bus = createEventBus();
    let count = 0;
    const listener = () => {
      count += 1;
    };
    const off1 = bus.on('history:changed', listener);
    bus.on('history:changed', listener);
    bus.emit('history:changed', []);
    // A Set keeps one copy: the bus hears it once, and unsubscribing once is enough.
    expect(count).toBe(1);
    off1();
    bus.emit('history:changed', []);
    expect(count).toBe(1);
  });

  it('a listener that throws (a closed window) does not stop the ones after it', () => {
    const bus = createEventBus();
    const heard: string[] = [];
    bus.on('history:changed', () => {
      throw new Error('Object has been destroyed');
    });
    bus.on('history:changed', () => heard.push('tray'));
    expect(() => bus.emit('history:changed', [])).not.toThrow();
    expect(heard).toEqual(['tray']);
  });

  it('a listener that unsubscribes itself while hearing does not break the delivery', () => {
    const bus = createEventBus();
    const heard: string[] = [];
    const off = bus.on('history:changed', () => {
      heard.push('once');
      off();
    });
    bus.on('history:changed', () => heard.push('always'));
    bus.emit('history:changed', []);
    bus.emit('history:changed', []);
    expect(heard).toEqual(['once', 'always', 'always']);
  });
});
