// The engine's status line: sent when it changes and only then, at once when a rate limit
// wait begins, and once more when that wait is over (on the clock the test moves, so the end
// of the wait is an instant, not seconds of waiting).
import { describe, expect, it } from 'vitest';
import { RateGate } from '../../../../electron/engine/api/rate-gate.ts';
import type { EngineStatus } from '../../../../electron/engine/engine-types.ts';
import { EngineEmitter } from '../../../../electron/engine/events.ts';
import { StatusReporter } from '../../../../electron/engine/jobs/engine-status.ts';
import { ManualClock } from '../../../support/manual-clock.ts';

function reporter() {
  const clock = new ManualClock();
  const gate = new RateGate(clock);
  const emitter = new EngineEmitter();
  const state = { paused: false, needsKey: false, running: 0 };
  const read = (): EngineStatus => {
    const notBefore = gate.notBefore;
    return { ...state, ...(notBefore !== undefined ? { notBefore } : {}) };
  };
  const sent: EngineStatus[] = [];
  emitter.on('status', (status) => sent.push(status));
  const status = new StatusReporter(read, emitter, gate);
  return { clock, gate, state, sent, status };
}

describe('the status reporter', () => {
  it('sends the status when it changed and never the same one twice in a row', () => {
    const { state, sent, status } = reporter();
    status.emit();
    status.emit();
    state.running = 2;
    status.emit();
    status.emit();
    state.paused = true;
    status.emit();
    expect(sent).toEqual([
      { paused: false, needsKey: false, running: 0 },
      { paused: false, needsKey: false, running: 2 },
      { paused: true, needsKey: false, running: 2 },
    ]);
  });

  it('says when a rate limit wait begins, and again the moment it is over', async () => {
    const { clock, gate, sent, status } = reporter();
    status.emit();
    const until = clock.now() + 7000;
    gate.closeUntil(until);
    expect(sent.at(-1)).toEqual({ paused: false, needsKey: false, running: 0, notBefore: until });
    const wakeAt = await clock.untilSleeping(
      'the reporter waiting for the end of the window',
      (at) => at > until,
    );
    expect(wakeAt).toBe(until + 1);

    await clock.advance(6999);
    expect(sent).toHaveLength(2); // still inside the window
    await clock.advance(2);
    expect(sent).toHaveLength(3);
    expect(sent.at(-1)).toEqual({ paused: false, needsKey: false, running: 0 });
  });

  it('follows a window pushed later, and stops waiting when stopped', async () => {
    const { clock, gate, sent, status } = reporter();
    gate.closeUntil(clock.now() + 1000);
    gate.closeUntil(clock.now() + 5000);
    expect(sent.map((each) => each.notBefore)).toEqual([clock.now() + 1000, clock.now() + 5000]);
    expect(clock.wakeTimes).toEqual([clock.now() + 5001]); // the first wait was let go
    status.stop();
    await clock.advance(0);
    expect(clock.wakeTimes).toEqual([]);
    await clock.advance(6000);
    expect(sent).toHaveLength(2);
  });
});
