// One launch per selected file becomes one batch per request; the clock is the test's.
import { describe, expect, it } from 'vitest';
import type { LaunchRequest } from '../../../electron/app-service/launch/launch-args.ts';
import { createLaunchBatches } from '../../../electron/app-service/launch/launch-batches.ts';
import { manualScheduler } from '../../support/manual-scheduler.ts';

const convert = (to: string, ...files: string[]): LaunchRequest => ({ action: 'convert', to, files });

describe('launch batches', () => {
  it('gathers launches that come close together into one batch per target', () => {
    const clock = manualScheduler();
    const batches = createLaunchBatches({ quietMs: 500, scheduler: clock.scheduler });
    const delivered: LaunchRequest[] = [];
    batches.ready((request) => delivered.push(request));
    batches.add(convert('pdf', '/a.png'));
    clock.advance(400);
    batches.add(convert('pdf', '/b.png'));
    batches.add(convert('xlsx', '/c.csv'));
    clock.advance(400);
    batches.add(convert('pdf', '/c.jpg', '/a.png'));
    expect(delivered).toEqual([]);
    clock.advance(500);
    expect(delivered).toEqual([convert('pdf', '/a.png', '/b.png', '/c.jpg'), convert('xlsx', '/c.csv')]);
    // Later launches start a new batch.
    batches.add(convert('pdf', '/d.png'));
    clock.advance(500);
    expect(delivered.at(-1)).toEqual(convert('pdf', '/d.png'));
  });

  it('holds launches until the app is ready, then sends them after the quiet spell', () => {
    const clock = manualScheduler();
    const batches = createLaunchBatches({ quietMs: 500, scheduler: clock.scheduler });
    batches.add(convert('pdf', '/a.png'));
    clock.advance(5000);
    expect(clock.pending()).toBe(0);
    const delivered: LaunchRequest[] = [];
    batches.ready((request) => delivered.push(request));
    batches.add(convert('pdf', '/b.png'));
    clock.advance(500);
    expect(delivered).toEqual([convert('pdf', '/a.png', '/b.png')]);
  });

  it('drops what is waiting when closed', () => {
    const clock = manualScheduler();
    const batches = createLaunchBatches({ quietMs: 500, scheduler: clock.scheduler });
    const delivered: LaunchRequest[] = [];
    batches.ready((request) => delivered.push(request));
    batches.add(convert('pdf', '/a.png'));
    batches.close();
    clock.advance(1000);
    expect(delivered).toEqual([]);
    expect(clock.pending()).toBe(0);
  });
});
