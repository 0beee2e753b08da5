// What a launch of the app asks for, from its command line: files to open ("Open with", a file
// dropped on the app icon, `--open <file>...`) or files to convert (`--convert-to <format>
// <file>...`, what the right-click menus run). Pure, so plain Node tests cover every launcher's
// quirks. Chromium reorders a second launch's argv (switches first, then the rest; Electron's
// docs for 'second-instance' say so), so the format is taken from `--convert-to=<format>` or, in
// the spaced form, from the first argument after the switch that is not a switch itself.
import { posix, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ArgvContext {
  /** process.defaultApp: started as `electron .`, so argv[1] is the app folder, not a file. */
  defaultApp: boolean;
  /** The launching process's working directory (relative paths are relative to it). */
  cwd: string;
  /** Whose path rules apply (default: this machine's); tests of Windows command lines set it. */
  platform?: NodeJS.Platform;
}

export type LaunchRequest =
  | { action: 'open'; files: string[] }
  /** `to` as typed (lower-cased); checked against the formats list before anything runs. */
  | { action: 'convert'; to: string; files: string[] };

export const CONVERT_SWITCH = '--convert-to';
export const OPEN_SWITCH = '--open';

export function launchFromArgv(argv: readonly string[], context: ArgvContext): LaunchRequest {
  // argv[0] is the executable; under `electron .` argv[1] is the app itself.
  const args = argv.slice(context.defaultApp ? 2 : 1);
  const files: string[] = [];
  let to: string | undefined;
  let wantsFormat = false;
  let onlyFiles = false;
  for (const arg of args) {
    if (!onlyFiles && arg === '--') {
      onlyFiles = true;
      continue;
    }
    if (!onlyFiles && arg.startsWith(`${CONVERT_SWITCH}=`)) {
      to = arg.slice(CONVERT_SWITCH.length + 1).toLowerCase();
      continue;
    }
    if (!onlyFiles && arg === CONVERT_SWITCH) {
      to = '';
      wantsFormat = true;
      continue;
    }
    // Chromium and Electron switches (--allow-file-access-from-files, --original-process-
    // start-time=...), --open and --hidden, and macOS's -psn_0_123 process serial number, are
    // never files.
    if (!onlyFiles && (arg.startsWith('--') || arg.startsWith('-psn_'))) continue;
    if (arg.trim() === '') continue;
    if (wantsFormat) {
      to = arg.toLowerCase();
      wantsFormat = false;
      continue;
    }
    const path = toPath(arg, context);
    if (path && !files.includes(path)) files.push(path);
  }
  return to === undefined ? { action: 'open', files } : { action: 'convert', to, files };
}

/** The files of a launch, whatever it asks to do with them. */
export function filesFromArgv(argv: readonly string[], context: ArgvContext): string[] {
  return launchFromArgv(argv, context).files;
}

function toPath(arg: string, context: ArgvContext): string | undefined {
  const { isAbsolute, resolve } = (context.platform ?? process.platform) === 'win32' ? win32 : posix;
  // Linux file managers pass file:// URIs for %U in .desktop files.
  if (arg.startsWith('file://')) {
    try {
      return fileURLToPath(arg);
    } catch {
      return undefined;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) return undefined; // other URLs are not files
  return isAbsolute(arg) ? arg : resolve(context.cwd, arg);
}
