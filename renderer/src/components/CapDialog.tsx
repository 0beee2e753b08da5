// Shown when the batch would pass a spending limit (Settings -> Spending limits): the numbers,
// and "convert the files that fit" under the limit (the rest stay out), or cancel. Nothing is
// sent until a choice is made. The shortfall dialog's state carries the verdict.
import { useActions, useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';
import { formatTokens } from '../view/words.ts';
import { Dialog } from './Dialog.tsx';

export function CapDialog() {
  const cap = useAppState((state) => state.shortfall?.cap);
  const starting = useAppState((state) => state.starting);
  const { dismissShortfall, startFitting } = useActions();
  const t = useT();
  const fit = cap?.fitCount ?? 0;
  return (
    <Dialog
      open={cap !== undefined}
      title={t('app.cap.title')}
      onClose={dismissShortfall}
      className="shortfall"
      describedBy="cap-text"
      noCloseButton
      footer={
        <>
          {fit > 0 && (
            <button
              type="button"
              className="button primary"
              onClick={() => void startFitting()}
              disabled={starting}
              data-testid="convert-under-cap"
            >
              {t('app.shortfall.convertFitting', { count: fit })}
            </button>
          )}
          <button type="button" className="button secondary" onClick={dismissShortfall}>
            {t('app.cancel')}
          </button>
        </>
      }
    >
      {cap && (
        <div id="cap-text">
          <p data-testid="cap-numbers">
            {cap.kind === 'month'
              ? t('app.cap.month', { total: formatTokens(cap.required), left: formatTokens(cap.left) })
              : t('app.cap.batch', { total: formatTokens(cap.required), limit: formatTokens(cap.limit) })}
          </p>
          <p>
            {fit > 0 ? t('app.cap.fit', { fit, tokens: formatTokens(cap.fitTokens) }) : t('app.cap.none')}
          </p>
        </div>
      )}
    </Dialog>
  );
}
