// Launch and quit: unfinished jobs resume at the next start, a quit flushes the journal, a
// damaged settings file is reported instead of crashing.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalServer } from '../../../electron/localserver/index.ts';
import { SETTINGS_FILE } from '../../../electron/engine/storage/settings.ts';
import { copyFixtures, eventsNamed, startService, tempDir, waitFor } from './app-service-harness.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('app service across launches', () => {
  it('resumes a job the last run left at the server, without uploading it again', async () => {
    const server = await startLocalServer({ tokens: 100 });
    cleanups.push(() => server.close());
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const userData = join(dir.path, 'userData');
    const env = { IFC_API_KEY: server.key, IFC_API_URL: server.url };
    const [csv] = await copyFixtures(join(dir.path, 'docs'), ['sales.csv']);
    // Status answers are held, so the job is still "processing" here when the app quits.
    server.faults.set({ slow: { path: 'status', delayMs: 5_000 } });
    const engineTiming = { syncWaitSeconds: 0 };

    const first = await startService(userData, { env, engineTiming });
    await first.service.handlers['settings:update']({
      patch: { endpoint: { kind: 'cloud', url: server.url } },
    });
    const staged = await first.service.stageExternal([csv!]);
    const started = await first.service.handlers['batch:start']({
      items: [{ stageId: staged.files[0]!.stageId, to: 'json' }],
      partial: false,
    });
    if (!started.ok) throw new Error(started.error.message);
    await waitFor(() => {
      const snapshotJobs = eventsNamed(first.recorded, 'jobs:changed').flatMap((payload) => payload.jobs);
      return snapshotJobs.some((job) => job.state === 'processing' && job.serverJobId);
    });
    // Quit while the server is still converting: the journal keeps the server's job id.
    await first.service.close();
    expect(server.ledger.postsBySourceName('sales.csv')).toBe(1);

    server.faults.clear();
    const second = await startService(userData, { env, engineTiming });
    cleanups.push(() => second.service.close());
    const [summary] = await waitFor(() => {
      const finished = eventsNamed(second.recorded, 'batch:finished');
      return finished.length > 0 && finished;
    });
    expect(summary!.completed).toEqual([
      expect.objectContaining({ source: csv, output: join(dir.path, 'docs', 'sales.json') }),
    ]);
    expect(existsSync(join(dir.path, 'docs', 'sales.json'))).toBe(true);
    expect(server.ledger.postsBySourceName('sales.csv')).toBe(1);
    expect(server.ledger.totals.charged).toBe(server.ledger.jobs[0]!.tokensCharged);
  });

  it('reports a damaged settings file once and starts on defaults', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const userData = join(dir.path, 'userData');
    await mkdir(userData, { recursive: true });
    await writeFile(join(userData, SETTINGS_FILE), '\u0000\u0000garbage');
    const { service } = await startService(userData);
    cleanups.push(() => service.close());
    const snapshot = await service.handlers['app:snapshot']({});
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.value.settings.endpoint).toEqual({ kind: 'cloud' });
    expect(snapshot.value.problems?.map((problem) => problem.code)).toEqual(['settings_reset']);
    expect(service.problems().map((problem) => problem.code)).toEqual(['settings_reset']);
  });

  it('says offline in every balance it reports for "This computer (offline)"', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const { service, recorded } = await startService(join(dir.path, 'userData'));
    cleanups.push(() => service.close());
    await service.handlers['settings:update']({ patch: { endpoint: { kind: 'local' } } });
    const refreshed = await service.handlers['balance:refresh']({});
    expect(refreshed.ok && refreshed.value.offline).toBe(true);
    const balances = await waitFor(() => {
      const events = eventsNamed(recorded, 'balance:changed');
      return events.length > 0 && events;
    });
    for (const balance of balances) expect(balance.offline).toBe(true);
    expect(service.trayState().balance?.offline).toBe(true);
  });
});
