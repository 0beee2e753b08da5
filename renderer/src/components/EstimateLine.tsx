// The batch's cost against the live balance, before anything is sent.
import { useAppState } from '../app-context.tsx';
import { formatTokens } from '../view/words.ts';

export function EstimateLine() {
  const estimate = useAppState((state) => state.estimate);
  let text = '';
  let tone = 'muted';
  if (estimate.status === 'loading') text = 'Working out the cost…';
  if (estimate.status === 'error') {
    text = estimate.message;
    tone = 'error';
  }
  if (estimate.status === 'ready') {
    const { total, balance, shortfall, offline } = estimate.value;
    if (offline) text = 'Free: converted on this computer.';
    else if (shortfall > 0) {
      text = `Costs ${formatTokens(total)}. You have ${formatTokens(balance)}: ${formatTokens(shortfall)} short.`;
      tone = 'warning';
    } else text = `Costs ${formatTokens(total)} of your ${formatTokens(balance)}.`;
  }
  return (
    <p className={`estimate estimate-${tone}`} data-testid="estimate" role="status">
      {text}
    </p>
  );
}
