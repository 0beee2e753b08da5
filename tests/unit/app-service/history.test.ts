// The recent results keep failures too (with why), survive a restart, and drop entries that
// are neither a result nor a failure without losing the rest.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HISTORY_FILE, openHistory } from '../../../electron/app-service/history.ts';
import { isConverted } from '../../../shared/ipc/contract.ts';

const dirs: string[] = [];
async function dir(): Promise<string> {
  const made = await mkdtemp(join(tmpdir(), 'ifc-history-'));
  dirs.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});

const converted = { jobId: 'a', source: '/d/sales.csv', output: '/d/sales.xlsx', to: 'xlsx', finishedAt: 1 };
const failed = {
  jobId: 'b',
  source: '/d/corrupt.pdf',
  to: 'txt',
  finishedAt: 2,
  failure: { code: 'corrupt_input', message: 'Damaged.' },
};

describe('recent results', () => {
  it('keeps a failure next to the results, across a restart; only results reach the tray', async () => {
    const userData = await dir();
    const history = await openHistory(userData);
    await history.add(converted);
    await history.add(failed);
    const again = await openHistory(userData);
    expect(again.entries()).toEqual([failed, converted]);
    expect(again.entries().filter(isConverted)).toEqual([converted]);
  });

  it('a retry that succeeds replaces the failure of the same file', async () => {
    const history = await openHistory(await dir());
    await history.add(failed);
    await history.add({
      jobId: 'b',
      source: '/d/corrupt.pdf',
      output: '/d/corrupt.txt',
      to: 'txt',
      finishedAt: 3,
    });
    expect(history.entries()).toHaveLength(1);
    expect(history.find('b')?.output).toBe('/d/corrupt.txt');
  });

  it('drops an entry that is both or neither, and keeps the others', async () => {
    const userData = await dir();
    const both = { ...converted, jobId: 'c', failure: { code: 'internal', message: 'x' } };
    const neither = { jobId: 'd', source: '/d/x.pdf', to: 'txt', finishedAt: 4 };
    await writeFile(join(userData, HISTORY_FILE), JSON.stringify([converted, both, neither, failed]));
    const history = await openHistory(userData);
    expect(history.entries().map((entry) => entry.jobId)).toEqual(['a', 'b']);
  });
});
