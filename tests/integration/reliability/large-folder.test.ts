// A dropped folder of 5,000 files through `ifc`: 50 sub-folders of 100, each with one hidden
// file (not an input), one file of an unknown type (listed as skipped) and 98 small files to
// convert. Every file must end converted byte-exact or listed, each accepted once, and the run
// must not crawl: a bare undici loop does these requests in ~35 s here, so 90 s is generous.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../../electron/localserver/index.ts';
import { messageFor } from '../../../shared/messages.ts';
import { tempRoot } from './helpers.ts';
import { ifcEnv, runIfc, summaryOf } from './ifc-process.ts';

const BOUND_MS = 90_000;
let root: string;
let server: LocalServer;

beforeAll(async () => {
  root = await tempRoot('ifc-largefolder-');
  // No rate limit: the server's default 600 requests a minute would be what is measured.
  server = await startLocalServer({ benchPassThrough: true, rateLimitPerMinute: 1_000_000 });
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

describe('a folder of 5,000 files', () => {
  it(
    'converts or lists every file, nothing lost, each accepted once',
    async () => {
      const input = join(root, 'dropped folder');
      const out = join(root, 'out');
      const expected = new Map<string, Buffer>();
      let written = 0;
      for (let sub = 0; sub < 50; sub += 1) {
        const folder = join(input, `part ${String(sub).padStart(2, '0')}`);
        await mkdir(folder, { recursive: true });
        await Promise.all(
          Array.from({ length: 100 }, async (_, index) => {
            const n = sub * 100 + index;
            written += 1;
            if (index === 0) return writeFile(join(folder, `.hidden-${n}.bin`), 'hidden');
            if (index === 1) return writeFile(join(folder, `notes-${n}.zzz`), 'unknown type');
            const data = Buffer.from(`file ${n} ${randomBytes(8).toString('hex')}\n`);
            expected.set(`f-${n}.bin`, data);
            return writeFile(join(folder, `f-${n}.bin`), data);
          }),
        );
      }
      expect(written).toBe(5000);

      const started = Date.now();
      const run = await runIfc(
        ['convert', input, '--to', 'dat', '--out', out, '--concurrency', '8', '--json'],
        {
          env: ifcEnv(server, join(root, 'state')),
          timeoutMs: BOUND_MS,
        },
      );
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const done = run.lines.filter((line) => line.type === 'job' && line.state === 'completed').length;
      expect(
        run.killed ? `still running after ${seconds} s with ${done} of ${expected.size} done` : 'finished',
      ).toBe('finished');
      expect(run.code, run.stderr).toBe(0);

      const summary = summaryOf(run);
      expect(summary.failed).toEqual([]);
      expect(summary.completed?.length).toBe(expected.size);
      expect(summary.skipped?.length).toBe(50);
      expect(summary.skipped?.every((entry) => entry.reason === messageFor('unsupported_format'))).toBe(true);
      expect((await readdir(out)).length).toBe(expected.size);
      for (const [name, data] of expected) {
        expect((await readFile(join(out, name.replace('.bin', '.dat')))).equals(data), name).toBe(true);
      }
      const accepted = new Map<string, number>();
      for (const entry of server.ledger.jobs)
        accepted.set(entry.sourceName, (accepted.get(entry.sourceName) ?? 0) + 1);
      expect(accepted.size).toBe(expected.size);
      expect([...accepted.values()].every((count) => count === 1)).toBe(true);
    },
    BOUND_MS + 30_000,
  );
});
