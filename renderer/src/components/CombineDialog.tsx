// "Combine into one PDF": reorder by dragging a row or with its Move up / Move down buttons
// (the keyboard's way: a drag alone would shut keyboard users out), name the result, then
// main asks where to save it. Each part's place is read out after a move.
import { useState } from 'react';
import { useActions, useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';
import { combinable, pdfFileName } from '../store/combine-actions.ts';
import { Dialog } from './Dialog.tsx';
import { Icon } from './icons.tsx';

export function CombineDialog() {
  const combine = useAppState((state) => state.combine);
  const { closeCombine, renameCombine, moveCombinePart, startCombine, showCombined } = useActions();
  const t = useT();
  const [dragged, setDragged] = useState<number | undefined>(undefined);
  const [said, setSaid] = useState('');
  const fallback = t('app.combine.defaultName');
  const { parts, busy, done, error } = combine;

  const move = (from: number, to: number) => {
    if (to < 0 || to >= parts.length) return;
    moveCombinePart(from, to);
    setSaid(t('app.combine.movedTo', { name: parts[from]!.name, place: to + 1, count: parts.length }));
  };

  const footer = done ? (
    <>
      <button type="button" className="button secondary" onClick={() => void showCombined()}>
        <Icon name="folder" />
        <span>{t('app.showInFolder')}</span>
      </button>
      <button type="button" className="button primary" onClick={closeCombine}>
        {t('app.combine.close')}
      </button>
    </>
  ) : (
    <>
      <button type="button" className="button secondary" onClick={closeCombine} disabled={busy}>
        {t('app.combine.cancel')}
      </button>
      <button
        type="button"
        className="button primary"
        onClick={() => void startCombine(fallback)}
        disabled={busy || parts.length < 2}
        data-testid="combine-start"
      >
        {busy ? t('app.combine.working') : t('app.combine.start', { count: parts.length })}
      </button>
    </>
  );

  return (
    <Dialog open={combine.open} title={t('app.combine.title')} onClose={closeCombine} footer={footer}>
      <p className="hint">{t('app.combine.intro')}</p>
      <ol className="combine-list" data-testid="combine-list" aria-label={t('app.combine.order')}>
        {parts.map((part, index) => (
          <li
            key={part.stageId}
            className={`combine-row${dragged === index ? ' dragging' : ''}`}
            draggable={!busy}
            onDragStart={(event) => {
              setDragged(index);
              event.dataTransfer.effectAllowed = 'move';
            }}
            onDragOver={(event) => event.preventDefault()}
            onDrop={(event) => {
              event.preventDefault();
              if (dragged !== undefined && dragged !== index) move(dragged, index);
              setDragged(undefined);
            }}
            onDragEnd={() => setDragged(undefined)}
          >
            <span className="combine-place" aria-hidden="true">
              {index + 1}
            </span>
            <span className="combine-name">{part.name}</span>
            <span className="button-row">
              <button
                type="button"
                className="button ghost small"
                onClick={() => move(index, index - 1)}
                disabled={busy || index === 0}
                aria-label={t('app.combine.moveUp', { name: part.name })}
              >
                ↑
              </button>
              <button
                type="button"
                className="button ghost small"
                onClick={() => move(index, index + 1)}
                disabled={busy || index === parts.length - 1}
                aria-label={t('app.combine.moveDown', { name: part.name })}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
      <div className="field">
        <label htmlFor="combine-name">{t('app.combine.name')}</label>
        <input
          id="combine-name"
          className="input"
          type="text"
          value={combine.name}
          onChange={(event) => renameCombine(event.target.value)}
          disabled={busy}
          maxLength={200}
        />
      </div>
      <p className="hint">{t('app.combine.where', { name: pdfFileName(combine.name, fallback) })}</p>
      <p className="visually-hidden" aria-live="polite">
        {said}
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="combine-done" role="status">
          {t('app.combine.done', {
            name: done.path.split(/[\\/]/).pop() ?? '',
            pages: done.pages,
            parts: done.parts,
          })}
        </p>
      )}
    </Dialog>
  );
}

/** Beside Convert: offered once two or more staged files can go into one PDF. */
export function CombineButton() {
  const files = useAppState((state) => state.staging.files);
  const { openCombine } = useActions();
  const t = useT();
  if (combinable(files).length < 2) return null;
  return (
    <button
      type="button"
      className="button secondary"
      onClick={() => openCombine(t('app.combine.defaultName'))}
      data-testid="combine-open"
    >
      {t('app.combine.open')}
    </button>
  );
}
