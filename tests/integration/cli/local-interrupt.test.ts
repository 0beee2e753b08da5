// `ifc --endpoint local` ends on Ctrl-C / SIGTERM whatever a conversion is doing: the
// in-process server kills its conversion processes on close, so a converter stuck in a loop
// that never yields (the runawayConversion fault) neither keeps `ifc` alive nor outlives it.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startIfc } from './support.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

function stat(pid: string): { ppid: number; state: string } | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { state: fields[0]!, ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && stat(name)?.ppid === parent)
    .map(Number);
}

function alive(pid: number): boolean {
  const info = stat(String(pid));
  return info !== undefined && info.state !== 'Z' && info.state !== 'X';
}

describe('ifc convert --endpoint local', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`ends on ${signal} while a conversion spins, and its conversion process is gone`, async () => {
      dir = await mkdtemp(join(tmpdir(), 'ifc-interrupt-'));
      const source = join(dir, 'table.csv');
      await writeFile(source, 'a,b\n1,2\n');
      const run = startIfc(['convert', source, '--to', 'json', '--endpoint', 'local', '--json'], {
        IFC_STATE_DIR: join(dir, 'state'),
        HOME: dir,
        XDG_CONFIG_HOME: join(dir, 'config'),
        IFC_TEST_LOCAL_SERVER: JSON.stringify({ faults: { runawayConversion: { kind: 'spin' } } }),
      });
      await run.waitFor((line) => line.state === 'processing');
      const pid = run.child.pid!;
      await expect
        .poll(() => childrenOf(pid).length, { timeout: 30_000, message: 'the conversion process' })
        .toBeGreaterThan(0);
      const children = childrenOf(pid);
      run.child.kill(signal);
      const code = await run.done;
      expect(code, run.stdout() + run.stderr()).toBe(130);
      expect(run.stderr()).toContain('Stopped before it finished.');
      for (const child of children)
        await expect
          .poll(() => alive(child), { timeout: 10_000, message: `process ${child} gone` })
          .toBe(false);
    });
  }
});
