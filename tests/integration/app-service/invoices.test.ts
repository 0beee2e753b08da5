// The desktop's invoice ledger through the app service, as the window drives it over the
// contract: a watch rule with "Add invoices to the ledger" puts a PDF dropped in its folder
// into the ledger (converted by the real offline server); a correction survives a restart of
// the app; Export writes a workbook that another library reads; Settings -> Invoice ledger
// keeps a PostgreSQL password in the keychain only, and Test connection says plainly when the
// server cannot be reached.
import { copyFile, mkdir, readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppService, createAppService } from '../../../electron/app-service/service.ts';
import { createMemoryKeyStore, type KeyStore } from '../../../electron/engine/index.ts';
import type {
  ChannelInput,
  ChannelOutput,
  InvokeChannel,
  LedgerStatus,
} from '../../../shared/ipc/contract.ts';
import { dispatchInvoke } from '../../../shared/ipc/dispatch.ts';
import { freePort } from '../../support/postgres-server.ts';
import { sheetCells } from '../../support/xlsx-cells.ts';
import { FIXTURES, tempDir } from './app-service-harness.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function call<C extends InvokeChannel>(service: AppService, channel: C, input: ChannelInput<C>) {
  return dispatchInvoke(service.handlers, channel, input) as Promise<ChannelOutput<C>>;
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { code: string } }): T {
  if (!result.ok) throw new Error(`failed: ${result.error.code}`);
  return result.value;
}

async function start(userDataDir: string, folder: string, savePath: string, keyStore: KeyStore) {
  const service = await createAppService({
    userDataDir,
    stateDir: join(userDataDir, 'State'),
    version: '0.0.0-test',
    keyStore,
    env: {},
    eventIntervalMs: 40,
    engineTiming: { poll: { firstMs: 50, maxMs: 200 }, retry: { backoffBaseMs: 20 } },
    watchTiming: { stable: { windowMs: 200, pollMs: 25 }, balanceRecheckMs: 100, retryFailedMs: 200 },
    platform: {
      chooseFiles: async () => undefined,
      chooseFolder: async () => folder,
      chooseSaveFile: async () => savePath,
      showInFolder: () => undefined,
      openPath: async () => '',
      notify: () => undefined,
    },
  });
  return service;
}

