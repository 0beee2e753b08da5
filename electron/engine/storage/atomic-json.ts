// Small JSON files the app keeps in userData (settings, recent results). Written to a temp file
// in the same folder, fsynced, then renamed over the old one, so a crash or a full disk leaves
// either the old file or the new one, never half of each.
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeAtomic } from './atomic-write.ts';

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

export type JsonFileRead =
  | { kind: 'missing' }
  | { kind: 'broken'; reason: string }
  | { kind: 'ok'; value: unknown };

export async function readJsonFile(path: string): Promise<JsonFileRead> {
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
