// Shown when the batch costs more than the balance: say by how much, offer to convert the
// files that fit (the rest wait in the queue for tokens) or cancel. Nothing is sent until a choice is made.
import { useActions, useAppState } from '../app-context.tsx';
import { formatTokens, plural } from '../view/words.ts';
import { Dialog } from './Dialog.tsx';

export function ShortfallDialog() {
  const shortfall = useAppState((state) => state.shortfall);
  const staged = useAppState((state) => state.staging.files.length);
  const starting = useAppState((state) => state.starting);
  const { dismissShortfall, startFitting } = useActions();
  const fit = shortfall?.fitCount ?? 0;
  return (
    <Dialog
      open={shortfall !== undefined}
      title="Not enough tokens"
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
              Convert the {plural(fit, 'file')} that fit
            </button>
          )}
          <button type="button" className="button secondary" onClick={dismissShortfall}>
            Cancel
          </button>
        </>
      }
    >
      {shortfall && (
        <div id="shortfall-text">
          <p>
            Converting {plural(staged, 'file')} needs <strong>{formatTokens(shortfall.total)}</strong>, but
            your balance is <strong>{formatTokens(shortfall.balance)}</strong>: you are{' '}
            <strong>{formatTokens(shortfall.shortfall)} short</strong>.
          </p>
          {fit > 0 ? (
            <p>
              {fit === 1 ? 'The first file fits' : `The first ${fit} files fit`} in your balance (
              {formatTokens(shortfall.fitTokens)}).{' '}
              {staged - fit === 1
                ? 'The other file waits in the queue until you top up.'
                : `The other ${staged - fit} files wait in the queue until you top up.`}
            </p>
          ) : (
            <p>Not even the first file fits. Top up your balance, then try again.</p>
          )}
        </div>
      )}
    </Dialog>
  );
}
