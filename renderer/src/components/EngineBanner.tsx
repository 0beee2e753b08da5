// What holds the whole queue, when something does: no key, paused, the service asked us to wait.
import { useActions, useAppState } from '../app-context.tsx';
import { secondsLeft } from '../view/job-phase.ts';
import { useNow } from './use-now.ts';

export function EngineBanner() {
  const engine = useAppState((state) => state.engine);
  const { openSettings } = useActions();
  const now = useNow(engine.notBefore !== undefined);
  const busyFor = engine.notBefore === undefined ? 0 : secondsLeft(engine.notBefore, now);
  if (engine.needsKey) {
    return (
      <div className="banner banner-warning">
        <p>The service needs a valid API key before it converts anything else.</p>
        <button type="button" className="button secondary small" onClick={openSettings}>
          Open Settings
        </button>
      </div>
    );
  }
  if (busyFor > 0) {
    return (
      <div className="banner banner-info">
        <p>The service is busy. Waiting {busyFor} s, as it asked, before sending anything else.</p>
      </div>
    );
  }
  return null;
}
