// Where a result goes and under which name: the chosen folder (or the source's own), the
// source's base name with the new extension, and the conflict policy. A result is put in place
// with an operation that cannot clobber a file that appeared meanwhile (link, then unlink),
// except under `overwrite`, which renames over it atomically.
import { constants } from 'node:fs';
import { access, link, rename, unlink } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ConflictPolicy } from '../engine-types.ts';

export function outputDirFor(source: string, outDir?: string): string {
  return resolve(outDir ?? dirname(source));
}

/** True when `candidate` lies inside `dir` (never equal to it, never above it). A name that
 *  merely begins with two dots ("..notes") is inside; only a `..` segment leaves. */
export function isStrictlyInside(dir: string, candidate: string): boolean {
  const rel = relative(resolve(dir), resolve(candidate));
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** `name (n).ext` for n = 1, 2, ... */
export function numberedName(name: string, n: number): string {
  const ext = extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  return `${stem} (${n})${ext}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/** Would this result be skipped by the `skip` policy right now? */
export async function outputExists(dir: string, name: string): Promise<boolean> {
  return exists(join(dir, name));
}

export type Placed =
  | { ok: true; path: string }
  | { ok: false; reason: 'exists' }
  | { ok: false; reason: 'error'; error: NodeJS.ErrnoException };

/** Moves the finished temp file to its final name in `dir` under `policy`. */
export async function placeResult(
  temp: string,
  dir: string,
  name: string,
  policy: ConflictPolicy,
): Promise<Placed> {
  const target = join(dir, name);
  if (!isStrictlyInside(dir, target) || basename(target) !== name) {
    return { ok: false, reason: 'error', error: Object.assign(new Error('unsafe name'), { code: 'EINVAL' }) };
  }
  try {
    if (policy === 'overwrite') {
      await rename(temp, target);
      return { ok: true, path: target };
    }
    for (let n = 0; n < 10_000; n += 1) {
      const candidate = n === 0 ? target : join(dir, numberedName(name, n));
      const placed = await linkNoClobber(temp, candidate);
      if (placed === 'placed') return { ok: true, path: candidate };
      if (policy === 'skip') return { ok: false, reason: 'exists' };
    }
    return { ok: false, reason: 'exists' };
  } catch (error) {
    return { ok: false, reason: 'error', error: error as NodeJS.ErrnoException };
  }
}

/** link() fails if the name exists, so it never overwrites; file systems without hard links
 *  (FAT, some network shares) fall back to check-then-rename. */
async function linkNoClobber(temp: string, target: string): Promise<'placed' | 'exists'> {
  try {
    await link(temp, target);
    await unlink(temp);
    return 'placed';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return 'exists';
    if (
      code !== 'EPERM' &&
      code !== 'ENOTSUP' &&
      code !== 'EOPNOTSUPP' &&
      code !== 'EXDEV' &&
      code !== 'ENOSYS'
    ) {
      throw error;
    }
  }
  if (await exists(target)) return 'exists';
  await rename(temp, target);
  return 'placed';
}
