// Recent results, kept by main across restarts.
import { mayOpenResult } from '../../../shared/result-open.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { baseName, folderOf, formatShort, timeAgo } from '../view/words.ts';
import { Dialog } from './Dialog.tsx';
import { SpendHistory } from './SpendHistory.tsx';
import { FormatBadge, Icon } from './icons.tsx';
import { useT } from '../i18n.tsx';

export function HistoryDialog() {
  const open = useAppState((state) => state.historyOpen);
  const history = useAppState((state) => state.history);
  const { closeHistory, showInFolder, openResult } = useActions();
  const t = useT();
  const now = Date.now();
  const recent = [...history].sort((a, b) => b.finishedAt - a.finishedAt);
  return (
    <Dialog open={open} title={t('app.history.title')} onClose={closeHistory} className="history">
      {recent.length === 0 ? (
        <p className="empty-note">{t('app.history.empty')}</p>
      ) : (
        <ul className="history-list" data-testid="history-list">
          {recent.map((entry) => (
            <li key={`${entry.jobId}-${entry.finishedAt}`} className="history-row">
              <FormatBadge format={entry.to} />
              <div className="history-main">
                <p className="history-name">{baseName(entry.output)}</p>
                <p className="hint">
                  {t('app.history.from', {
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
          ))}
        </ul>
      )}
      <SpendHistory />
    </Dialog>
  );
}
