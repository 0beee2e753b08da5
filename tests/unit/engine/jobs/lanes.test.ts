// Lanes: concurrency, priority within a lane, holds and aborts.
import { describe, expect, it } from 'vitest';
import { Lane, LaneAborted } from '../../../../electron/engine/jobs/lanes.ts';

describe('Lane', () => {
  it('runs at most `concurrency` tasks, higher priority first, in order within a priority', async () => {
    const lane = new Lane('test', 1);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const blocker = lane.run(() => new Promise<void>((resolve) => (release = resolve)));
    const tasks = [
      lane.run(async () => order.push('old-1'), 1),
      lane.run(async () => order.push('old-2'), 1),
      lane.run(async () => order.push('new'), 2),
    ];
    // A lane starts a task in run() itself: what did not start by now waits for the slot.
    expect([lane.running, lane.queued]).toEqual([1, 3]);
    expect(order).toEqual([]);
    release();
    await Promise.all([blocker, ...tasks]);
    expect(order).toEqual(['new', 'old-1', 'old-2']);
  });

  it('keeps priority order, then arrival order, whatever order the priorities come in', async () => {
    const lane = new Lane('test', 1);
    lane.hold('paused');
    const order: string[] = [];
    const arrivals: [string, number][] = [
      ['low-1', 1],
      ['high-1', 3],
      ['mid-1', 2],
      ['low-2', 1],
      ['high-2', 3],
      ['mid-2', 2],
      ['top', 4],
    ];
    const tasks = arrivals.map(([name, priority]) => lane.run(async () => order.push(name), priority));
    lane.release('paused');
    await Promise.all(tasks);
    expect(order).toEqual(['top', 'high-1', 'high-2', 'mid-1', 'mid-2', 'low-1', 'low-2']);
  });

  it('starts nothing while held and drops a waiting task whose signal aborts', async () => {
    const lane = new Lane('test', 2);
    lane.hold('paused');
    const ran: string[] = [];
    const controller = new AbortController();
    const kept = lane.run(async () => ran.push('kept'));
    const dropped = lane.run(async () => ran.push('dropped'), 0, controller.signal);
    controller.abort();
    await expect(dropped).rejects.toBeInstanceOf(LaneAborted);
    // Only the kept one still waits (a lane starts a task in run() or pump(), never later).
    expect([lane.running, lane.queued]).toEqual([0, 1]);
    expect(ran).toEqual([]);
    lane.release('paused');
    await kept;
    expect(ran).toEqual(['kept']);
  });
});
