// App name, the token balance (always visible), history and settings.
import { useActions, useAppState } from '../app-context.tsx';
import { needsOnboarding } from '../store/app-state.ts';
import { formatTokens } from '../view/words.ts';
import { Icon } from './icons.tsx';

export function TopBar() {
  const onboarding = useAppState(needsOnboarding);
  const ready = useAppState((state) => state.phase === 'ready');
  const { openHistory, openSettings, openInvoices } = useActions();
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
            <span>History</span>
          </button>
          <button type="button" className="button ghost" onClick={openInvoices}>
            <Icon name="history" />
            <span>Invoices</span>
          </button>
          <button type="button" className="button ghost" onClick={openSettings}>
            <Icon name="settings" />
            <span>Settings</span>
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
  const offline = balance?.offline ?? endpoint === 'local';
  if (offline) {
    return (
      <p className="balance balance-offline" data-testid="balance">
        <Icon name="computer" />
        <span className="visually-hidden">Token balance: none needed, </span>
        <span>On this computer · free</span>
      </p>
    );
  }
  const text = balance ? formatTokens(balance.tokens) : 'Balance unknown';
  return (
    <div className="balance-group">
      <p className="balance" data-testid="balance">
        <Icon name="coin" />
        <span className="visually-hidden">Token balance: </span>
        <span>{text}</span>
      </p>
      <button
        type="button"
        className="button ghost icon-only small"
        onClick={() => void refreshBalance()}
        disabled={checking}
        aria-label="Check the token balance again"
        title="Check the token balance again"
      >
        <Icon name="refresh" className={checking ? 'spin' : ''} />
      </button>
    </div>
  );
}
