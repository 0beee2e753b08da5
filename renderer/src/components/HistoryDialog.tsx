// Recent results, kept by main across restarts: each converted file with the format it was
// converted TO and its source, and each failed one with why.
import type { ConvertedEntry, HistoryEntry } from '../../../shared/ipc/contract.ts';
import { failureMessage } from '../../../shared/messages.ts';
import { mayOpenResult } from '../../../shared/result-open.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { baseName, folderOf, formatShort, timeAgo } from '../view/words.ts';
import { Dialog } from './Dialog.tsx';
import { SpendHistory } from './SpendHistory.tsx';
import { FormatBadge, Icon } from './icons.tsx';
import { useT } from '../i18n.tsx';

// The contract module carries zod; the page imports only its types, so the check is here too.
const isConverted = (entry: HistoryEntry): entry is ConvertedEntry => Boolean(entry.output);

export function HistoryDialog() {
  const open = useAppState((state) => state.historyOpen);
  const history = useAppState((state) => state.history);
  const { closeHistory } = useActions();
  const t = useT();
  const now = Date.now();
  const recent = [...history].sort((a, b) => b.finishedAt - a.finishedAt);
  return (
    <Dialog open={open} title={t('app.history.title')} onClose={closeHistory} className="history">
      {recent.length === 0 ? (
        <p className="empty-note">{t('app.history.empty')}</p>
      ) : (
        <ul className="history-list" data-testid="history-list">
          {recent.map((entry) =>
            isConverted(entry) ? (
              <ConvertedRow key={`${entry.jobId}-${entry.finishedAt}`} entry={entry} now={now} />
            ) : (
              <FailedRow key={`${entry.jobId}-${entry.finishedAt}`} entry={entry} now={now} />
            ),
          )}
        </ul>
      )}
      <SpendHistory />
    </Dialog>
  );
}

function ConvertedRow({ entry, now }: { entry: ConvertedEntry; now: number }) {
  const { showInFolder, openResult } = useActions();
  const t = useT();
  return (
    <li className="history-row">
      <FormatBadge format={entry.to} />
      <div className="history-main">
        <p className="history-name">{baseName(entry.output)}</p>
        <p className="hint">
          {t('app.history.converted', {
            name: baseName(entry.source),
            format: formatShort(entry.to),
            when: timeAgo(entry.finishedAt, now),
          })}
          <span className="path">{folderOf(entry.output)}</span>
        </p>
      </div>
      <div className="button-row">
        <button
          type="button"
          className="button secondary small"
          onClick={() => void showInFolder(entry.jobId)}
        >
          <Icon name="folder" />
          <span>{t('app.showInFolder')}</span>
          <span className="visually-hidden">
            {t('app.row.showInFolderFor', { name: baseName(entry.output) })}
          </span>
        </button>
        {mayOpenResult(entry.output) && (
          <button
            type="button"
            className="button secondary small"
            onClick={() => void openResult(entry.jobId)}
          >
            <Icon name="open" />
            <span>{t('app.open')}</span>
            <span className="visually-hidden">
              {t('app.history.openHidden', { name: baseName(entry.output) })}
            </span>
          </button>
        )}
      </div>
    </li>
  );
}

/** A file that was not converted: its name, the format it was meant for, and why. */
function FailedRow({ entry, now }: { entry: HistoryEntry; now: number }) {
  const t = useT();
  return (
    <li className="history-row failed" data-testid="history-failed">
      <Icon name="alert" className="status-icon" />
      <div className="history-main">
        <p className="history-name">{baseName(entry.source)}</p>
        <p className="hint">
          {t('app.history.failed', { format: formatShort(entry.to), when: timeAgo(entry.finishedAt, now) })}
        </p>
        {entry.failure && <p className="history-reason">{failureMessage(entry.failure)}</p>}
      </div>
    </li>
  );
}
