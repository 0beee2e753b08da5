// What the app service asks of the desktop around it. Electron main implements these with
// dialog, shell, Notification and the window's progress bar; tests pass plain functions.

export interface PlatformAdapters {
  /** The open dialog (files, several at once); undefined when the person cancels. */
  chooseFiles(): Promise<string[] | undefined>;
  chooseFolder(): Promise<string | undefined>;
  showInFolder(path: string): void;
  /** '' on success, else the reason (like shell.openPath). */
  openPath(path: string): Promise<string>;
  notify(title: string, body: string, onClick?: () => void): void;
  /** Taskbar / dock progress, 0..1; undefined clears it. */
  setProgress?(fraction: number | undefined): void;
}
