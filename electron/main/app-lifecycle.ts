// Quitting cleanly: the first quit is held until the app service has closed (journal flushed,
// offline server stopped), then the app quits for real. Closing the window never quits: the
// tray keeps the app running until "Quit".
import type { App } from 'electron';

export function holdQuitUntilClosed(app: Pick<App, 'on' | 'quit'>, close: () => Promise<void>): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void close()
      .catch(() => undefined)
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
  // Having no window is normal: the tray is still there.
  app.on('window-all-closed', () => undefined);
}
