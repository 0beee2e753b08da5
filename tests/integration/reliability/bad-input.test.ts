// Bad input through `ifc` as a person would give it: a missing file, an unreadable one, an
// empty one, a file over the size limit, unknown extensions, and a path with Unicode and
// spaces (the folder of 5,000 files is in large-folder.test.ts, so it can run alongside). Each is refused or reported with its own plain sentence, never
// uploaded when it cannot be converted, and never takes the good files down with it.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../../electron/localserver/index.ts';
import { messageFor } from '../../../shared/messages.ts';
import { FIXTURES, tempRoot } from './helpers.ts';
import { ifcEnv, runIfc, summaryOf } from './ifc-process.ts';

const LIMIT = 64 * 1024;
let root: string;
let server: LocalServer;
let case_ = 0;

beforeAll(async () => {
  root = await tempRoot('ifc-badinput-');
  server = await startLocalServer({ benchPassThrough: true, maxFileBytes: LIMIT });
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

/** A fresh input, output and state folder for one case. */
async function folders() {
  case_ += 1;
  const base = join(root, `case-${case_}`);
  const paths = { input: join(base, 'in'), out: join(base, 'out'), state: join(base, 'state') };
  await mkdir(paths.input, { recursive: true });
  return paths;
}

function posts(name: string): number {
  return server.ledger.postsBySourceName(name);
}

const sales = async (dir: string) => {
  await copyFile(join(FIXTURES, 'sales.csv'), join(dir, 'sales.csv'));
  return join(dir, 'sales.csv');
};

/** Root reads any file whatever its mode; without these two capabilities it cannot. */
function unprivileged(): { wrapper?: string[]; skip?: string } {
  if (process.getuid?.() !== 0) return {};
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'pipe' });
  } catch {
    return { skip: 'running as root without setpriv, so a file cannot be made unreadable' };
  }
  const drop = '-dac_override,-dac_read_search';
  return { wrapper: ['setpriv', `--bounding-set=${drop}`, `--inh-caps=${drop}`] };
}

