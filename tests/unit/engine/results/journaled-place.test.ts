// Putting a downloaded result in place so that a crash never makes a second copy: the final
// name with its size and sha256 is journaled before the rename (seen from the store's flush,
// the target not there yet); a journaled name taken meanwhile moves on to the next, journaled
// again; `skip` never clobbers; after a crash, a job whose recorded file is there with the
// recorded size and hash is adopted as completed, and one whose file differs is not.
import { createHash } from 'node:crypto';
import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../../electron/engine/engine-types.ts';
import { EngineEmitter } from '../../../../electron/engine/events.ts';
import { JobStore } from '../../../../electron/engine/jobs/job-store.ts';
import {
  adoptPlaced,
  journaledPlace,
  placedBeforeCrash,
  plannedPlacing,
} from '../../../../electron/engine/results/journaled-place.ts';
import { jobRecord } from '../../../support/job-record.ts';

let dir: string;
let out: string;
let store: JobStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-journaled-place-'));
  out = join(dir, 'out');
  await mkdir(out);
  store = new JobStore(join(dir, 'state'), new EngineEmitter(), 0, { version: 1, jobs: [], batches: [] });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const BODY = 'the converted result';
const SHA = createHash('sha256').update(BODY).digest('hex');
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

function downloading(patch: Partial<JobRecord> = {}): JobRecord {
  const job = jobRecord('j1', { source: '/in/a.txt', sourceName: 'a.txt', state: 'downloading', ...patch });
  store.addBatch({ id: 'B', createdAt: 0, jobIds: [job.id], skipped: [] }, [job]);
  return job;
}

async function tempResult(): Promise<string> {
  const temp = join(out, '.ifc-j1.part');
  await writeFile(temp, BODY);
  return temp;
}

describe('the planned name', () => {
  it('is the name the policy would give now, with the announced size and hash', async () => {
    await writeFile(join(out, 'a.pdf'), 'already here');
    const announced = { bytes: BODY.length, sha256: SHA };
    expect(await plannedPlacing(out, 'a.pdf', 'rename', announced)).toEqual({
      path: join(out, 'a (1).pdf'),
      ...announced,
    });
    expect((await plannedPlacing(out, 'a.pdf', 'overwrite', announced))?.path).toBe(join(out, 'a.pdf'));
    expect(await plannedPlacing(out, 'a.pdf', 'rename', { bytes: 3 })).toBeUndefined();
  });
});

describe('placing a result', () => {
  it('journals the final name before the rename, then places the file there', async () => {
    const job = downloading();
    const seenAtFlush: { placing: JobRecord['placing']; targetThere: boolean }[] = [];
    const watched = {
      update: store.update.bind(store),
      flush: async () => {
        seenAtFlush.push({ placing: job.placing, targetThere: await exists(join(out, 'a.pdf')) });
        await store.flush();
      },
    };
    const placed = await journaledPlace(watched, job)(await tempResult(), out, 'a.pdf', 'rename');
    expect(placed).toEqual({ ok: true, path: join(out, 'a.pdf') });
    expect(seenAtFlush).toEqual([
      { placing: { path: join(out, 'a.pdf'), bytes: BODY.length, sha256: SHA }, targetThere: false },
    ]);
    expect(await readFile(join(out, 'a.pdf'), 'utf8')).toBe(BODY);
    expect(await readdir(out)).toEqual(['a.pdf']);
  });

  it('moves on to the next free name when the journaled one was taken meanwhile', async () => {
    const job = downloading({ placing: { path: join(out, 'a.pdf'), bytes: BODY.length, sha256: SHA } });
    await writeFile(join(out, 'a.pdf'), 'a file the person saved meanwhile');
    const placed = await journaledPlace(store, job, SHA)(await tempResult(), out, 'a.pdf', 'rename');
    expect(placed).toEqual({ ok: true, path: join(out, 'a (1).pdf') });
    expect(job.placing?.path).toBe(join(out, 'a (1).pdf'));
    expect(await readFile(join(out, 'a.pdf'), 'utf8')).toBe('a file the person saved meanwhile');
    expect(await readFile(join(out, 'a (1).pdf'), 'utf8')).toBe(BODY);
  });

  it('never clobbers under skip, and forgets the planned name', async () => {
    const job = downloading({ conflict: 'skip' });
    await writeFile(join(out, 'a.pdf'), 'keep me');
    const placed = await journaledPlace(store, job)(await tempResult(), out, 'a.pdf', 'skip');
    expect(placed).toEqual({ ok: false, reason: 'exists' });
    expect(job.placing).toBeUndefined();
    expect(await readFile(join(out, 'a.pdf'), 'utf8')).toBe('keep me');
  });
});

describe('after a crash', () => {
  it('adopts a job whose recorded file is there with the recorded size and hash', async () => {
    await writeFile(join(out, 'a.pdf'), BODY);
    const job = downloading({ placing: { path: join(out, 'a.pdf'), bytes: BODY.length, sha256: SHA } });
    expect(await placedBeforeCrash(job)).toBe(join(out, 'a.pdf'));
    expect(await adoptPlaced(store, job)).toBe(true);
    expect(job).toMatchObject({ state: 'completed', progress: 1, output: join(out, 'a.pdf') });
    expect(job.placing).toBeUndefined();
  });

  it('does not adopt a different file under the recorded name, and forgets the name', async () => {
    await writeFile(join(out, 'a.pdf'), 'the converted resulT'); // same size, other bytes
    const job = downloading({ placing: { path: join(out, 'a.pdf'), bytes: BODY.length, sha256: SHA } });
    expect(await placedBeforeCrash(job)).toBeUndefined();
    expect(await adoptPlaced(store, job)).toBe(false);
    expect(job.state).toBe('downloading');
    expect(job.placing).toBeUndefined();
    expect(await placedBeforeCrash(downloading({ id: 'j2' }))).toBeUndefined(); // nothing recorded
  });
});
