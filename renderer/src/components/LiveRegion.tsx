// Status changes read out politely by screen readers (after what they are saying now).
import { useAppState } from '../app-context.tsx';

export function LiveRegion() {
  const announcement = useAppState((state) => state.announcement);
  return (
    <div
      className="visually-hidden"
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-testid="announcer"
    >
      {/* The key makes a repeated sentence a new node, so it is read again. */}
      <span key={announcement.seq}>{announcement.text}</span>
    </div>
  );
}
