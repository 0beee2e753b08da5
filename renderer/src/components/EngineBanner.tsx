// What holds the whole queue, when something does: no key, paused, the service asked us to wait.
import { useActions, useAppState } from '../app-context.tsx';
import { secondsLeft } from '../view/job-phase.ts';
import { formatSeconds } from '../../../shared/i18n/index.ts';
import { useNow } from './use-now.ts';
import { useT } from '../i18n.tsx';

export function EngineBanner() {
  const engine = useAppState((state) => state.engine);
  const { openSettings } = useActions();
  const t = useT();
  const now = useNow(engine.notBefore !== undefined);
  const busyFor = engine.notBefore === undefined ? 0 : secondsLeft(engine.notBefore, now);
  if (engine.needsKey) {
    return (
      <div className="banner banner-warning">
        <p>{t('app.banner.needsKey')}</p>
        <button type="button" className="button secondary small" onClick={() => openSettings('account')}>
          {t('app.banner.openSettings')}
        </button>
      </div>
    );
  }
  if (busyFor > 0) {
    return (
      <div className="banner banner-info">
        <p>{t('app.banner.busy', { duration: formatSeconds(busyFor) })}</p>
      </div>
    );
  }
  return null;
}
