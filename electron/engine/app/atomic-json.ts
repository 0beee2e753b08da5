// Small JSON files the app keeps in userData (settings, recent results). Written to a temp file
// in the same folder, fsynced, then renamed over the old one, so a crash or a full disk leaves
// either the old file or the new one, never half of each.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temp = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

export type JsonRead =
  | { kind: 'missing' }
  | { kind: 'broken'; reason: string }
  | { kind: 'ok'; value: unknown };

export async function readJson(path: string): Promise<JsonRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'broken', reason: (error as Error).message };
  }
  try {
    return { kind: 'ok', value: JSON.parse(text) };
  } catch (error) {
    return { kind: 'broken', reason: (error as Error).message };
  }
}

/** Moves a damaged file aside (kept for a bug report) so the next write starts clean. */
export async function setAside(path: string): Promise<string | undefined> {
  const target = `${path}.broken-${Date.now()}`;
  try {
    await rename(path, target);
    return target;
  } catch {
    return undefined;
  }
}
