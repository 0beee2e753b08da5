// Settings -> Watch folders: every watched folder with what it converts, what happens to the
// originals and what it is doing now; add one (main shows the folder picker), edit, pause,
// resume and remove (after a confirmation). What happened is said inside the section, in
// its own status line, since the modal dialog hides the window's notices.
import { type FormEvent, useId, useMemo, useRef, useState } from 'react';
import { useActions, useAppState } from '../app-context.tsx';
import { targetsOffered } from '../view/watch-words.ts';
import { baseName } from '../view/words.ts';
import { failureMessage } from '../../../shared/messages.ts';
import { Icon } from './icons.tsx';
import { useT } from '../i18n.tsx';
import { type Status, WatchFolderRow } from './WatchFolderRow.tsx';
import { type WatchDraft, WatchRuleFields } from './WatchRuleFields.tsx';

export function WatchFoldersSection() {
  const entries = useAppState((state) => state.watchFolders);
  const conversions = useAppState((state) => state.conversions);
  const { addWatchFolder } = useActions();
  const ids = useId();
  const t = useT();
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status | undefined>();
  /** The row whose Edit button gets focus next (after a save gave the rule a new id). */
  const [focusId, setFocusId] = useState<string | undefined>();
  const addButton = useRef<HTMLButtonElement>(null);
  const targets = useMemo(() => targetsOffered(conversions), [conversions]);
  const [draft, setDraft] = useState<WatchDraft>({ to: '', from: [], recursive: false, after: 'keep' });
  const to = draft.to && targets.includes(draft.to) ? draft.to : (targets[0] ?? '');

  const onAdd = async (event: FormEvent) => {
    event.preventDefault();
    if (!to) return;
    setBusy(true);
    setStatus({ tone: 'info', text: t('watch.choosing') });
    const result = await addWatchFolder({ ...draft, to });
    setBusy(false);
    if (!result.ok) return setStatus({ tone: 'error', text: failureMessage(result.error) });
    if (!result.value) return setStatus(undefined); // the picker was cancelled
    setAdding(false);
    setFocusId(result.value.rule.id);
    setStatus({ tone: 'success', text: t('watch.added', { name: baseName(result.value.rule.folder) }) });
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
      {adding ? (
        <form
          className="watch-form"
          aria-labelledby={`${ids}-add`}
          onSubmit={(event) => void onAdd(event)}
          aria-busy={busy}
        >
          <h4 id={`${ids}-add`}>{t('watch.addTitle')}</h4>
          {targets.length === 0 ? (
            <p className="hint">{t('watch.formatsUnknown')}</p>
          ) : (
            <WatchRuleFields value={{ ...draft, to }} onChange={setDraft} conversions={conversions} />
          )}
          <p className="hint">{t('watch.addHint')}</p>
          <div className="button-row">
            <button type="submit" className="button primary" disabled={busy || !to}>
              <Icon name="folder" />
              <span>{t('watch.choose')}</span>
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setAdding(false);
                setStatus(undefined);
              }}
            >
              {t('watch.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button
          ref={addButton}
          type="button"
          className="button secondary small"
          onClick={() => {
            setAdding(true);
            setStatus(undefined);
          }}
        >
          {t('watch.add')}
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
