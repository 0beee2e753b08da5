// Files main has accepted (drop, dialog, tray, command line) wait here under a random stageId
// until the person picks a target. The window only ever sends stageIds back, so main never
// reads a path that the page typed. The engine's expandInputs decides what can be converted.
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, resolve, sep } from 'node:path';
import type { StagedBatch, StagedFile } from '../../shared/ipc/contract.ts';
import type { ExpandedFile, SkippedInput } from '../engine/index.ts';

/** Staged files nobody converted are forgotten after this many (oldest first). */
export const STAGE_LIMIT = 100_000;

export interface Staging {
  /** `folders`: the folders among what was dropped or chosen, so each file found inside one
   *  is listed under that folder's name. */
  add(expanded: { files: ExpandedFile[]; skipped: SkippedInput[] }, folders?: readonly string[]): StagedBatch;
  get(stageId: string): StagedFile | undefined;
  /** Forgets files once they became jobs. */
  release(stageIds: readonly string[]): void;
}

export function createStaging(limit = STAGE_LIMIT): Staging {
  // A Map keeps insertion order, so the first keys are the oldest.
  const staged = new Map<string, StagedFile>();
  return {
    add({ files, skipped }, folders = []) {
      // The innermost folder wins when one dropped folder lies inside another.
      const roots = [...folders].sort((a, b) => b.length - a.length);
      const accepted = files.map((file) => {
        const root = roots.find((folder) =>
          file.path.startsWith(folder.endsWith(sep) ? folder : folder + sep),
        );
        const entry: StagedFile = {
          stageId: randomUUID(),
          name: file.name,
          path: file.path,
          bytes: file.bytes,
          from: file.from,
          targets: file.targets,
          ...(root ? { folder: { name: basename(root) || root, path: root } } : {}),
        };
        staged.set(entry.stageId, entry);
        return entry;
      });
      for (const stageId of staged.keys()) {
        if (staged.size <= limit) break;
        staged.delete(stageId);
      }
      return {
        files: accepted,
        skipped: skipped.map(({ name, path, reason }) => ({ name, path, reason })),
      };
    },
    get: (stageId) => staged.get(stageId),
    release(stageIds) {
      for (const stageId of stageIds) staged.delete(stageId);
    },
  };
}

/** The given paths that are folders (resolved), for grouping what was found inside them. */
export async function foldersAmong(paths: readonly string[]): Promise<string[]> {
  const checked = await Promise.all(
    paths.map(async (path) => {
      const info = await stat(path).catch(() => undefined);
      return info?.isDirectory() ? resolve(path) : undefined;
    }),
  );
  return checked.filter((path): path is string => path !== undefined);
}
