// The updater's decisions on their own: the states a feed's events lead to (a downloaded
// update stays offered; one failure is one sentence; a damaged download is said as such),
// when a check is due (on the instants handed in, no timers), and that a restart never cuts
// into a conversion.
import { describe, expect, it } from 'vitest';
import {
  CHECK_EVERY_MS,
  checkDue,
  FIRST_CHECK_DELAY_MS,
  initialUpdateState,
  nextCheckAt,
  nextUpdateState,
  problemFor,
  restartRefusal,
  type UpdateState,
  updateStatus,
  withChecksEnabled,
} from '../../../../electron/app-service/updates/update-decisions.ts';

const T = Date.UTC(2026, 0, 5, 9, 0, 0);

describe('update states', () => {
  it('goes current -> checking -> downloading (progress kept in 0..100) -> ready', () => {
    let state = initialUpdateState(true);
    state = nextUpdateState(state, { kind: 'checking' }, T);
    expect(state.phase).toBe('checking');
    state = nextUpdateState(state, { kind: 'available', version: '2.1.0' }, T + 1);
    expect(state).toEqual({ phase: 'downloading', version: '2.1.0', percent: 0, checkedAt: T + 1 });
    state = nextUpdateState(state, { kind: 'progress', percent: 41.6 }, T + 2);
    expect(state.percent).toBe(42);
    expect(nextUpdateState(state, { kind: 'progress', percent: 140 }, T + 3).percent).toBe(100);
    state = nextUpdateState(state, { kind: 'downloaded', version: '2.1.0' }, T + 4);
    expect(state).toEqual({ phase: 'ready', version: '2.1.0', checkedAt: T + 1 });
  });

  it('keeps a downloaded update offered through later checks and errors', () => {
    const ready: UpdateState = { phase: 'ready', version: '2.1.0', checkedAt: T };
    expect(nextUpdateState(ready, { kind: 'checking' }, T + 1)).toBe(ready);
    expect(nextUpdateState(ready, { kind: 'current', version: '2.1.0' }, T + 1)).toBe(ready);
    const failed = nextUpdateState(ready, { kind: 'error', code: 'EPERM' }, T + 2);
    expect(failed).toMatchObject({
      phase: 'ready',
      version: '2.1.0',
      problem: { code: 'update_install_failed' },
    });
  });

  it('says one failure once, and a damaged download as damaged', () => {
    const checking: UpdateState = { phase: 'checking' };
    const failed = nextUpdateState(checking, { kind: 'error', code: 'ECONNREFUSED' }, T);
    expect(failed).toMatchObject({
      phase: 'failed',
      problem: { code: 'update_failed', details: { feedCode: 'ECONNREFUSED' } },
    });
    expect(nextUpdateState(failed, { kind: 'error' }, T + 1)).toBe(failed);
    expect(problemFor('downloading', 'ERR_CHECKSUM_MISMATCH').code).toBe('update_damaged');
  });

  it('shows nothing a check says while switched off, and switching on starts from current', () => {
    const off = initialUpdateState(false);
    expect(nextUpdateState(off, { kind: 'available', version: '9' }, T)).toBe(off);
    expect(withChecksEnabled({ phase: 'failed' }, false)).toEqual({ phase: 'off' });
    expect(withChecksEnabled(off, true)).toEqual({ phase: 'current' });
    const ready: UpdateState = { phase: 'ready', version: '2' };
    expect(withChecksEnabled(ready, true)).toBe(ready);
  });
});

describe('when to check', () => {
  it('checks first a little after start, then once a day from the last attempt', () => {
    expect(nextCheckAt(undefined, T)).toBe(T + FIRST_CHECK_DELAY_MS);
    expect(nextCheckAt(T, T - 5)).toBe(T + CHECK_EVERY_MS);
    const current: UpdateState = { phase: 'current' };
    expect(checkDue(current, undefined, T)).toBe(true);
    expect(checkDue(current, T, T + CHECK_EVERY_MS - 1)).toBe(false);
    expect(checkDue(current, T, T + CHECK_EVERY_MS)).toBe(true);
  });

  it('never while off, under way, or with an update waiting', () => {
    for (const phase of ['off', 'checking', 'downloading', 'ready'] as const)
      expect(checkDue({ phase }, undefined, T), phase).toBe(false);
  });
});

describe('restarting to update', () => {
  it('is refused while not ready or while converting, and offered once idle', () => {
    const ready: UpdateState = { phase: 'ready', version: '2.1.0' };
    expect(restartRefusal({ phase: 'downloading' }, false)?.code).toBe('update_not_ready');
    expect(restartRefusal(ready, true)?.code).toBe('update_busy');
    expect(restartRefusal(ready, false)).toBeUndefined();
    expect(updateStatus(ready, true).canRestart).toBe(false);
    expect(updateStatus(ready, false)).toEqual({ phase: 'ready', version: '2.1.0', canRestart: true });
  });
});
