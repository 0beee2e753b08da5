// The watch's event emitter: each listener hears its own event, an unsubscribed one no more,
// and a listener that throws neither stops the watch nor the listeners after it.
import { describe, expect, it } from 'vitest';
import { FolderWatchEmitter } from '../../../../electron/engine/watch/watch-events.ts';

describe('the folder watch emitter', () => {
  it('delivers each event to its own listeners, in order, until they unsubscribe', () => {
    const events = new FolderWatchEmitter();
    const heard: string[] = [];
    const off = events.on('resumed', (payload) => heard.push(`first ${payload.reason}`));
    events.on('resumed', (payload) => heard.push(`second ${payload.reason}`));
    events.on('paused', () => heard.push('paused'));
    events.emit('resumed', { ruleId: 'r', reason: 'user' });
    off();
    events.emit('resumed', { ruleId: 'r', reason: 'tokens' });
    events.emit('skipped', { ruleId: 'r', source: '/in/a', reason: 'empty' }); // nobody listens
    expect(heard).toEqual(['first user', 'second user', 'second tokens']);
  });

  it('keeps going past a listener that throws', () => {
    const events = new FolderWatchEmitter();
    const heard: string[] = [];
    events.on('paused', () => {
      throw new Error('a bug in one listener');
    });
    events.on('paused', (payload) => heard.push(payload.reason));
    expect(() => events.emit('paused', { ruleId: 'r', reason: 'user' })).not.toThrow();
    expect(heard).toEqual(['user']);
  });
});
