// A watch folder and the monthly spending limit, against the local server over real HTTP as
// "the cloud": the rule sends what the month leaves room for, then pauses with one notice (not
// one per file, not one per re-check), and carries on by itself once the limit is raised.
import { mkdir, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppService } from '../../../electron/app-service/service.ts';
import { TOKENS_NOTICE_TITLE } from '../../../electron/app-service/watch-folders.ts';
import { createMemoryKeyStore } from '../../../electron/engine/storage/keychain.ts';
import { type LocalServer, startLocalServer } from '../../../electron/localserver/index.ts';
import type { WatchFolderEntry } from '../../../shared/watch.ts';
import type { ChannelOutput } from '../../../shared/ipc/contract.ts';
import { dispatchInvoke } from '../../../shared/ipc/dispatch.ts';
import { messageFor } from '../../../shared/messages.ts';
import { FAST_ENGINE_TIMING } from '../../support/wait.ts';
import { invoiceVariant, RECHECK_MS, rechecksPlanned } from '../watch/helpers.ts';
import { SkippingClock } from '../../support/manual-clock.ts';
import { tempDir, waitFor } from './app-service-harness.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const COST = 4; // a one-page PDF to XLSX: (1 + 1 MB) x 2

describe('watch folders and the monthly spending limit', () => {
  let server: LocalServer;

  it('pauses a rule at the monthly limit with one notice, and goes on once the limit is raised', async () => {
    server = await startLocalServer({ tokens: 500 });
    cleanups.push(() => server.close());
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const root = await realpath(dir.path);
    const inbox = join(root, 'inbox');
    await mkdir(inbox);
    const notices: { title: string; body: string }[] = [];
    // Files settle in real time; a re-check comes only when the test skips to it.
    const clock = new SkippingClock();
    let lists: WatchFolderEntry[] = [];
    const service = await createAppService({
      userDataDir: join(root, 'userData'),
      stateDir: join(root, 'userData', 'State'),
      version: '0.0.0-test',
      keyStore: createMemoryKeyStore(),
      env: { IFC_API_KEY: server.key, IFC_API_URL: server.url },
      eventIntervalMs: 40,
      noticeWindowMs: 50,
      engineTiming: FAST_ENGINE_TIMING,
      watchTiming: { stable: { windowMs: 200, pollMs: 25 }, balanceRecheckMs: RECHECK_MS, clock },
      platform: {
        chooseFiles: async () => undefined,
        chooseFolder: async () => inbox,
        showInFolder: () => undefined,
        openPath: async () => '',
        notify: (title, body) => void notices.push({ title, body }),
      },
    });
    cleanups.push(() => service.close());
    service.on('watch:changed', (list) => {
      lists = list;
    });
    const patched = await service.handlers['settings:update']({
      patch: { endpoint: { kind: 'cloud', url: server.url }, spendCaps: { month: 2 * COST } },
    });
    expect(patched.ok).toBe(true);
    // As main runs it: validated against the contract (which fills the rule's defaults) first.
    const added = (await dispatchInvoke(service.handlers, 'watch:add', {
      settings: { to: 'xlsx' },
    })) as ChannelOutput<'watch:add'>;
    if (!added.ok || !added.value) throw new Error('the rule was not added');
    const ruleId = added.value.rule.id;
    for (let i = 0; i < 4; i += 1) await writeFile(join(inbox, `inv-${i}.pdf`), invoiceVariant(60 + i));

    await waitFor(
      () => {
        const status = lists.find((entry) => entry.rule.id === ruleId)?.status;
        // Nothing settling either: skipping to a re-check would end a quiet window too.
        return status?.state === 'waiting-tokens' && status.settling === 0;
      },
      'the rule holding at the monthly limit',
      60_000,
    );
    const capNotice = { title: TOKENS_NOTICE_TITLE(), body: messageFor('watch_paused_spend_cap') };
    // Several re-checks go by (the server's log shows the balance asked again): one notice.
    const balanceChecks = () => server.requests.filter((request) => request.path === '/api/account').length;
    const checked = balanceChecks();
    let recheck = await rechecksPlanned(clock, 'the held rule planning a re-check');
    for (const round of [1, 2, 3]) {
      clock.skipTo(recheck);
      recheck = await rechecksPlanned(clock, `re-check ${round} of the held rule done, the next planned`);
    }
    expect(balanceChecks()).toBeGreaterThanOrEqual(checked + 3);
    expect(notices.filter((notice) => notice.body === capNotice.body)).toEqual([capNotice]);
    expect(server.ledger.jobs).toHaveLength(2);
    expect(server.ledger.totals.charged).toBe(2 * COST);

    // Raised: the rule goes on by itself with the files it held.
    await service.handlers['settings:update']({ patch: { spendCaps: { month: 100 } } });
    clock.skipTo(recheck);
    await waitFor(
      () => server.ledger.jobs.length === 4,
      'the held files sent after the limit was raised',
      60_000,
    );
    await waitFor(
      () => lists.find((entry) => entry.rule.id === ruleId)?.status.state === 'watching',
      'the rule watching again',
    );
    expect(notices.filter((notice) => notice.body === capNotice.body)).toHaveLength(1);
  }, 180_000);
});
