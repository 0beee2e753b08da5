// Files accepted by main and waiting for the person to pick a target and press Convert.
// Pure helpers: which targets to offer, which one each file starts with, how a batch
// choice applies to files that cannot all become the same thing.
import type { SkippedFile, StagedBatch, StagedFile } from '../../../shared/ipc/contract.ts';

export interface Staging {
  files: StagedFile[];
  /** The chosen target per stageId. */
  targets: Record<string, string>;
  skipped: SkippedFile[];
  /** What "Convert all to" shows; undefined until chosen, or when files disagree. */
  batchTarget?: string;
}

export function emptyStaging(): Staging {
  return { files: [], targets: {}, skipped: [] };
}

/** The remembered choice for this source type if still offered, else the first offered. */
export function initialTarget(file: StagedFile, remembered: Record<string, string>): string | undefined {
  const last = remembered[file.from];
  return last && file.targets.includes(last) ? last : file.targets[0];
}

/** Adds newly staged files (a second drop adds to the first); the same path is not added twice. */
export function addToStaging(
  staging: Staging,
  batch: StagedBatch,
  remembered: Record<string, string>,
): Staging {
  const known = new Set(staging.files.map((file) => file.path));
  const files = [...staging.files];
  const targets = { ...staging.targets };
  for (const file of batch.files) {
    if (known.has(file.path)) continue;
    known.add(file.path);
    const to =
      staging.batchTarget && file.targets.includes(staging.batchTarget)
        ? staging.batchTarget
        : initialTarget(file, remembered);
    if (!to) continue;
    files.push(file);
    targets[file.stageId] = to;
  }
  const skippedPaths = new Set(staging.skipped.map((item) => item.path));
  const skipped = [...staging.skipped, ...batch.skipped.filter((item) => !skippedPaths.has(item.path))];
  return { ...staging, files, targets, skipped, batchTarget: agreedTarget(files, targets) };
}

/** The target all files share, if they do. */
export function agreedTarget(
  files: readonly StagedFile[],
  targets: Record<string, string>,
): string | undefined {
  const first = files[0] && targets[files[0].stageId];
  return first && files.every((file) => targets[file.stageId] === first) ? first : undefined;
}

/** One "Convert ... to" choice per source type, so a choice never claims files that cannot
 *  take it: "PDF files to [TXT]", "CSV files to [JSON]". */
export interface TargetGroup {
  from: string;
  count: number;
  /** Targets every file of this type offers. */
  options: string[];
  /** The target all of them have now; undefined when some were set otherwise, file by file. */
  value?: string;
}

export function targetGroups(staging: Pick<Staging, 'files' | 'targets'>): TargetGroup[] {
  const groups = new Map<string, StagedFile[]>();
  for (const file of staging.files) {
    const group = groups.get(file.from);
    // Pushed, not copied: a copy per file made 10,000 staged files cost 50 million copies.
    if (group) group.push(file);
    else groups.set(file.from, [file]);
  }
  return [...groups.entries()].map(([from, files]) => {
    const options = files[0]!.targets.filter((to) => files.every((file) => file.targets.includes(to)));
    return { from, count: files.length, options, value: agreedTarget(files, staging.targets) };
  });
}

/** A group's choice: every staged file of that source type becomes `to`. */
export function chooseGroupTarget(staging: Staging, from: string, to: string): Staging {
  const targets = { ...staging.targets };
  for (const file of staging.files) {
    if (file.from === from && file.targets.includes(to)) targets[file.stageId] = to;
  }
  return { ...staging, targets, batchTarget: agreedTarget(staging.files, targets) };
}

/** Staged files in list order, under the dropped folder each was found in (loose files first). */
export interface FileSection {
  folder?: { name: string; path: string };
  files: StagedFile[];
}

export function fileSections(files: readonly StagedFile[]): FileSection[] {
  const loose: StagedFile[] = [];
  const byFolder = new Map<string, FileSection>();
  for (const file of files) {
    if (!file.folder) {
      loose.push(file);
      continue;
    }
    const section = byFolder.get(file.folder.path) ?? { folder: file.folder, files: [] };
    section.files.push(file);
    byFolder.set(file.folder.path, section);
  }
  return [...(loose.length > 0 ? [{ files: loose }] : []), ...byFolder.values()];
}

/** "Convert all to": every file that can become `to` does; the others keep their choice. */
export function chooseBatchTarget(staging: Staging, to: string): Staging {
  const targets = { ...staging.targets };
  for (const file of staging.files) {
    if (file.targets.includes(to)) targets[file.stageId] = to;
  }
  return { ...staging, targets, batchTarget: to };
}

export function chooseFileTarget(staging: Staging, stageId: string, to: string): Staging {
  const file = staging.files.find((item) => item.stageId === stageId);
  if (!file?.targets.includes(to)) return staging;
  const targets = { ...staging.targets, [stageId]: to };
  return { ...staging, targets, batchTarget: agreedTarget(staging.files, targets) };
}

export function unstage(staging: Staging, stageIds: ReadonlySet<string>): Staging {
  const files = staging.files.filter((file) => !stageIds.has(file.stageId));
  const targets = Object.fromEntries(Object.entries(staging.targets).filter(([id]) => !stageIds.has(id)));
  return { ...staging, files, targets, batchTarget: agreedTarget(files, targets) };
}

export function stagedItems(staging: Staging): { stageId: string; to: string }[] {
  return staging.files.map((file) => ({ stageId: file.stageId, to: staging.targets[file.stageId]! }));
}

/** The choices to remember for next time: the last target per source type. */
export function rememberedTargets(
  staging: Staging,
  previous: Record<string, string>,
): Record<string, string> {
  const next = { ...previous };
  for (const file of staging.files) next[file.from] = staging.targets[file.stageId]!;
  return next;
}
