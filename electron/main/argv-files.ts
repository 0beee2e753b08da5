// Which command-line arguments are files to convert: "Open with iFileConverter Desktop", a
// file dropped on the app icon, or a second launch with files. Pure, so plain Node tests cover
// every launcher's quirks.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ArgvContext {
  /** process.defaultApp: started as `electron .`, so argv[1] is the app folder, not a file. */
  defaultApp: boolean;
  /** The launching process's working directory (relative paths are relative to it). */
  cwd: string;
}

export function filesFromArgv(argv: readonly string[], context: ArgvContext): string[] {
  // argv[0] is the executable; under `electron .` argv[1] is the app itself.
  const args = argv.slice(context.defaultApp ? 2 : 1);
  const files: string[] = [];
  let onlyFiles = false;
  for (const arg of args) {
    if (!onlyFiles && arg === '--') {
      onlyFiles = true;
      continue;
    }
    // Chromium and Electron switches (--allow-file-access-from-files, --original-process-
    // start-time=...), and macOS's -psn_0_123 process serial number, are never files.
    if (!onlyFiles && (arg.startsWith('--') || arg.startsWith('-psn_'))) continue;
    if (arg.trim() === '') continue;
    const path = toPath(arg, context.cwd);
    if (path && !files.includes(path)) files.push(path);
  }
  return files;
}

function toPath(arg: string, cwd: string): string | undefined {
  // Linux file managers pass file:// URIs for %U in .desktop files.
  if (arg.startsWith('file://')) {
    try {
      return fileURLToPath(arg);
    } catch {
      return undefined;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) return undefined; // other URLs are not files
  return isAbsolute(arg) ? arg : resolve(cwd, arg);
}
