// What every engine-driving command shares: open the engine on the state dir, show its job
// events, and notice the three ways a run stops early (Ctrl-C, a rejected key, a 402 is not
// one of them: the batch settles with the rest pending).
import type { BatchSummary } from '../../shared/jobs.ts';
import { messageFor } from '../../shared/messages.ts';
import type { Engine, EngineOptions } from '../engine/index.ts';
import { createEngine, journalDirOf } from '../engine/index.ts';
import type { Common } from './args.ts';
import { type Connection, connect } from './endpoint.ts';
import { exitCodeForFailure } from './exit-codes.ts';
import { type Output, printError, type Reporter } from './reporter.ts';

export type StopReason = 'interrupted' | 'needs-key';

/** How a command's batch ended: settled, or the run stopped early. */
export interface BatchEnd {
  stop: { interrupted: boolean; needsKey: boolean };
  /** The batch's summary; when the run stopped early, read it after session.end() (ending the
   *  session settles the jobs that were still moving). */
  summary(skipped: BatchSummary['skipped']): BatchSummary;
}

/** Waits until the batch settles or the run must stop, whichever comes first. */
export async function batchEnd(session: Session, batchId: string, jobIds: string[]): Promise<BatchEnd> {
  let settled: BatchSummary | undefined;
  let off: () => void = () => undefined;
  const batchDone = new Promise<'settled'>((resolveDone) => {
    off = session.engine.on('batch', (summary) => {
      if (summary.batchId !== batchId) return;
      settled = summary;
      resolveDone('settled');
    });
  });
  const how = await Promise.race([batchDone, session.stopped]);
  off();
  return {
    stop: { interrupted: how === 'interrupted', needsKey: how === 'needs-key' },
    summary: (skipped) =>
      settled && how === 'settled' ? settled : session.engine.summaryFor(jobIds, batchId, skipped),
  };
}

export interface Session {
  engine: Engine;
  /** Resolves when the run must stop early. */
  stopped: Promise<StopReason>;
  stopReason(): StopReason | undefined;
  balance(): number | undefined;
  /** Closes the engine (journal flushed, lock released) and the local server if any. */
  end(): Promise<void>;
}

export function stateDirOf(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env.IFC_STATE_DIR || journalDirOf('ifc', env));
}

export async function openSession(
  connection: Connection,
  reporter: Reporter,
  options: { stateDir: string; concurrency?: number; outDir?: string; conflict?: EngineOptions['conflict'] },
): Promise<{ ok: true; session: Session } | { ok: false; code: string }> {
  const made = await createEngine({
    api: { url: connection.url, key: connection.key },
    proxy: connection.proxy,
    stateDir: options.stateDir,
    offline: connection.offline,
    ...(options.concurrency
      ? { concurrency: { upload: options.concurrency, download: options.concurrency } }
      : {}),
    ...(options.outDir ? { output: { dir: options.outDir } } : {}),
    ...(options.conflict ? { conflict: options.conflict } : {}),
    ...testTiming(),
  });
  if (!made.ok) {
    await connection.local?.close();
    return { ok: false, code: made.error.code };
  }
  const engine = made.value;
  if (engine.journalSetAside) reporter.note(messageFor('journal_corrupt'));
  let reason: StopReason | undefined;
  let balance: number | undefined;
  let resolveStop: (reason: StopReason) => void = () => undefined;
  const stopped = new Promise<StopReason>((resolve) => {
    resolveStop = resolve;
  });
  const stop = (why: StopReason): void => {
    if (reason) return;
    reason = why;
    resolveStop(why);
  };
  engine.on('job', (view) => reporter.job(view));
  engine.on('balance', (value) => {
    balance = value.tokens;
  });
  engine.on('status', (status) => {
    if (status.needsKey) stop('needs-key');
  });
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts += 1;
    // A second Ctrl-C while we tidy up means "now".
    if (interrupts > 1) process.exit(130);
    stop('interrupted');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let ending: Promise<void> | undefined;
  return {
    ok: true,
    session: {
      engine,
      stopped,
      stopReason: () => reason,
      balance: () => balance,
      end() {
        ending ??= finish();
        return ending;
      },
    },
  };

  async function finish(): Promise<void> {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await engine.close();
    reporter.close();
    await connection.local?.close();
  }
}

/** IFC_TEST_TIMING (JSON of EngineOptions.timing) lets tests shorten polls and backoff. */
function testTiming(): Pick<EngineOptions, 'timing'> {
  const raw = process.env.IFC_TEST_TIMING;
  if (!raw) return {};
  try {
    return { timing: JSON.parse(raw) as EngineOptions['timing'] };
  } catch {
    return {};
  }
}

type SessionOptions = Omit<Parameters<typeof openSession>[2], 'stateDir'>;

/** Connect (key, endpoint), then open the engine on the state dir; on failure the plain
 *  sentence is already printed and the exit code is returned. */
export async function startSession(
  common: Common,
  reporter: Reporter,
  io: Output,
  env: NodeJS.ProcessEnv,
  options: SessionOptions = {},
): Promise<{ ok: true; session: Session; stateDir: string } | { ok: false; exitCode: number }> {
  const connection = await connect(common.endpoint, env, common.proxy);
  if (!connection.ok) {
    printError(io, connection.code);
    return { ok: false, exitCode: exitCodeForFailure(connection.code) };
  }
  const stateDir = stateDirOf(common.stateDir, env);
  const opened = await openSession(connection.value, reporter, { stateDir, ...options });
  if (!opened.ok) {
    printError(io, opened.code);
    return { ok: false, exitCode: exitCodeForFailure(opened.code) };
  }
  return { ok: true, session: opened.session, stateDir };
}
