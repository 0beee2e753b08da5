// Settings -> Watch folders: every watched folder with what it converts, what happens to the
// originals and what it is doing now; add one (folder first: main shows the picker, then
// WatchAddForm asks the rest), edit, pause, resume and remove (after a confirmation). What
// happened is said inside the section, in its own status line, since the modal dialog hides
// the window's notices.
import { useId, useRef, useState } from 'react';
import type { FolderSurvey } from '../../../shared/watch.ts';
import { failureMessage } from '../../../shared/messages.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';
import { Icon } from './icons.tsx';
import { WatchAddForm } from './WatchAddForm.tsx';
import { type Status, WatchFolderRow } from './WatchFolderRow.tsx';

export function WatchFoldersSection() {
  const entries = useAppState((state) => state.watchFolders);
  const { pickWatchFolder } = useActions();
  const ids = useId();
  const t = useT();
  const [survey, setSurvey] = useState<FolderSurvey | undefined>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status | undefined>();
  /** The row whose Edit button gets focus next (after a save gave the rule a new id). */
  const [focusId, setFocusId] = useState<string | undefined>();
  const addButton = useRef<HTMLButtonElement>(null);

  /** Main's folder picker; a cancelled picker keeps whatever was there and says so. */
  const pick = async () => {
    setBusy(true);
    setStatus({ tone: 'info', text: t('watch.choosing') });
    const result = await pickWatchFolder();
    setBusy(false);
    if (!result.ok) return setStatus({ tone: 'error', text: failureMessage(result.error) });
    if (!result.value) return setStatus({ tone: 'info', text: t('watch.noFolderChosen') });
    setSurvey(result.value);
    setStatus(undefined);
  };

  return (
    <section className="settings-section" aria-labelledby={`${ids}-title`} data-testid="watch-folders">
      <h3 id={`${ids}-title`}>{t('watch.title')}</h3>
      <p className="hint">{t('watch.intro')}</p>
      {entries.length === 0 ? (
        <p className="empty-note">{t('watch.none')}</p>
      ) : (
        <ul className="watch-list" aria-labelledby={`${ids}-title`}>
          {entries.map((entry) => (
            <WatchFolderRow
              key={entry.rule.id}
              entry={entry}
              focusEdit={focusId === entry.rule.id}
              onFocused={() => setFocusId(undefined)}
              onSaved={(id) => setFocusId(id)}
              onRemoved={() => addButton.current?.focus()}
              say={setStatus}
            />
          ))}
        </ul>
      )}
      {survey ? (
        <WatchAddForm
          key={survey.folder}
          survey={survey}
          onRepick={pick}
          onCancel={() => {
            setSurvey(undefined);
            setStatus(undefined);
          }}
          onAdded={(id, name) => {
            setSurvey(undefined);
            setFocusId(id);
            setStatus({ tone: 'success', text: t('watch.added', { name }) });
          }}
          say={setStatus}
        />
      ) : (
        <button
          ref={addButton}
          type="button"
          className="button secondary small"
          disabled={busy}
          onClick={() => void pick()}
        >
          <Icon name="folder" />
          <span>{t('watch.add')}</span>
        </button>
      )}
      <p
        className={`form-status ${status ? `status-${status.tone}` : ''}`}
        role="status"
        data-testid="watch-status"
      >
        {status?.text}
      </p>
    </section>
  );
}
