// Puts keyboard focus where the store asked (after Browse: on Convert; after Convert: on the
// queue's heading), instead of leaving it on the page body. The target may appear a moment
// later (the queue shows once main reports the first job), so a request waits for it.
import { useEffect } from 'react';
import { useActions, useAppState } from '../app-context.tsx';

export function FocusMover() {
  const request = useAppState((state) => state.focusRequest);
  // Re-checked whenever the panels that hold the targets come and go.
  const layout = useAppState(
    (state) => `${state.jobs.order.length > 0}:${state.notConverted.length}:${state.staging.files.length}`,
  );
  const { focusDone } = useActions();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `layout` is the re-check trigger
  useEffect(() => {
    if (!request) return;
    const target = document.getElementById(request.id);
    if (!target) return;
    focusDone(request.seq);
    if (!target.matches('button, a, input, select, textarea') && !target.hasAttribute('tabindex')) {
      target.setAttribute('tabindex', '-1');
    }
    target.focus();
  }, [request, layout, focusDone]);
  return null;
}
