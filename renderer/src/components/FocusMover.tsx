// Puts keyboard focus where the store asked (after Browse: on Convert; after Convert: on the
// queue's heading), once that element is on the page, instead of leaving it on the page body.
import { useEffect } from 'react';
import { useAppState } from '../app-context.tsx';

export function FocusMover() {
  const request = useAppState((state) => state.focusRequest);
  useEffect(() => {
    if (!request) return;
    // After this render the target is mounted; a frame later any panel swap has settled.
    const frame = requestAnimationFrame(() => {
      const target = document.getElementById(request.id);
      if (!target) return;
      if (!target.matches('button, a, input, select, textarea') && !target.hasAttribute('tabindex')) {
        target.setAttribute('tabindex', '-1');
      }
      target.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [request]);
  return null;
}
