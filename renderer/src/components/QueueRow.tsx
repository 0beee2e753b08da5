// One file in the queue, compact (two lines when all went well): its name with size and
// formats, then its phase and bar, or where the result went. Done rows say where the result went (file name and folder; the full folder on hover and
// through "Show in folder") and can be dragged out; failed rows say what happened and what
// to do, in one sentence.
import { memo, useId } from 'react';
import { mayOpenResult } from '../../../shared/result-open.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { describeJob } from '../view/job-phase.ts';
import { baseName, folderOf } from '../view/words.ts';
import { GetTokensLink } from './GetTokensLink.tsx';
import { FormatBadge, Icon } from './icons.tsx';
import { JobLine } from './JobLine.tsx';
import { JobTokens } from './JobTokens.tsx';
import { useNow } from './use-now.ts';
import { useRich, useT } from '../i18n.tsx';

export const QueueRow = memo(function QueueRow(props: { id: string }) {
  const job = useAppState((state) => state.jobs.byId.get(props.id));
  const cancelling = useAppState((state) => state.cancelling.has(props.id));
  const where = useAppState((state) => (state.settings?.endpoint.kind === 'local' ? 'local' : 'cloud'));
  const actions = useActions();
  const ids = useId();
  const t = useT();
  const rich = useRich();
  const countdown = job?.wait?.kind === 'rate-limited' || job?.wait?.kind === 'retrying';
  const now = useNow(countdown);
  if (!job) return null;
  const phase = describeJob(job, now, cancelling, where);
  const output = job.state === 'completed' ? job.output : undefined;
  const done = output !== undefined;
  const name = job.sourceName;
  return (
    <article
      className={`job tone-${phase.tone}`}
      aria-labelledby={`${ids}-name`}
      aria-describedby={`${ids}-phase`}
      data-testid="job-row"
      data-state={job.state}
      draggable={done}
      onDragStart={(event) => {
        // Electron starts a real OS file drag from main; the page only names the job.
        event.preventDefault();
        actions.startDrag(job.id);
      }}
    >
      <FormatBadge format={job.from} />
      <div className="job-main">
        <JobLine
          nameId={`${ids}-name`}
          name={name}
          title={job.source}
          bytes={job.bytes}
          from={job.from}
          to={job.to}
        >
          <JobTokens job={job} />
        </JobLine>
        <div className="job-status">
          {phase.tone === 'done' && <Icon name="check" className="status-icon" />}
          {phase.tone === 'failed' && <Icon name="alert" className="status-icon" />}
          <span className="job-phase" id={`${ids}-phase`} data-testid="job-phase">
            {phase.label}
          </span>
          {phase.tone !== 'done' && phase.tone !== 'failed' && phase.tone !== 'cancelled' && (
            <progress
              className={phase.tone}
              max={100}
              value={phase.indeterminate ? undefined : phase.percent}
              aria-label={t('app.row.progress', { name })}
            />
          )}
          {done && (
            <span className="job-output" data-testid="job-output">
              {rich('app.row.savedAs', {
                file: baseName(output),
                folder: baseName(folderOf(output)),
                name: (chunks) => (
                  <strong key="name" className="output-name">
                    {chunks}
                  </strong>
                ),
                place: (chunks) => (
                  <span
                    key="place"
                    className="output-folder"
                    title={folderOf(output)}
                    data-testid="job-output-folder"
                  >
                    {chunks}
                  </span>
                ),
              })}
            </span>
          )}
        </div>
        {job.state === 'pending' && job.wait?.kind === 'tokens' && (
          <GetTokensLink className="job-get-tokens" />
        )}
        {done && job.note && (
          <p className="job-detail" data-testid="job-note">
            {job.note}
          </p>
        )}
        {phase.detail && (
          <p className="job-detail" data-testid="job-detail">
            {phase.detail}
          </p>
        )}
      </div>
      <div className="job-actions">
        {done && (
          <>
            <button
              type="button"
              className="button secondary small"
              onClick={() => void actions.showInFolder(job.id)}
            >
              <Icon name="folder" />
              <span>{t('app.showInFolder')}</span>
              <span className="visually-hidden">{t('app.row.showInFolderFor', { name })}</span>
            </button>
            {job.output && mayOpenResult(job.output) && (
              <button
                type="button"
                className="button secondary small"
                onClick={() => void actions.openResult(job.id)}
              >
                <Icon name="open" />
                <span>{t('app.open')}</span>
                <span className="visually-hidden">{t('app.row.openThe', { name })}</span>
              </button>
            )}
          </>
        )}
        {phase.retryLabel && (
          <button
            type="button"
            className="button secondary small"
            onClick={() => void actions.retryJob(job.id)}
          >
            <Icon name="refresh" />
            <span>{phase.retryLabel}</span>
            <span className="visually-hidden"> {name}</span>
          </button>
        )}
        {phase.canCancel && (
          <button type="button" className="button ghost small" onClick={() => void actions.cancelJob(job.id)}>
            <span>{t('app.cancel')}</span>
            <span className="visually-hidden"> {name}</span>
          </button>
        )}
        {phase.canRemove && (
          <button
            type="button"
            className="button ghost small icon-only"
            onClick={() => void actions.removeJob(job.id)}
            aria-label={t('app.row.remove', { name })}
            title={t('app.row.removeTitle')}
          >
            <Icon name="close" />
          </button>
        )}
      </div>
    </article>
  );
});
