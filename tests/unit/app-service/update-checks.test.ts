// The updater's decisions (app-service/updates) on a clock the test moves: when checks run,
// what a feed's answers show, and that "Restart to update" never goes through while anything
// converts. The feed here is a scripted stand-in for electron-updater's events; the real
// updater against a real HTTP feed is tests/integration/updates/update-feed.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHECK_EVERY_MS,
  FIRST_CHECK_DELAY_MS,
  nextUpdateState,
  problemFor,
  restartAllowed,
  type UpdateState,
  updateStatus,
} from '../../../electron/app-service/updates/update-decisions.ts';
import {
  createUpdateChecks,
  type FeedEvent,
  type UpdateChecks,
  type UpdateFeed,
} from '../../../electron/app-service/updates/update-checks.ts';
import type { UpdateStatus } from '../../../shared/updates.ts';
import { ManualClock } from '../../support/manual-clock.ts';

const HOUR = 60 * 60 * 1000;

/** A feed whose answers the test scripts: each check replies with the next list of events. */
function scriptedFeed(clock: ManualClock) {
  const listeners = new Set<(event: FeedEvent) => void>();
  const answers: FeedEvent[][] = [];
  const feed = {
    checks: [] as number[],
    installs: 0,
    answer(...events: FeedEvent[]) {
      answers.push(events);
    },
    emit(event: FeedEvent) {
      for (const listener of listeners) listener(event);
    },
    async check() {
      feed.checks.push(clock.now());
      for (const event of answers.shift() ?? [{ kind: 'checking' }, { kind: 'current', version: '1.0.0' }]) {
        feed.emit(event);
      }
    },
    install() {
      feed.installs += 1;
    },
    onEvent(listener: (event: FeedEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } satisfies UpdateFeed & Record<string, unknown>;
  return feed;
}

let checks: UpdateChecks | undefined;
afterEach(() => checks?.close());

function start(options: { enabled?: () => boolean; busy?: () => boolean } = {}) {
  const clock = new ManualClock();
  const feed = scriptedFeed(clock);
  const seen: UpdateStatus[] = [];
  checks = createUpdateChecks({
    feed,
    clock,
    enabled: options.enabled ?? (() => true),
    busy: options.busy ?? (() => false),
    changed: (status) => seen.push(status),
  });
  return { clock, feed, seen, checks };
}

describe('update decisions', () => {
  it('tells a refused download (sha512 mismatch) apart from a feed that cannot be read', () => {
    expect(problemFor('downloading', 'ERR_CHECKSUM_MISMATCH').code).toBe('update_damaged');
    expect(problemFor('checking', 'ERR_UPDATER_INVALID_UPDATE_INFO').code).toBe('update_failed');
    expect(problemFor('checking', 'ECONNREFUSED').code).toBe('update_failed');
    expect(problemFor('ready', undefined).code).toBe('update_install_failed');
    // One plain sentence, never the updater's own text or a stack.
    expect(problemFor('checking', 'ECONNREFUSED').message).toBe(
      'Updates could not be checked just now. Everything else works as usual; the app tries again tomorrow.',
    );
  });

  it('offers a restart only once downloaded, and only while nothing converts', () => {
    let state: UpdateState = { phase: 'current' };
    state = nextUpdateState(state, { kind: 'checking' }, 1);
    state = nextUpdateState(state, { kind: 'available', version: '1.1.0' }, 2);
    expect(state).toMatchObject({ phase: 'downloading', version: '1.1.0', percent: 0 });
    expect(restartAllowed(state, false)).toBe(false);
    state = nextUpdateState(state, { kind: 'progress', percent: 41.6 }, 3);
    expect(state.percent).toBe(42);
    state = nextUpdateState(state, { kind: 'downloaded', version: '1.1.0' }, 4);
    expect(restartAllowed(state, true)).toBe(false);
    expect(restartAllowed(state, false)).toBe(true);
    expect(updateStatus(state, true)).toMatchObject({ phase: 'ready', version: '1.1.0', canRestart: false });
    // A later check does not take the downloaded update away.
    expect(nextUpdateState(state, { kind: 'checking' }, 5).phase).toBe('ready');
    expect(nextUpdateState(state, { kind: 'current', version: '1.1.0' }, 5).phase).toBe('ready');
  });

  it('says one failure once: the rejected check after its error event changes nothing', () => {
    const failed = nextUpdateState({ phase: 'checking' }, { kind: 'error', code: 'ECONNREFUSED' }, 7);
    expect(failed).toMatchObject({ phase: 'failed', checkedAt: 7, problem: { code: 'update_failed' } });
    expect(nextUpdateState(failed, { kind: 'error' }, 8)).toBe(failed);
  });

  it('shows nothing a feed says while checks are off', () => {
    const off: UpdateState = { phase: 'off' };
    expect(nextUpdateState(off, { kind: 'downloaded', version: '9.0.0' }, 1)).toBe(off);
  });
});

describe('update checks over time', () => {
  it('checks shortly after start, then once a day', async () => {
    const { clock, feed, seen } = start();
    const startedAt = clock.now();
    await clock.untilSleeping('the first check to be scheduled');
    expect(feed.checks).toEqual([]);
    await clock.advance(FIRST_CHECK_DELAY_MS);
    expect(feed.checks).toEqual([startedAt + FIRST_CHECK_DELAY_MS]);
    expect(seen.at(-1)).toMatchObject({ phase: 'current', checkedAt: startedAt + FIRST_CHECK_DELAY_MS });
    await clock.advance(CHECK_EVERY_MS - 1);
    expect(feed.checks).toHaveLength(1);
    await clock.advance(1);
    await clock.advance(CHECK_EVERY_MS);
    expect(feed.checks).toEqual([
      startedAt + FIRST_CHECK_DELAY_MS,
      startedAt + FIRST_CHECK_DELAY_MS + CHECK_EVERY_MS,
      startedAt + FIRST_CHECK_DELAY_MS + 2 * CHECK_EVERY_MS,
    ]);
  });

  it('never checks while switched off; switched on again, a due check runs at once', async () => {
    let enabled = false;
    const { clock, feed, checks } = start({ enabled: () => enabled });
    expect(checks.status().phase).toBe('off');
    await clock.advance(FIRST_CHECK_DELAY_MS + 3 * CHECK_EVERY_MS);
    expect(feed.checks).toEqual([]);
    enabled = true;
    checks.settingsChanged();
    await clock.untilSleeping('the next daily check after the one that ran');
    expect(feed.checks).toEqual([clock.now()]);
  });

  it('after a failed check, tries again the next day and clears the sentence when it works', async () => {
    const { clock, feed, checks } = start();
    feed.answer({ kind: 'checking' }, { kind: 'error', code: 'ERR_UPDATER_INVALID_UPDATE_INFO' });
    await clock.advance(FIRST_CHECK_DELAY_MS);
    expect(checks.status()).toMatchObject({ phase: 'failed', problem: { code: 'update_failed' } });
    await clock.advance(CHECK_EVERY_MS);
    expect(feed.checks).toHaveLength(2);
    expect(checks.status().phase).toBe('current');
    expect(checks.status().problem).toBeUndefined();
  });

  it('withholds the restart during a batch and offers it once idle', async () => {
    let running = 2;
    const { clock, feed, seen, checks } = start({ busy: () => running > 0 });
    feed.answer(
      { kind: 'checking' },
      { kind: 'available', version: '1.1.0' },
      { kind: 'downloaded', version: '1.1.0' },
    );
    await clock.advance(FIRST_CHECK_DELAY_MS);
    expect(checks.status()).toMatchObject({ phase: 'ready', version: '1.1.0', canRestart: false });
    const refused = checks.restart();
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.code).toBe('update_busy');
    expect(feed.installs).toBe(0);
    // The batch finishes: the engine's status event brings the offer.
    running = 0;
    checks.busyChanged();
    expect(seen.at(-1)).toMatchObject({ phase: 'ready', canRestart: true });
    expect(checks.restart().ok).toBe(true);
    expect(feed.installs).toBe(1);
  });

  it('refuses a restart with nothing downloaded', () => {
    const { feed, checks } = start();
    const refused = checks.restart();
    expect(!refused.ok && refused.error.code).toBe('update_not_ready');
    expect(feed.installs).toBe(0);
  });

  it('a downloaded update is not looked for again, and closing leaves nothing waiting', async () => {
    const { clock, feed, checks } = start();
    feed.answer({ kind: 'checking' }, { kind: 'downloaded', version: '2.0.0' });
    await clock.advance(FIRST_CHECK_DELAY_MS);
    await clock.advance(3 * CHECK_EVERY_MS + HOUR);
    expect(feed.checks).toHaveLength(1);
    checks.close();
    await clock.advance(0);
    expect(clock.wakeTimes).toEqual([]);
  });

  it('without a feed (development, tests) never schedules anything', async () => {
    const clock = new ManualClock();
    checks = createUpdateChecks({ clock, enabled: () => true, busy: () => false, changed: () => undefined });
    await clock.advance(0);
    expect(clock.wakeTimes).toEqual([]);
    expect(checks.status()).toEqual({ phase: 'current', canRestart: false });
  });
});
