// App name, the token balance (always visible), history and settings.
import { useActions, useAppState } from '../app-context.tsx';
import { needsOnboarding } from '../store/app-state.ts';
import { formatTokens } from '../view/words.ts';
import { Icon } from './icons.tsx';
import { useT } from '../i18n.tsx';
import { GetTokensLink } from './GetTokensLink.tsx';

export function TopBar() {
  const onboarding = useAppState(needsOnboarding);
  const ready = useAppState((state) => state.phase === 'ready');
  const { openHistory, openSettings, openInvoices } = useActions();
  const t = useT();
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="refresh" />
        </span>
        <span className="brand-name">iFileConverter</span>
      </div>
      {ready && !onboarding && (
        <div className="topbar-tools">
          <Balance />
          <button type="button" className="button ghost" onClick={openHistory}>
            <Icon name="history" />
            <span>{t('app.history')}</span>
          </button>
          <button type="button" className="button ghost" onClick={openInvoices}>
            <Icon name="history" />
            <span>{t('app.invoices.open')}</span>
          </button>
          <button type="button" className="button ghost" onClick={openSettings}>
            <Icon name="settings" />
            <span>{t('app.settings')}</span>
          </button>
        </div>
      )}
    </header>
  );
}

function Balance() {
  const balance = useAppState((state) => state.balance);
  const endpoint = useAppState((state) => state.settings?.endpoint.kind);
  const checking = useAppState((state) => state.balanceChecking);
  const { refreshBalance } = useActions();
  const t = useT();
  const offline = balance?.offline ?? endpoint === 'local';
  if (offline) {
    return (
      <p className="balance balance-offline" data-testid="balance">
        <Icon name="computer" />
        <span className="visually-hidden">{t('app.balance.offlineHidden')}</span>
        <span>{t('app.balance.offline')}</span>
      </p>
    );
  }
  const text = balance ? formatTokens(balance.tokens) : t('app.balance.unknown');
  return (
    <div className="balance-group">
      <p className="balance" data-testid="balance">
        <Icon name="coin" />
        <span className="visually-hidden">{t('app.balance.hidden')}</span>
        <span>{text}</span>
      </p>
      <button
        type="button"
        className="button ghost icon-only small"
        onClick={() => void refreshBalance()}
        disabled={checking}
        aria-label={t('app.balance.refresh')}
        title={t('app.balance.refresh')}
      >
        <Icon name="refresh" className={checking ? 'spin' : ''} />
      </button>
      <GetTokensLink />
    </div>
  );
}
