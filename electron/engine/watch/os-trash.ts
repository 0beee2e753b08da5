// Moving an original to the operating system's trash, so a person can still get it back.
// The desktop app passes Electron's shell.trashItem (the OS's own API, every platform); this
// is what `ifc` and plain-Node callers use instead:
// - Linux and other XDG systems: the freedesktop.org Trash specification 1.0 (home trash, or
//   the volume's `.Trash/$uid` / `.Trash-$uid` for a file on another filesystem), so the
//   desktop's file manager lists it and can restore it.
// - macOS: moved into ~/.Trash (Finder shows it; "Put Back" is not offered for such items).
// - Windows: the Recycle Bin through PowerShell and .NET's FileSystem.DeleteFile.
// npm's `trash` package does the same with nine dependencies (globby among them); this file
// is the part of it a watch needs. Nothing here ever deletes a file: on any doubt it fails
// and the original stays where it was.
import { execFile } from 'node:child_process';
import { type FileHandle, lstat, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';

export interface TrashContext {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  uid: number;
}

export function currentTrashContext(): TrashContext {
  return { platform: process.platform, env: process.env, home: homedir(), uid: process.getuid?.() ?? 0 };
}

/** Moves `path` to the trash; throws (with the original untouched) when it cannot. */
export async function moveToTrash(
  path: string,
  context: TrashContext = currentTrashContext(),
): Promise<void> {
  if (context.platform === 'win32') return recycleOnWindows(path, context.env);
  if (context.platform === 'darwin') return trashOnMac(path, context.home);
  return trashFreedesktop(path, context);
}

function candidateName(name: string, attempt: number, style: 'dot' | 'space'): string {
  if (attempt === 1) return name;
  const ext = extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  return style === 'dot' ? `${stem}.${attempt}${ext}` : `${stem} ${attempt}${ext}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The spec's DeletionDate: local time, YYYY-MM-DDThh:mm:ss. */
export function deletionDate(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** The spec's Path: the absolute path, each segment percent-encoded as a URL path. */
export function trashInfoPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Puts `path` into one trash directory (files/ + info/); false when that needs another filesystem. */
async function intoTrashDir(path: string, trashDir: string): Promise<boolean> {
  const files = join(trashDir, 'files');
  const info = join(trashDir, 'info');
  await mkdir(files, { recursive: true, mode: 0o700 });
  await mkdir(info, { recursive: true, mode: 0o700 });
  const name = basename(path);
  for (let attempt = 1; attempt < 10_000; attempt += 1) {
    const candidate = candidateName(name, attempt, 'dot');
    const infoFile = join(info, `${candidate}.trashinfo`);
    // Creating the .trashinfo exclusively is the spec's way of reserving the name.
    let handle: FileHandle;
    try {
      handle = await open(infoFile, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      if (await exists(join(files, candidate))) {
        await handle.close();
        await unlink(infoFile);
        continue;
      }
      await handle.writeFile(
        `[Trash Info]\nPath=${trashInfoPath(path)}\nDeletionDate=${deletionDate(new Date())}\n`,
        'utf8',
      );
      await handle.sync();
      await handle.close();
      await rename(path, join(files, candidate));
      return true;
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(infoFile).catch(() => undefined);
      if ((error as NodeJS.ErrnoException).code === 'EXDEV') return false;
      throw error;
    }
  }
  throw new Error('no free name in the trash');
}

/** The mount point holding `path`: the highest ancestor on the same device. */
async function topDirOf(path: string): Promise<string> {
  const device = (await stat(path)).dev;
  let dir = dirname(path);
  for (;;) {
    const parent = dirname(dir);
    if (parent === dir) return dir;
    if ((await stat(parent)).dev !== device) return dir;
    dir = parent;
  }
}

async function volumeTrashDir(path: string, uid: number): Promise<string> {
  const top = await topDirOf(path);
  // $topdir/.Trash/$uid is used only if an administrator made .Trash a sticky, real folder.
  try {
    const shared = await lstat(join(top, '.Trash'));
    if (shared.isDirectory() && !shared.isSymbolicLink() && (shared.mode & 0o1000) !== 0) {
      return join(top, '.Trash', String(uid));
    }
  } catch {
    // no shared trash: fall through to the per-user one
  }
  const own = join(top, `.Trash-${uid}`);
  await mkdir(own, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const facts = await lstat(own);
  if (!facts.isDirectory() || facts.isSymbolicLink() || facts.uid !== uid) {
    throw new Error(`${own} is not a trash folder this user owns`);
  }
  return own;
}

async function trashFreedesktop(path: string, context: TrashContext): Promise<void> {
  const dataHome = context.env.XDG_DATA_HOME || join(context.home, '.local', 'share');
  if (await intoTrashDir(path, join(dataHome, 'Trash'))) return;
  if (await intoTrashDir(path, await volumeTrashDir(path, context.uid))) return;
  throw new Error('the trash is on another filesystem');
}

async function trashOnMac(path: string, home: string): Promise<void> {
  const trash = join(home, '.Trash');
  const name = basename(path);
  for (let attempt = 1; attempt < 10_000; attempt += 1) {
    const target = join(trash, candidateName(name, attempt, 'space'));
    if (await exists(target)) continue;
    await rename(path, target);
    return;
  }
  throw new Error('no free name in the trash');
}

// The path travels in an environment variable, never inside the script text, so no file name
// can change what PowerShell runs.
const RECYCLE_SCRIPT =
  'Add-Type -AssemblyName Microsoft.VisualBasic; ' +
  "[Microsoft.VisualBasic.FileIO.FileSystem]::DeleteFile($env:IFC_TRASH_PATH, 'OnlyErrorDialogs', 'SendToRecycleBin')";

function recycleOnWindows(path: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'powershell.exe',
      ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', RECYCLE_SCRIPT],
      { env: { ...env, IFC_TRASH_PATH: path }, windowsHide: true, timeout: 30_000 },
      (error) => (error ? reject(error) : resolve()),
    );
  });
}
