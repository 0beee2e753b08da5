// `ifc jobs` in-process, over journals a real engine wrote (the local server over real HTTP, a
// temp per-user state folder): while a run holds the journal its jobs show as they are; once
// the run stopped, a job that was on its way shows as pending (what `ifc resume` takes up);
// the app's journal beside it is listed after ifc's, marked as the app's. A damaged or
// unreadable own journal is exit 2 with one sentence; a damaged app journal is the app's to
// report and ifc still lists its own.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../../electron/cli/args.ts';
import { jobsCommand } from '../../../../electron/cli/commands/jobs.ts';
import { createEngine, type Engine, journalDirOf } from '../../../../electron/engine/index.ts';
import { JOURNAL_FILE } from '../../../../electron/engine/journal/journal.ts';
import { startLocalServer } from '../../../../electron/localserver/index.ts';
import { setLanguage } from '../../../../shared/i18n/index.ts';
import { messageFor } from '../../../../shared/messages.ts';
import { memoryOutput } from '../../../support/memory-output.ts';
import { FAST_ENGINE_TIMING, waitFor } from '../../../support/wait.ts';
import { cleanupsAfterEach } from '../../../support/cleanups.ts';
import { FIXTURES } from '../../../support/fixtures.ts';

const cleanups = cleanupsAfterEach();

async function home(): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-jobs-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'in'));
  // Both journals live in this per-user state folder, as on a person's machine.
  return { dir, env: { XDG_STATE_HOME: join(dir, 'state'), HOME: dir, LANG: 'C.UTF-8' } };
}

async function jobs(argv: string[], env: NodeJS.ProcessEnv) {
  const parsed = parseCommandLine(['jobs', ...argv]);
  if (!parsed.ok || parsed.command.name !== 'jobs') throw new Error('not a jobs command');
  setLanguage('en');
  const io = memoryOutput();
  const code = await jobsCommand(parsed.command, io, env);
  return { code, out: io.out(), err: io.err() };
}

/** An engine over `stateDir` with one job accepted by a server that never finishes it. */
async function engineWithWaitingJob(stateDir: string, inDir: string, name: string): Promise<Engine> {
  const server = await startLocalServer({ tokens: 100, faults: { neverFinish: {} } });
  cleanups.push(() => server.close());
  const made = await createEngine({
    api: { url: server.url, key: server.key },
    stateDir,
    timing: { ...FAST_ENGINE_TIMING, syncWaitSeconds: 0 },
  });
  if (!made.ok) throw new Error(`engine: ${made.error.code}`);
  const engine = made.value;
  cleanups.push(() => engine.close());
  const source = join(inDir, name);
  await copyFile(join(FIXTURES, 'memo.txt'), source);
  const submitted = await engine.submit([{ source, to: 'pdf' }], {});
  if (!submitted.ok) throw new Error(submitted.error.code);
  await waitFor(() => engine.jobs()[0]?.state === 'processing', `${name} processing on the server`);
  return engine;
}

describe('ifc jobs', () => {
  it('says the journal holds no jobs when there is none, and prints nothing with --json', async () => {
    const { env } = await home();
    expect(await jobs([], env)).toEqual({ code: 0, out: `${'The journal holds no jobs.'}\n`, err: '' });
    expect(await jobs(['--json'], env)).toEqual({ code: 0, out: '', err: '' });
  });

  it("shows a running job as it is, and as pending once its run stopped; the app's after, marked", async () => {
    const { dir, env } = await home();
    const own = await engineWithWaitingJob(
      journalDirOf('ifc', env),
      join(dir, 'in'),
      'Bericht März 日本.txt',
    );
    const app = await engineWithWaitingJob(journalDirOf('app', env), join(dir, 'in'), 'aus der App.txt');

    const running = await jobs(['--json'], env);
    expect(running.code).toBe(0);
    const lines = running.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [String(line.source).split('/').pop(), line.owner])).toEqual([
      ['Bericht März 日本.txt', undefined],
      ['aus der App.txt', 'app'],
    ]);
    // As the journal last wrote them (it may be a write or two behind): on their way, not
    // pending, since a live run holds each journal.
    for (const line of lines) expect(['queued', 'uploading', 'processing']).toContain(line.state);

    await own.close();
    await app.close();
    const stopped = await jobs([], env);
    expect(stopped.code).toBe(0);
    const human = stopped.out.trim().split('\n');
    expect(human).toHaveLength(2);
    expect(human[0]).toMatch(/Bericht März 日本\.txt$/);
    expect(human[0]).toMatch(/pending/i);
    expect(human[1]).toMatch(/^app: .*aus der App\.txt$/);
    expect(stopped.err).toBe('');
  });

  it('refuses a damaged or unreadable own journal with exit 2 and one sentence', async () => {
    const { dir, env } = await home();
    const ownDir = join(dir, 'eigen');
    await mkdir(ownDir, { recursive: true });
    await writeFile(join(ownDir, JOURNAL_FILE), '{"jobs": [ this is not json');
    const damaged = await jobs(['--state-dir', ownDir], env);
    expect(damaged).toEqual({ code: 2, out: '', err: `${messageFor('journal_corrupt')}\n` });

    // A folder where the journal file should be: it cannot be read at all.
    const blockedDir = join(dir, 'blocked');
    await mkdir(join(blockedDir, JOURNAL_FILE), { recursive: true });
    const unreadable = await jobs(['--state-dir', blockedDir, '--json'], env);
    expect(unreadable).toEqual({ code: 2, out: '', err: `${messageFor('journal_corrupt')}\n` });
  });

  it("still lists ifc's own jobs when the app's journal is damaged", async () => {
    const { dir, env } = await home();
    const appDir = journalDirOf('app', env);
    await mkdir(appDir, { recursive: true });
    await writeFile(join(appDir, JOURNAL_FILE), 'garbage');
    const own = await engineWithWaitingJob(journalDirOf('ifc', env), join(dir, 'in'), 'eigen.txt');
    await own.close();
    const listed = await jobs([], env);
    expect(listed.code).toBe(0);
    expect(listed.err).toBe('');
    expect(listed.out.trim().split('\n')).toHaveLength(1);
    expect(listed.out).toMatch(/eigen\.txt\n$/);
  });
});
