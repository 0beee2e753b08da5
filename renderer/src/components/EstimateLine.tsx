// The batch's cost against the live balance, before anything is sent.
import { useAppState } from '../app-context.tsx';
import { formatTokens } from '../view/words.ts';
import { useT } from '../i18n.tsx';
import { GetTokensLink } from './GetTokensLink.tsx';

export function EstimateLine() {
  const estimate = useAppState((state) => state.estimate);
  const t = useT();
  let text = '';
  let tone = 'muted';
  if (estimate.status === 'loading') text = t('app.estimate.loading');
  if (estimate.status === 'error') {
    text = estimate.message;
    tone = 'error';
  }
  if (estimate.status === 'ready') {
    const { total, balance, shortfall, offline } = estimate.value;
    if (offline) text = t('app.estimate.free');
    else if (shortfall > 0) {
      text = t('app.estimate.short', {
        total: formatTokens(total),
        balance: formatTokens(balance),
        shortfall: formatTokens(shortfall),
      });
      tone = 'warning';
    } else text = t('app.estimate.fits', { total: formatTokens(total), balance: formatTokens(balance) });
  }
  const short = estimate.status === 'ready' && !estimate.value.offline && estimate.value.shortfall > 0;
  return (
    <div className="estimate-line">
      <p className={`estimate estimate-${tone}`} data-testid="estimate" role="status">
        {text}
      </p>
      {short && <GetTokensLink />}
    </div>
  );
}
