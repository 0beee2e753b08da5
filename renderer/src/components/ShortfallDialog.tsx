// Shown when the batch costs more than the balance: say by how much, offer to convert the
// files that fit (the rest wait in the queue for tokens) or cancel. Nothing is sent until a choice is made.
import { useActions, useAppState } from '../app-context.tsx';
import { formatTokens } from '../view/words.ts';
import { useRich, useT } from '../i18n.tsx';
import { Dialog } from './Dialog.tsx';
import { GetTokensLink } from './GetTokensLink.tsx';

export function ShortfallDialog() {
  const shortfall = useAppState((state) => state.shortfall);
  const staged = useAppState((state) => state.staging.files.length);
  const starting = useAppState((state) => state.starting);
  const { dismissShortfall, startFitting } = useActions();
  const fit = shortfall?.fitCount ?? 0;
  const t = useT();
  const rich = useRich();
  return (
    <Dialog
      open={shortfall !== undefined && shortfall.cap === undefined}
      title={t('app.shortfall.title')}
      onClose={dismissShortfall}
      className="shortfall"
      describedBy="shortfall-text"
      noCloseButton
      footer={
        <>
          {fit > 0 && (
            <button
              type="button"
              className="button primary"
              onClick={() => void startFitting()}
              disabled={starting}
              data-testid="convert-fitting"
            >
              {t('app.shortfall.convertFitting', { count: fit })}
            </button>
          )}
          <GetTokensLink className="button secondary" />
          <button type="button" className="button secondary" onClick={dismissShortfall}>
            {t('app.cancel')}
          </button>
        </>
      }
    >
      {shortfall && (
        <div id="shortfall-text">
          <p>
            {rich('app.shortfall.needs', {
              count: staged,
              total: formatTokens(shortfall.total),
              balance: formatTokens(shortfall.balance),
              shortfall: formatTokens(shortfall.shortfall),
              b: (chunks) => <strong key={String(chunks)}>{chunks}</strong>,
            })}
          </p>
          {fit > 0 ? (
            <p>
              {t('app.shortfall.fit', { fit, rest: staged - fit, tokens: formatTokens(shortfall.fitTokens) })}
            </p>
          ) : (
            <p>{t('app.shortfall.none')}</p>
          )}
        </div>
      )}
    </Dialog>
  );
}
