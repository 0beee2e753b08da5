// A dropped folder of 1,200 files through `ifc`: 12 sub-folders of 100, each with one hidden
// file (not an input), one file of an unknown type (listed as skipped) and 98 small files to
// convert. Every file must end converted byte-exact or listed, each accepted once. How fast a
// large folder goes is a benchmark figure (`npm run bench`), never a limit here: on a loaded
// 2-core machine a timed run fails for reasons that are not the product's.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../../electron/localserver/index.ts';
import { messageFor } from '../../../shared/messages.ts';
import { tempRoot } from './helpers.ts';
import { ifcEnv, runIfc, summaryOf } from './ifc-process.ts';

const SUB_FOLDERS = 12;
/** Only a safety net that names what was awaited; the test never asserts on time. */
const GIVE_UP_MS = 600_000;
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

describe('a folder of 1,200 files', () => {
  it(
    'converts or lists every file, nothing lost, each accepted once',
    async () => {
      const input = join(root, 'dropped folder');
      const out = join(root, 'out');
      const expected = new Map<string, Buffer>();
      let written = 0;
      for (let sub = 0; sub < SUB_FOLDERS; sub += 1) {
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
      expect(written).toBe(SUB_FOLDERS * 100);

      const run = await runIfc(
        ['convert', input, '--to', 'dat', '--out', out, '--concurrency', '8', '--json'],
        {
          env: ifcEnv(server, join(root, 'state')),
          timeoutMs: GIVE_UP_MS,
        },
      );
      const done = run.lines.filter((line) => line.type === 'job' && line.state === 'completed').length;
      expect(
        run.killed
          ? `ifc gave no summary within ${GIVE_UP_MS / 1000} s (${done} of ${expected.size} done)`
          : 'finished',
      ).toBe('finished');
      expect(run.code, run.stderr).toBe(0);

      const summary = summaryOf(run);
      expect(summary.failed).toEqual([]);
      expect(summary.completed?.length).toBe(expected.size);
      expect(summary.skipped?.length).toBe(SUB_FOLDERS);
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
    GIVE_UP_MS + 30_000,
  );
});
