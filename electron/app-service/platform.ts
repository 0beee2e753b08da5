// What the app service asks of the desktop around it. Electron main implements these with
// dialog, shell, Notification and the window's progress bar; tests pass plain functions.

/** Why a folder is asked for: the dialog's title says it. */
export type FolderPurpose = 'output' | 'watch';

export interface PlatformAdapters {
  /** The open dialog (files, several at once); undefined when the person cancels. */
  chooseFiles(): Promise<string[] | undefined>;
  /** Default purpose 'output' (where results are saved). */
  chooseFolder(purpose?: FolderPurpose): Promise<string | undefined>;
  showInFolder(path: string): void;
  /** '' on success, else the reason (like shell.openPath). */
  openPath(path: string): Promise<string>;
  notify(title: string, body: string, onClick?: () => void): void;
  /** Taskbar / dock progress, 0..1; undefined clears it. */
  setProgress?(fraction: number | undefined): void;
  /** Moves a file to the OS trash (watch folders' "after: trash"); default: the engine's own. */
  trashItem?(path: string): Promise<void>;
  /** The save dialog for an export ("invoices.xlsx"); undefined when the person cancels. */
  /** A save dialog; `title` says what is saved (default: the invoices export's). */
  chooseSaveFile?(defaultName: string, title?: string): Promise<string | undefined>;
}
