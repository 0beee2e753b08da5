// "Combine into one PDF": the staged files in an order the person sets (drag, or the keyboard's
// Move up / Move down), a name, then main asks where to save it and does the work.
import type { RendererApi } from '../../../shared/ipc/contract.ts';
import type { StagedFile } from '../../../shared/ipc/contract.ts';
import { failureMessage } from '../../../shared/messages.ts';
import type { AppStore } from './app-state.ts';

export interface CombinePart {
  stageId: string;
  name: string;
}

export interface CombineState {
  open: boolean;
  parts: CombinePart[];
  name: string;
  busy: boolean;
  /** The last combined PDF, once saved. */
  done?: { path: string; pages: number; parts: number };
  error?: string;
}

export function emptyCombine(): CombineState {
  return { open: false, parts: [], name: '', busy: false };
}

/** Files that can go into one PDF: PDFs as they are, and files that can become PDF. */
export function combinable(files: readonly StagedFile[]): StagedFile[] {
  return files.filter((file) => file.from === 'pdf' || file.targets.includes('pdf'));
}

/** `parts` with the one at `from` moved to `to` (both clamped to the list). */
export function moved<T>(parts: readonly T[], from: number, to: number): T[] {
  const next = [...parts];
  if (from < 0 || from >= next.length) return next;
  const [part] = next.splice(from, 1);
  next.splice(Math.max(0, Math.min(to, next.length)), 0, part!);
  return next;
}

/** The name typed, as a PDF file name ("Quarter 3" -> "Quarter 3.pdf"). */
export function pdfFileName(typed: string, fallback: string): string {
  const name = typed.trim() || fallback;
  return /\.pdf$/i.test(name) ? name : `${name}.pdf`;
}

export function createCombineActions(api: RendererApi, store: AppStore) {
  const patch = (next: Partial<CombineState>) =>
    store.setState((state) => ({ combine: { ...state.combine, ...next } }));

  return {
    openCombine: (defaultName: string) => {
      const parts = combinable(store.getState().staging.files).map((file) => ({
        stageId: file.stageId,
        name: file.name,
      }));
      store.setState({ combine: { ...emptyCombine(), open: true, parts, name: defaultName } });
    },
    closeCombine: () => patch({ open: false }),
    renameCombine: (name: string) => patch({ name }),
    moveCombinePart: (from: number, to: number) =>
      patch({ parts: moved(store.getState().combine.parts, from, to), done: undefined }),
    startCombine: async (fallbackName: string): Promise<void> => {
      const { parts, name } = store.getState().combine;
      patch({ busy: true, error: undefined, done: undefined });
      const result = await api['combine:start']({
        stageIds: parts.map((part) => part.stageId),
        name: pdfFileName(name, fallbackName),
      });
      if (!result.ok) {
        const source = result.error.details?.source;
        const part = typeof source === 'string' ? source.split(/[\\/]/).pop() : undefined;
        const sentence = failureMessage(result.error);
        patch({ busy: false, error: part ? `${part}: ${sentence}` : sentence });
        return;
      }
      if (!result.value) {
        patch({ busy: false }); // the save dialog was cancelled: nothing happened
        return;
      }
      const done = result.value;
      // The combined files leave the staged list (main released them).
      const used = new Set(parts.map((part) => part.stageId));
      store.setState((state) => ({
        combine: { ...state.combine, busy: false, done },
        staging: { ...state.staging, files: state.staging.files.filter((file) => !used.has(file.stageId)) },
      }));
    },
    showCombined: () => api['combine:showResult']({}),
  };
}
