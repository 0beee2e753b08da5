// The window: a top bar with the balance, then onboarding (no key yet) or the workspace.
import { useEffect } from 'react';
import { useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';
import { showsWelcome } from '../store/app-state.ts';
import { AboutDialog } from './AboutDialog.tsx';
import { CombineDialog } from './CombineDialog.tsx';
import { HistoryDialog } from './HistoryDialog.tsx';
import { InvoicesDialog } from './InvoicesDialog.tsx';
import { LiveRegion } from './LiveRegion.tsx';
import { NoticeBar } from './NoticeBar.tsx';
import { Onboarding } from './Onboarding.tsx';
import { SettingsDialog } from './SettingsDialog.tsx';
import { ShortfallDialog } from './ShortfallDialog.tsx';
import { CapDialog } from './CapDialog.tsx';
import { TopBar } from './TopBar.tsx';
import { UpdateBanner } from './UpdateBanner.tsx';
import { Workspace } from './Workspace.tsx';

export function App() {
  const phase = useAppState((state) => state.phase);
  const loadError = useAppState((state) => state.loadError);
  const onboarding = useAppState(showsWelcome);
  const theme = useAppState((state) => state.settings?.theme ?? 'system');
  const t = useT();

  useEffect(() => {
    // 'system' removes the override so the CSS follows prefers-color-scheme.
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <TopBar />
      <NoticeBar />
      <UpdateBanner />
      <main id="main" className="main" tabIndex={-1}>
        {phase === 'loading' && <p className="loading">{t('app.loading')}</p>}
        {phase === 'error' && (
          <div className="load-error" role="alert">
            <h1>{t('app.loadFailed')}</h1>
            <p>{loadError}</p>
          </div>
        )}
        {phase === 'ready' && (onboarding ? <Onboarding /> : <Workspace />)}
      </main>
      <SettingsDialog />
      <HistoryDialog />
      <InvoicesDialog />
      <CombineDialog />
      <ShortfallDialog />
      <AboutDialog />
      <CapDialog />
      <LiveRegion />
    </div>
  );
}