describe('invoices in the desktop app', () => {
  it('lists an invoice from a watch folder, keeps a correction across a restart, exports it', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const root = await realpath(dir.path);
    const inbox = join(root, 'inbox');
    await mkdir(inbox);
    const userData = join(root, 'userData');
    const keyStore = createMemoryKeyStore();
    const exportPath = join(root, 'export.xlsx');
    let service = await start(userData, inbox, exportPath, keyStore);
    cleanups.push(() => service.close());
    unwrap(await call(service, 'settings:update', { patch: { endpoint: { kind: 'local' } } }));
    const rule = unwrap(await call(service, 'watch:add', { settings: { to: 'xlsx', invoices: true } }))!;
    expect(rule.rule.invoices).toBe(true);

    const told: LedgerStatus[] = [];
    service.on('invoices:changed', (status) => told.push(status));
    await copyFile(join(FIXTURES, 'invoice.pdf'), join(inbox, 'invoice.pdf'));
    // The window is told as soon as the invoice is in (it reloads an open Invoices view).
    await expect
      .poll(() => told.length, {
        timeout: 60_000,
        interval: 100,
        message: 'invoices:changed after the watch',
      })
      .toBe(1);
    expect(told[0]).toMatchObject({ choice: { kind: 'local' }, pending: 0 });
    await expect
      .poll(async () => unwrap(await call(service, 'invoices:list', {})).invoices.length, {
        timeout: 60_000,
        interval: 100,
        message: 'the watched invoice.pdf in the ledger',
      })
      .toBe(1);
    const listed = unwrap(await call(service, 'invoices:list', {}));
    const [invoice] = listed.invoices;
    expect(invoice).toMatchObject({
      invoiceNumber: 'INV-2026-0042',
      gross: 1582.86,
      currency: 'GBP',
      status: 'ok',
      sourcePath: join(inbox, 'invoice.pdf'),
    });
    expect(listed.status).toMatchObject({ choice: { kind: 'local' }, pending: 0 });

    const corrected = unwrap(
      await call(service, 'invoices:correct', {
        id: invoice!.id,
        field: 'seller',
        value: 'Northwind Office Supplies',
      }),
    );
    expect(corrected).toMatchObject({ seller: 'Northwind Office Supplies', corrected: ['seller'] });
    expect(
      await call(service, 'invoices:correct', { id: invoice!.id, field: 'dueDate', value: 'soon' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'correction_invalid' },
    });

    await service.close();
    service = await start(userData, inbox, exportPath, keyStore);
    const again = unwrap(await call(service, 'invoices:list', {}));
    expect(again.invoices).toHaveLength(1);
    expect(again.invoices[0]).toMatchObject({ seller: 'Northwind Office Supplies', corrected: ['seller'] });

    expect(unwrap(await call(service, 'invoices:export', { format: 'xlsx' }))).toEqual({
      path: exportPath,
      count: 1,
    });
    const rows = await sheetCells(exportPath, 'Invoices');
    const header = rows[0]!;
    expect(rows[1]![header.indexOf('Seller')]).toBe('Northwind Office Supplies');
    expect(Number(rows[1]![header.indexOf('Gross')])).toBe(1582.86);
    const lines = await sheetCells(exportPath, 'Lines');
    expect(lines).toHaveLength(6);
  }, 120_000);

  it('queues an invoice while another program holds the ledger, and adds it with the next list', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const root = await realpath(dir.path);
    const inbox = join(root, 'inbox');
    await mkdir(inbox);
    const userData = join(root, 'userData');
    const service = await start(userData, inbox, join(root, 'export.xlsx'), createMemoryKeyStore());
    cleanups.push(() => service.close());
    unwrap(await call(service, 'settings:update', { patch: { endpoint: { kind: 'local' } } }));
    unwrap(await call(service, 'watch:add', { settings: { to: 'xlsx', invoices: true } }));
    expect(unwrap(await call(service, 'invoices:list', {})).invoices).toEqual([]);
    // Another program (a second app, an accountant's tool) in the middle of a write.
    const other = new DatabaseSync(join(userData, 'State', 'ledger.sqlite'));
    cleanups.push(async () => other.isOpen && other.close());
    other.exec('BEGIN IMMEDIATE');
    const told: LedgerStatus[] = [];
    service.on('invoices:changed', (status) => told.push(status));
    await copyFile(join(FIXTURES, 'invoice.pdf'), join(inbox, 'invoice.pdf'));
    // The app does not wait for the lock (its main thread would freeze): the invoice waits.
    await expect
      .poll(() => told.length, { timeout: 60_000, interval: 100, message: 'the invoice queued' })
      .toBe(1);
    expect(told[0]).toMatchObject({ pending: 1 });
    other.exec('ROLLBACK');
    other.close();
    const listed = unwrap(await call(service, 'invoices:list', {}));
    expect(listed.invoices.map((invoice) => invoice.invoiceNumber)).toEqual(['INV-2026-0042']);
    expect(listed.status.pending).toBe(0);
  }, 120_000);

  it('keeps the PostgreSQL password in the keychain and says when the server cannot be reached', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const userData = join(dir.path, 'userData');
    const keyStore = createMemoryKeyStore();
    const service = await start(userData, dir.path, join(dir.path, 'x.xlsx'), keyStore);
    cleanups.push(() => service.close());
    const port = await freePort();
    const url = `postgres://books@127.0.0.1:${port}/ledger`;
    const status = unwrap(
      await call(service, 'ledger:set', { choice: { kind: 'postgres', url }, password: 'pa55-in-keychain' }),
    );
    expect(status).toMatchObject({ choice: { kind: 'postgres', url }, passwordSet: true, location: url });
    expect(await keyStore.get(`ledger:${url}`)).toBe('pa55-in-keychain');
    expect(await readFile(join(userData, 'ledger.json'), 'utf8')).not.toContain('pa55');
    expect(await call(service, 'ledger:test', {})).toMatchObject({
      ok: false,
      error: { code: 'ledger_unreachable' },
    });
    expect(await call(service, 'invoices:list', {})).toMatchObject({
      ok: false,
      error: { code: 'ledger_unreachable' },
    });
    expect(unwrap(await call(service, 'ledger:set', { choice: { kind: 'local' } }))).toMatchObject({
      choice: { kind: 'local' },
      passwordSet: false,
    });
    expect(unwrap(await call(service, 'ledger:test', {}))).toEqual({ invoices: 0 });
  });
});
