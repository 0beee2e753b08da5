// Rows first: the moment Convert is pressed, each file being started leaves the list of files
// waiting for a target and shows in the queue as "Checking…", before main has checked it.
// Main checks every file before it becomes a job (readable, not empty, its result's place);
// for a folder of 10,000 files that takes seconds, and the window must not sit still
// meanwhile. Each row gives way to the real job when main's job for that file arrives; when
// the start is refused, the files go back to where they were, with their targets. Pure (no
// DOM, no React) so it is tested in plain Node.
import type { StagedFile } from '../../../shared/ipc/contract.ts';
import type { JobView } from '../../../shared/jobs.ts';
import { agreedTarget, type Staging, unstage } from './staging.ts';

export interface StartingFile {
  stageId: string;
  name: string;
  path: string;
  bytes: number;
  from: string;
  to: string;
}

export interface StartingRows {
  /** Files shown as "Checking…", in the order they were staged. */
  files: readonly StartingFile[];
  /** What Convert took out of the staging list, to put back if the start is refused: the
   *  files with their targets, and the list of files that could not be added. */
  taken: {
    files: readonly StagedFile[];
    targets: Readonly<Record<string, string>>;
    skipped: Staging['skipped'];
  };
  /** Main's job ids for this batch once it answered: when all are known, no row is left. */
  jobIds?: ReadonlySet<string>;
}

/** Takes `items` out of the staging list and into the queue as "Checking…" rows. */
export function takeForStart(
  staging: Staging,
  items: readonly { stageId: string; to: string }[],
): { staging: Staging; rows: StartingRows } {
  const wanted = new Map(items.map((item) => [item.stageId, item.to]));
  const files: StartingFile[] = [];
  const taken: StagedFile[] = [];
  const targets: Record<string, string> = {};
  for (const file of staging.files) {
    const to = wanted.get(file.stageId);
    if (to === undefined) continue;
    taken.push(file);
    targets[file.stageId] = to;
    files.push({
      stageId: file.stageId,
      name: file.name,
      path: file.path,
      bytes: file.bytes,
      from: file.from,
      to,
    });
  }
  // Usually every staged file goes: then nothing is left to filter (10,000 files made the
  // filter the largest part of the time between the click and the rows).
  const left: Staging =
    taken.length === staging.files.length
      ? { files: [], targets: {}, skipped: staging.skipped }
      : unstage(staging, new Set(wanted.keys()));
  // With every file on its way, the notes on files that could not be added go with them (they
  // come back if the start is refused), so no empty "Ready to convert" panel is left behind.
  const allTaken = left.files.length === 0;
  return {
    staging: allTaken ? { ...left, skipped: [] } : left,
    rows: { files, taken: { files: taken, targets, skipped: allTaken ? staging.skipped : [] } },
  };
}

/** The start was refused (or, with `stageIds`, these files were kept out of it): the files go
 *  back to the top of the list with the targets chosen, before any dropped meanwhile. */
export function putBack(staging: Staging, rows: StartingRows, stageIds?: ReadonlySet<string>): Staging {
  // A path dropped again meanwhile is listed once, with the choice made since.
  const present = new Set(staging.files.map((file) => file.path));
  const returning = rows.taken.files.filter(
    (file) => (!stageIds || stageIds.has(file.stageId)) && !present.has(file.path),
  );
  const known = new Set(staging.skipped.map((item) => item.path));
  const skipped = stageIds
    ? staging.skipped
    : [...rows.taken.skipped.filter((item) => !known.has(item.path)), ...staging.skipped];
  if (returning.length === 0) return { ...staging, skipped };
  const files = [...returning, ...staging.files];
  const targets = { ...staging.targets };
  for (const file of returning) targets[file.stageId] = rows.taken.targets[file.stageId]!;
  return { ...staging, files, targets, skipped, batchTarget: agreedTarget(files, targets) };
}

/** Main answered with its jobs: rows for files it left out (gone, skipped, kept out by a
 *  spending limit) go now; the others wait for their job to arrive. */
export function answered(
  rows: StartingRows,
  jobIds: readonly string[],
  leftOut: (file: StartingFile) => boolean,
): StartingRows {
  return { ...rows, files: rows.files.filter((file) => !leftOut(file)), jobIds: new Set(jobIds) };
}

/** Removes the rows whose job has arrived (a new job for the same file); undefined once none
 *  is left, or once every job main named is in the queue (or was removed already). */
export function afterJobsArrived(
  rows: StartingRows,
  added: readonly JobView[],
  known: (id: string) => boolean,
): StartingRows | undefined {
  let files = rows.files;
  if (added.length > 0 && files.length > 0) {
    const arrived = new Set(added.map((job) => job.source));
    const left = files.filter((file) => !arrived.has(file.path));
    if (left.length !== files.length) files = left;
  }
  if (files.length === 0) return undefined;
  if (rows.jobIds && [...rows.jobIds].every(known)) return undefined;
  return files === rows.files ? rows : { ...rows, files };
}