describe('bad input through ifc', () => {
  it('a missing file: exit 2 with the plain sentence, nothing uploaded', async () => {
    const dir = await folders();
    const good = await sales(dir.input);
    const missing = join(dir.input, 'gone.csv');
    const before = server.requests.length;
    const run = await runIfc(['convert', good, missing, '--to', 'json', '--out', dir.out], {
      env: ifcEnv(server, dir.state),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(messageFor('file_missing'));
    expect(run.stderr).toContain(missing);
    expect(server.requests.slice(before).filter((entry) => entry.method === 'POST')).toEqual([]);
  });

  it('an unreadable file: listed with file_unreadable, the readable one converts, nothing charged for it', async (context) => {
    const how = unprivileged();
    if (how.skip) context.skip(how.skip);
    const dir = await folders();
    const good = await sales(dir.input);
    const secret = join(dir.input, 'secret.csv');
    await writeFile(secret, 'a,b\n1,2\n');
    await chmod(secret, 0o000);
    const run = await runIfc(['convert', good, secret, '--to', 'json', '--out', dir.out, '--json'], {
      env: ifcEnv(server, dir.state),
      ...(how.wrapper ? { wrapper: how.wrapper } : {}),
    });
    const summary = summaryOf(run);
    expect(
      summary.completed?.map((entry) => entry.source),
      run.stderr,
    ).toEqual([good]);
    const listed = [
      ...(summary.failed ?? []).map((entry) => ({
        source: entry.source,
        message: entry.message,
        code: entry.code,
      })),
      ...(summary.skipped ?? []).map((entry) => ({
        source: entry.source,
        message: entry.reason,
        code: undefined,
      })),
    ];
    expect(listed).toHaveLength(1);
    expect(listed[0]?.source).toBe(secret);
    expect(listed[0]?.message).toBe(messageFor('file_unreadable'));
    expect(listed[0]?.code ?? 'file_unreadable').toBe('file_unreadable');
    expect(server.ledger.jobs.filter((entry) => entry.sourceName === 'secret.csv')).toEqual([]);
    expect(run.code).toBe(listed[0]?.code ? 1 : 0);
  });

  it('a 0-byte file: skipped as empty before upload, the others convert', async () => {
    const dir = await folders();
    const good = await sales(dir.input);
    const empty = join(dir.input, 'empty.csv');
    await writeFile(empty, '');
    const run = await runIfc(['convert', good, empty, '--to', 'json', '--out', dir.out, '--json'], {
      env: ifcEnv(server, dir.state),
    });
    expect(run.code, run.stderr).toBe(0);
    const summary = summaryOf(run);
    expect(summary.skipped).toEqual([{ source: empty, reason: messageFor('file_empty') }]);
    expect(summary.completed?.map((entry) => entry.source)).toEqual([good]);
    expect(posts('empty.csv')).toBe(0);
  });

  it('a file over the size limit: skipped as too large before upload; one at the limit converts', async () => {
    const dir = await folders();
    const atLimit = join(dir.input, 'at-limit.bin');
    const over = join(dir.input, 'over-limit.bin');
    await writeFile(atLimit, randomBytes(LIMIT));
    await writeFile(over, randomBytes(LIMIT + 1));
    const run = await runIfc(['convert', atLimit, over, '--to', 'dat', '--out', dir.out, '--json'], {
      env: ifcEnv(server, dir.state),
    });
    const summary = summaryOf(run);
    // A file exactly at the advertised limit is within it.
    expect(summary.failed).toEqual([]);
    expect(summary.skipped).toEqual([{ source: over, reason: messageFor('file_too_large') }]);
    expect(summary.completed?.map((entry) => entry.source)).toEqual([atLimit]);
    expect(run.code, run.stderr).toBe(0);
    expect(posts('over-limit.bin')).toBe(0);
    expect((await readFile(join(dir.out, 'at-limit.dat'))).equals(await readFile(atLimit))).toBe(true);
  });

  it('unknown extensions: named ones are bad input (exit 2, nothing sent); in a folder, skipped with the reason', async () => {
    const dir = await folders();
    const good = await sales(dir.input);
    const strange = join(dir.input, 'notes.qqq');
    const bare = join(dir.input, 'README');
    await writeFile(strange, 'what is this');
    await writeFile(bare, 'no extension at all');
    const salesBefore = posts('sales.csv');
    const named = await runIfc(['convert', good, strange, bare, '--to', 'json', '--out', dir.out, '--json'], {
      env: ifcEnv(server, dir.state),
    });
    expect(named.code, named.stderr).toBe(2);
    expect(named.stderr).toContain(messageFor('unsupported_format'));
    expect(named.stderr).toContain(strange);
    expect(named.stdout).toBe('');
    expect(posts('sales.csv') - salesBefore + posts('notes.qqq') + posts('README')).toBe(0);

    const inFolder = await runIfc(['convert', dir.input, '--to', 'json', '--out', dir.out, '--json'], {
      env: ifcEnv(server, dir.state),
    });
    expect(inFolder.code, inFolder.stderr).toBe(0);
    const summary = summaryOf(inFolder);
    expect(summary.skipped).toEqual([
      { source: bare, reason: messageFor('unknown_format') },
      { source: strange, reason: messageFor('unsupported_format') },
    ]);
    expect(summary.completed?.map((entry) => entry.source)).toEqual([good]);
    expect(posts('notes.qqq') + posts('README')).toBe(0);
  });

  it('a path with Unicode and spaces, to an output folder with them too', async () => {
    const dir = await folders();
    const folder = join(dir.input, 'Belege März – 日本 2026');
    await mkdir(folder);
    const source = join(folder, 'Überweisung März 2026.pdf');
    await copyFile(join(FIXTURES, 'Überweisung März 2026.pdf'), source);
    const out = join(dir.out, 'Ergebnis ü €');
    const run = await runIfc(['convert', source, '--to', 'txt', '--out', out, '--json'], {
      env: ifcEnv(server, dir.state),
    });
    expect(run.code, run.stderr).toBe(0);
    const output = join(out, 'Überweisung März 2026.txt');
    expect(summaryOf(run).completed).toEqual([{ source, output, tokens: expect.any(Number) }]);
    expect(await readFile(output, 'utf8')).toContain('INV-2026-0042');
    expect(server.ledger.jobs.some((entry) => entry.sourceName === 'Überweisung März 2026.pdf')).toBe(true);
  });
});
