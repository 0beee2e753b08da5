// App name, the token balance (always visible), the watch-folder indicator, history, settings
// and Help / About (reachable from the welcome screen too).
import { useActions, useAppState } from '../app-context.tsx';
import { isActiveWatch } from '../../../shared/watch.ts';
import { showsWelcome } from '../store/app-state.ts';
import { formatTokens } from '../view/words.ts';
import { Icon } from './icons.tsx';
import { useT } from '../i18n.tsx';
import { GetTokensLink } from './GetTokensLink.tsx';

export function TopBar() {
  const onboarding = useAppState(showsWelcome);
  const ready = useAppState((state) => state.phase === 'ready');
  const { openHistory, openSettings, openInvoices, openAbout } = useActions();
  const t = useT();
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="refresh" />
        </span>
        <span className="brand-name">iFileConverter</span>
      </div>
      <div className="topbar-tools">
        {ready && !onboarding && (
          <>
            <WatchIndicator />
            <Balance />
            <button type="button" className="button ghost" onClick={openHistory}>
              <Icon name="history" />
              <span>{t('app.history')}</span>
            </button>
            <button type="button" className="button ghost" onClick={openInvoices}>
              <Icon name="history" />
              <span>{t('app.invoices.open')}</span>
            </button>
            <button type="button" className="button ghost" onClick={() => openSettings()}>
              <Icon name="settings" />
              <span>{t('app.settings')}</span>
            </button>
          </>
        )}
        <button type="button" className="button ghost" onClick={openAbout}>
          <Icon name="help" />
          <span>{t('app.about.open')}</span>
        </button>
      </div>
    </header>
  );
}

/** "Watching 1 folder": opens Settings on its watch folders. Absent while nothing is watched. */
function WatchIndicator() {
  const entries = useAppState((state) => state.watchFolders);
  const { openSettings } = useActions();
  const t = useT();
  if (entries.length === 0) return null;
  const active = entries.filter((entry) => isActiveWatch(entry.status)).length;
  const label =
    active > 0
      ? t('app.watchIndicator.watching', { count: active })
      : t('app.watchIndicator.paused', { count: entries.length });
  return (
    <button
      type="button"
      className={`button ghost small watch-indicator ${active > 0 ? '' : 'paused'}`}
      onClick={() => openSettings('watch')}
      data-testid="watch-indicator"
    >
      <Icon name="eye" />
      <span>{label}</span>
    </button>
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
