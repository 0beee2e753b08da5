// Files that arrive from outside (command line, second launch, macOS open-file, a drop on the
// tray) are collected here. macOS sends open-file before the app is ready and once per file,
// so arrivals are held until the app is ready and then handed over together after a short
// quiet spell: ten files from Finder become one staging, one window prompt.
export const HAND_OVER_QUIET_MS = 150;

export interface FileHandOver {
  add(paths: readonly string[]): void;
  /** From now on, collected files go to `deliver`. */
  ready(deliver: (paths: string[]) => void): void;
  close(): void;
}

export function createFileHandOver(quietMs = HAND_OVER_QUIET_MS): FileHandOver {
  let waiting: string[] = [];
  let deliver: ((paths: string[]) => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    timer = undefined;
    if (!deliver || waiting.length === 0) return;
    const paths = waiting;
    waiting = [];
    deliver(paths);
  };
  const schedule = () => {
    if (!deliver) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(send, quietMs);
  };
  return {
    add(paths) {
      for (const path of paths) if (!waiting.includes(path)) waiting.push(path);
      if (paths.length > 0) schedule();
    },
    ready(next) {
      deliver = next;
      if (waiting.length > 0) schedule();
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      deliver = undefined;
      waiting = [];
    },
  };
}
