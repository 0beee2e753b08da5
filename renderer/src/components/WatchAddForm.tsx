// "Add folder…", folder first: main's picker gives the folder and what is in it; the form then
// suggests a format from those files, asks what to do with the files already there (convert
// them too, or only new ones), and lists every file the rule would leave alone and why.
import { type FormEvent, useId, useMemo, useState } from 'react';
import type { ExistingFiles, FolderSurvey } from '../../../shared/watch.ts';
import { failureMessage } from '../../../shared/messages.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';
import { targetsOffered } from '../view/watch-words.ts';
import { ignoredFiles, suggestTarget, takenCount } from '../view/watch-survey.ts';
import { baseName, formatShort } from '../view/words.ts';
import { Icon } from './icons.tsx';
import type { Status } from './WatchFolderRow.tsx';
import { type WatchDraft, WatchRuleFields } from './WatchRuleFields.tsx';

/** Names listed before "and N more". */
const IGNORED_SHOWN = 50;

export function WatchAddForm(props: {
  survey: FolderSurvey;
  onRepick(): Promise<void>;
  onCancel(): void;
  onAdded(id: string, name: string): void;
  say(status: Status | undefined): void;
}) {
  const { survey } = props;
  const conversions = useAppState((state) => state.conversions);
  const { addWatchFolder } = useActions();
  const ids = useId();
  const t = useT();
  const targets = useMemo(() => targetsOffered(conversions), [conversions]);
  const suggested = useMemo(() => suggestTarget(survey, conversions), [survey, conversions]);
  const [draft, setDraft] = useState<WatchDraft>({
    to: suggested ?? targets[0] ?? '',
    from: [],
    recursive: false,
    after: 'keep',
  });
  const [existing, setExisting] = useState<ExistingFiles>('new-only');
  const [busy, setBusy] = useState(false);
  const name = baseName(survey.folder);
  const taken = draft.to ? takenCount(survey, draft, conversions) : 0;
  const ignored = draft.to ? ignoredFiles(survey, draft, conversions) : [];

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft.to) return;
    setBusy(true);
    props.say({ tone: 'info', text: t('watch.starting') });
    const result = await addWatchFolder(draft, taken > 0 ? existing : 'new-only');
    setBusy(false);
    if (!result.ok) return props.say({ tone: 'error', text: failureMessage(result.error) });
    if (result.value) props.onAdded(result.value.rule.id, name);
  };

  return (
    <form
      className="watch-form"
      aria-labelledby={`${ids}-add`}
      onSubmit={(event) => void onSubmit(event)}
      aria-busy={busy}
      data-testid="watch-add-form"
    >
      <h4 id={`${ids}-add`}>{t('watch.addTitleFor', { name })}</h4>
      <p className="path" data-testid="watch-add-folder">
        {survey.folder}
      </p>
      <p className="hint" data-testid="watch-add-summary">
        {survey.files.length === 0
          ? t('watch.folderEmpty')
          : t('watch.folderHolds', { count: survey.files.length + survey.more })}
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button secondary small"
          disabled={busy}
          onClick={() => void props.onRepick()}
        >
          <Icon name="folder" />
          <span>{t('watch.chooseOther')}</span>
        </button>
      </div>
      {targets.length === 0 ? (
        <p className="hint">{t('watch.formatsUnknown')}</p>
      ) : (
        <WatchRuleFields
          value={draft}
          onChange={setDraft}
          conversions={conversions}
          toHint={
            suggested &&
            draft.to === suggested && (
              <p className="hint" data-testid="watch-suggested">
                {t('watch.suggested', { to: formatShort(suggested), count: taken })}
              </p>
            )
          }
        />
      )}
      {taken > 0 && (
        <fieldset className="existing-choice">
          <legend>{t('watch.existing', { count: taken, to: formatShort(draft.to) })}</legend>
          <label className="radio">
            <input
              type="radio"
              name={`${ids}-existing`}
              checked={existing === 'new-only'}
              onChange={() => setExisting('new-only')}
            />
            <span>{t('watch.existing.newOnly')}</span>
          </label>
          <label className="radio">
            <input
              type="radio"
              name={`${ids}-existing`}
              checked={existing === 'convert'}
              onChange={() => setExisting('convert')}
            />
            <span>{t('watch.existing.convert', { count: taken })}</span>
          </label>
        </fieldset>
      )}
      {ignored.length > 0 && (
        <details className="ignored" data-testid="watch-ignored" open={ignored.length <= 5}>
          <summary>{t('watch.ignored', { count: ignored.length })}</summary>
          <ul className="ignored-list">
            {ignored.slice(0, IGNORED_SHOWN).map((file) => (
              <li key={file.name}>
                <span className="mono">{file.name}</span>: {file.reason}
              </li>
            ))}
            {ignored.length > IGNORED_SHOWN && (
              <li>{t('watch.ignoredMore', { count: ignored.length - IGNORED_SHOWN })}</li>
            )}
          </ul>
        </details>
      )}
      <div className="button-row">
        <button type="submit" className="button primary" disabled={busy || !draft.to}>
          {t('watch.start')}
        </button>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          {t('watch.cancel')}
        </button>
      </div>
    </form>
  );
}
