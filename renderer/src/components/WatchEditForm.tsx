// A watched folder's Edit form: target, files taken, subfolders and what happens to the
// originals are saved together with "Save" (a new target restarts the rule, so it is not
// applied on every keystroke); the folders themselves come from main's picker at once.
import { useState } from 'react';
import type { WatchFolderEntry } from '../../../shared/watch.ts';
import { useAppState } from '../app-context.tsx';
import type { WatchRulePatch } from '../store/watch-actions.ts';
import { type WatchDraft, WatchRuleFields } from './WatchRuleFields.tsx';
import { useT } from '../i18n.tsx';

export function WatchEditForm(props: {
  entry: WatchFolderEntry;
  labelledBy: string;
  onCancel(): void;
  onSave(patch: WatchRulePatch): Promise<void>;
  onChooseFolder(): Promise<void>;
  onChooseOutput(clear: boolean): Promise<void>;
}) {
  const { rule } = props.entry;
  const conversions = useAppState((state) => state.conversions);
  const [draft, setDraft] = useState<WatchDraft>({
    to: rule.to,
    from: rule.from,
    recursive: rule.recursive,
    after: rule.after,
    invoices: rule.invoices === true,
  });
  const [busy, setBusy] = useState(false);
  const t = useT();
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    await work();
    setBusy(false);
  };
  return (
    <form
      className="watch-form"
      aria-labelledby={props.labelledBy}
      aria-busy={busy}
      onSubmit={(event) => {
        event.preventDefault();
        void run(() => props.onSave(draft));
      }}
    >
      <WatchRuleFields value={draft} onChange={setDraft} conversions={conversions} />
      {draft.to !== rule.to && <p className="hint">{t('watch.reconvert')}</p>}
      <div className="button-row">
        <button type="submit" className="button primary small" disabled={busy}>
          {t('watch.save')}
        </button>
        <button type="button" className="button secondary small" onClick={props.onCancel}>
          {t('watch.cancel')}
        </button>
      </div>
      <div className="button-row">
        <button
          type="button"
          className="button secondary small"
          disabled={busy}
          onClick={() => void run(props.onChooseFolder)}
        >
          {t('watch.another')}
        </button>
        <button
          type="button"
          className="button secondary small"
          disabled={busy}
          onClick={() => void run(() => props.onChooseOutput(false))}
        >
          {t('watch.saveInFolder')}
        </button>
        {rule.outDir && (
          <button
            type="button"
            className="button ghost small"
            disabled={busy}
            onClick={() => void run(() => props.onChooseOutput(true))}
          >
            {t('watch.saveNext')}
          </button>
        )}
      </div>
    </form>
  );
}
