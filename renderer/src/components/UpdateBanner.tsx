// "Restart to update": offered once a newer version is downloaded (and its sha512 checked by
// the updater). While files convert, the offer waits: a restart then would cut them off.
import { useActions, useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';

export function UpdateBanner() {
  const update = useAppState((state) => state.update);
  const { restartToUpdate } = useActions();
  const t = useT();
  if (update?.phase !== 'ready' || !update.version) return null;
  if (!update.canRestart) {
    return (
      <div className="banner banner-info" data-testid="update-banner">
        <p>{t('app.update.waiting', { version: update.version })}</p>
      </div>
    );
  }
  return (
    <div className="banner banner-info" data-testid="update-banner">
      <p>{t('app.update.ready', { version: update.version })}</p>
      <button type="button" className="button primary small" onClick={() => void restartToUpdate()}>
        {t('app.update.restart')}
      </button>
    </div>
  );
}
