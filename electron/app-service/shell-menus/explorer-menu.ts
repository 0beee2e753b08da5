// Writes and removes Explorer's menu entries (windows-registry.ts) with reg.exe: one
// `reg import` of a generated .reg file, which first deletes our verbs from every extension we
// may have written before and then adds the current ones. No admin rights: HKCU only.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Conversions, packagedConversions } from './menu-formats.ts';
import type { MenuBackend } from './menu-sync.ts';
import { menuExtensions, regFileBytes, regFileText, registryEntries } from './windows-registry.ts';

/** Runs reg.exe with these arguments; resolves with its exit code. */
export type RegRunner = (args: string[]) => Promise<number>;

export const runRegExe: RegRunner = (args) =>
  new Promise((resolve) => {
    execFile('reg.exe', args, { windowsHide: true }, (error) => {
      resolve(error ? (typeof error.code === 'number' ? error.code : 1) : 0);
    });
  });

export interface ExplorerMenuOptions {
  exePath: string;
  /** Installed by the NSIS installer (the menu follows the install, no switch). */
  managedByInstaller: boolean;
  runReg?: RegRunner;
}

export function explorerMenu(options: ExplorerMenuOptions): MenuBackend {
  const runReg = options.runReg ?? runRegExe;
  async function importReg(text: string): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'ifc-menu-'));
    try {
      const file = join(dir, 'menu.reg');
      await writeFile(file, regFileBytes(text));
      const code = await runReg(['import', file]);
      if (code !== 0) throw new Error(`reg import exited with ${code}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  // Our verbs may sit on any extension an earlier formats list (or the installer's) named.
  const everyExtension = (conversions: Conversions, before: readonly string[]) => [
    ...new Set([...menuExtensions(conversions), ...menuExtensions(packagedConversions()), ...before]),
  ];
  return {
    kind: 'explorer',
    managedByInstaller: options.managedByInstaller,
    write: (conversions, before) =>
      importReg(
        regFileText(registryEntries(conversions, options.exePath), everyExtension(conversions, before)),
      ),
    erase: (before) => importReg(regFileText([], everyExtension({}, before))),
  };
}
