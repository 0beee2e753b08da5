// One watched folder in Settings -> Watch folders: what it converts, what happens to the
// originals, what it is doing now, and its actions (pause or resume, edit, remove after a
// question). Focus stays with the row's own controls as it changes.
import { useEffect, useId, useRef, useState } from 'react';
import type { Result } from '../../../shared/result.ts';
import type { WatchFolderEntry } from '../../../shared/watch.ts';
import { useActions } from '../app-context.tsx';
import {
  afterWords,
  countsWords,
  formatsWords,
  outputWords,
  primaryWatchAction,
  watchStateWords,
} from '../view/watch-words.ts';
import { baseName } from '../view/words.ts';
import { failureMessage } from '../../../shared/messages.ts';
import { Icon } from './icons.tsx';
import { useT } from '../i18n.tsx';
import { WatchEditForm } from './WatchEditForm.tsx';

export type Status = { tone: 'info' | 'error' | 'success'; text: string };

export function WatchFolderRow(props: {
  entry: WatchFolderEntry;
  focusEdit: boolean;
  onFocused(): void;
  onSaved(id: string): void;
  onRemoved(): void;
  /** Says what happened in the section's status line. */
  say(status: Status): void;
}) {
  const { entry, say } = props;
  const { rule, status } = entry;
  const actions = useActions();
  const ids = useId();
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const name = baseName(rule.folder);
  const words = watchStateWords(entry);
  const counts = countsWords(status);

  const { focusEdit, onFocused } = props;
  useEffect(() => {
    if (!focusEdit) return;
    editButton.current?.focus();
    onFocused();
  }, [focusEdit, onFocused]);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  /** Says a failure (or `success`) in the section's status line; true when it worked. */
  const report = (result: Result<unknown>, success?: string): boolean => {
    if (!result.ok) say({ tone: 'error', text: failureMessage(result.error) });
    else if (success) say({ tone: 'success', text: success });
    return result.ok;
  };

  const primary = primaryWatchAction(entry);
  const runPrimary = async () => {
    if (primary === 'pause') report(await actions.pauseWatch(rule.id), t('watch.paused', { name }));
    else report(await actions.resumeWatch(rule.id), t('watch.resumed', { name }));
  };
  const remove = async () => {
    if (report(await actions.removeWatch(rule.id), t('watch.removed', { name }))) props.onRemoved();
    else setConfirming(false);
  };
  const afterPick = (result: Result<WatchFolderEntry | undefined>, success: string) => {
    if (result.ok && !result.value) return; // the picker was cancelled
    if (report(result, success) && result.ok && result.value) {
      setEditing(false);
      props.onSaved(result.value.rule.id);
    }
  };

  return (
    <li className={`watch-row tone-${words.tone}`} data-testid="watch-row">
      <Icon name="folder" className="watch-icon" />
      <div className="watch-main">
        <p className="watch-name" id={`${ids}-name`}>
          {name}
        </p>
        <p className="path watch-folder">{rule.folder}</p>
        <p className="watch-meta">
          {formatsWords(rule)}
          {rule.recursive ? t('watch.subfolders') : ''} · {afterWords(rule.after)} · {outputWords(rule)}
        </p>
        <p className="watch-status">
          <span className="watch-phase" data-testid="watch-state">
            {words.label}
          </span>
          {counts && <span className="watch-counts">{counts}</span>}
        </p>
        {words.detail && <p className="watch-detail">{words.detail}</p>}
      </div>
      <div className="watch-actions">
        <button type="button" className="button secondary small" onClick={() => void runPrimary()}>
          <Icon name={primary === 'pause' ? 'pause' : primary === 'resume' ? 'play' : 'refresh'} />
          <span>
            {primary === 'pause'
              ? t('watch.pause')
              : primary === 'resume'
                ? t('watch.resume')
                : t('watch.retry')}
          </span>
          <span className="visually-hidden">
            {primary === 'retry' ? t('watch.retryHidden', { name }) : t('watch.pauseHidden', { name })}
          </span>
        </button>
        <button
          ref={editButton}
          type="button"
          className="button secondary small"
          aria-expanded={editing}
          onClick={() => setEditing(!editing)}
        >
          <span>{t('watch.edit')}</span>
          <span className="visually-hidden">{t('watch.rowHidden', { name })}</span>
        </button>
        <button
          ref={removeButton}
          type="button"
          className="button ghost small"
          onClick={() => setConfirming(true)}
        >
          <span>{t('watch.remove')}</span>
          <span className="visually-hidden">{t('watch.rowHidden', { name })}</span>
        </button>
      </div>
      {confirming && (
        <fieldset className="watch-confirm">
          <legend>{t('watch.confirm', { name })}</legend>
          <p className="hint">{t('watch.confirmHint')}</p>
          <div className="button-row">
            <button
              ref={confirmButton}
              type="button"
              className="button danger small"
              onClick={() => void remove()}
            >
              {t('watch.stop')}
            </button>
            <button
              type="button"
              className="button secondary small"
              onClick={() => {
                setConfirming(false);
                removeButton.current?.focus();
              }}
            >
              {t('watch.keep')}
            </button>
          </div>
        </fieldset>
      )}
      {editing && (
        <WatchEditForm
          entry={entry}
          labelledBy={`${ids}-name`}
          onCancel={() => {
            setEditing(false);
            editButton.current?.focus();
          }}
          onSave={async (patch) => {
            const result = await actions.updateWatchFolder(rule.id, patch);
            if (report(result, t('watch.saved', { name })) && result.ok && result.value) {
              setEditing(false);
              props.onSaved(result.value.rule.id);
            }
          }}
          onChooseFolder={async () =>
            afterPick(await actions.chooseWatchedFolder(rule.id), t('watch.movedFolder'))
          }
          onChooseOutput={async (clear) =>
            afterPick(
              await actions.chooseWatchOutputFolder(rule.id, clear),
              clear ? t('watch.outputNext') : t('watch.outputFolder'),
            )
          }
        />
      )}
    </li>
  );
}
