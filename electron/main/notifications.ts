// OS notifications for finished batches (the app service decides when: one per batch, never
// per file). Clicking one brings the window forward. Each notification is kept referenced
// until it is clicked or closed: a garbage-collected Notification no longer reports clicks.
import { Notification } from 'electron';

export interface Notifier {
  notify(title: string, body: string, onClick?: () => void): void;
}

export function createNotifier(showWindow: () => void): Notifier {
  const alive = new Set<Notification>();
  return {
    notify(title, body, onClick) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body });
      alive.add(notification);
      const forget = () => alive.delete(notification);
      notification.on('click', () => {
        forget();
        (onClick ?? showWindow)();
      });
      notification.on('close', forget);
      notification.show();
    },
  };
}
