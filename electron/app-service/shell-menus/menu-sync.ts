// Keeps the file manager's right-click menu as the person wants it: present (Settings switch
// on, or a Windows install whose installer put it there) and listing the targets of the
// formats list in use; or gone, leaving nothing behind. A small record in userData says what
// was last written, so a start with nothing new costs no file or registry writes, and a removal
// knows every file type an earlier list gave a menu to.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { messageFor } from '../../../shared/messages.ts';
import { fail, ok, type Result } from '../../../shared/result.ts';
import { readJsonFile, writeJsonAtomic } from '../../engine/index.ts';
import { type Conversions, menuSources, packagedConversions } from './menu-formats.ts';

export type MenuKind = 'explorer' | 'linux' | 'finder';

/** One platform's way of writing the menu (explorer-menu.ts, linux-menu.ts, finder-menu.ts). */
export interface MenuBackend {
  kind: MenuKind;
  /** Put there by the installer: always kept in step, never switched from Settings. */
  managedByInstaller: boolean;
  /** Writes the menu, first removing what an earlier write left (`before`: its file types). */
  write(conversions: Conversions, before: readonly string[]): Promise<void>;
  erase(before: readonly string[]): Promise<void>;
}

export const MENU_RECORD_FILE = 'file-manager-menu.json';

interface MenuRecord {
  /** What was written: the backend, the app's command and the formats list. */
  written: string;
  /** The file types that got a menu (for removing them later). */
  extensions: string[];
}

export interface MenuSync {
  kind: MenuKind;
  /** Settings shows a switch (not for an installer-managed Windows menu). */
  switchable: boolean;
  /** Brings the menu in line; `wanted` is the Settings switch. */
  update(wanted: boolean, conversions: Conversions): Promise<Result<void>>;
}

export function createMenuSync(options: {
  backend: MenuBackend;
  userDataDir: string;
  identity: string;
}): MenuSync {
  const { backend } = options;
  const recordPath = join(options.userDataDir, MENU_RECORD_FILE);
  let queue: Promise<unknown> = Promise.resolve();

  async function record(): Promise<MenuRecord | undefined> {
    const read = await readJsonFile(recordPath);
    if (read.kind !== 'ok') return undefined;
    const value = read.value as Partial<MenuRecord>;
    return typeof value.written === 'string' && Array.isArray(value.extensions)
      ? { written: value.written, extensions: value.extensions.filter((entry) => typeof entry === 'string') }
      : undefined;
  }

  async function apply(wanted: boolean, table: Conversions): Promise<Result<void>> {
    const before = await record();
    try {
      if (wanted || backend.managedByInstaller) {
        // Before the service has said what it converts, the offline table stands in.
        const conversions = Object.keys(table).length > 0 ? table : packagedConversions();
        const written = JSON.stringify([backend.kind, options.identity, menuSources(conversions)]);
        if (before?.written === written) return ok(undefined);
        await backend.write(conversions, before?.extensions ?? []);
        const extensions = menuSources(conversions).flatMap((source) => source.extensions);
        await writeJsonAtomic(recordPath, { written, extensions } satisfies MenuRecord);
      } else if (before) {
        await backend.erase(before.extensions);
        await rm(recordPath, { force: true });
      }
      return ok(undefined);
    } catch {
      return fail({ code: 'menu_update_failed', message: messageFor('menu_update_failed') });
    }
  }

  return {
    kind: backend.kind,
    switchable: !backend.managedByInstaller,
    update(wanted, conversions) {
      // One change at a time: a formats refresh and a click on the switch must not interleave.
      const next = queue.then(() => apply(wanted, conversions));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
