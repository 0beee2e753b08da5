import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProvider } from './app-context.tsx';
import { App } from './components/App.tsx';
import { LanguageProvider } from './i18n.tsx';
import { speakTo } from '../../shared/messages.ts';
import { createAppActions } from './store/app-actions.ts';
import { createAppState } from './store/app-state.ts';
import { loadSnapshot, syncWithMain } from './store/app-sync.ts';
import { frameSchedule } from './store/event-buffer.ts';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/staging.css';
import './styles/queue.css';
import './styles/dialogs.css';
import './styles/watch-folders.css';
import './styles/invoices.css';
import './styles/settings-layout.css';

// Sentences here use the window's words (never "job", "ifc resume" or IFC_API_KEY).
speakTo('window');
const api = window.api;
const store = createAppState();
const actions = createAppActions(api, store);
// Subscribe first, then ask for the snapshot: nothing that happens in between is lost.
syncWithMain(api, store, {
  schedule: frameSchedule,
  onJobsFinished: () => {
    if (!store.getState().balance?.offline) actions.refreshBalanceSoon();
  },
  onInvoicesChanged: () => void actions.refreshInvoices(),
});
void loadSnapshot(api, store);

// A file dropped outside the drop area must not make the page navigate to it.
for (const type of ['dragover', 'drop'] as const) {
  window.addEventListener(type, (event) => event.preventDefault());
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AppProvider store={store} actions={actions}>
        <LanguageProvider>
          <App />
        </LanguageProvider>
      </AppProvider>
    </StrictMode>,
  );
}
