// Files accepted and waiting for a target: "Convert all to" for the batch, a per-file
// override offering only what that file can become, what was skipped and why, the cost.
import { useId } from 'react';
import type { StagedFile } from '../../../shared/ipc/contract.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { batchTargetOptions } from '../store/staging.ts';
import { formatBytes, formatLabel } from '../view/words.ts';
import { useT } from '../i18n.tsx';
import { CombineButton } from './CombineDialog.tsx';
import { EstimateLine } from './EstimateLine.tsx';
import { FormatBadge, Icon } from './icons.tsx';

/** Beyond this many, the rest follow "Convert all to" and are summarised, not listed. */
const LISTED_FILES = 200;
const LISTED_SKIPPED = 100;

export function StagingPanel() {
  const staging = useAppState((state) => state.staging);
  const starting = useAppState((state) => state.starting);
  const { chooseBatchTarget, clearStaging, requestStart, browse } = useActions();
  const ids = useId();
  const t = useT();
  const { files, skipped } = staging;
  const options = batchTargetOptions(files);
  const hidden = files.length - LISTED_FILES;

  return (
    <section className="panel staging" aria-labelledby={`${ids}-title`} data-testid="staging">
      <div className="panel-head">
        <h2 id={`${ids}-title`}>
          {files.length > 0 ? t('app.staging.ready', { count: files.length }) : t('app.staging.nothing')}
        </h2>
        <div className="button-row">
          <button type="button" className="button ghost" onClick={() => void browse()}>
            {t('app.staging.addFiles')}
          </button>
          <button type="button" className="button ghost" onClick={clearStaging}>
            {files.length > 0 ? t('app.staging.clear') : t('app.staging.ok')}
          </button>
        </div>
      </div>

      {files.length > 0 && (
        <div className="batch-target">
          <label htmlFor={`${ids}-all`}>{t('app.staging.convertAll')}</label>
          <select
            id={`${ids}-all`}
            className="select large"
            value={staging.batchTarget ?? ''}
            onChange={(event) => chooseBatchTarget(event.target.value)}
          >
            {!staging.batchTarget && (
              <option value="" disabled>
                {t('app.staging.mixed')}
              </option>
            )}
            {options.map((option) => (
              <option key={option.to} value={option.to}>
                {option.count < files.length
                  ? t('app.staging.optionSome', {
                      format: formatLabel(option.to),
                      count: option.count,
                      total: files.length,
                    })
                  : formatLabel(option.to)}
              </option>
            ))}
          </select>
        </div>
      )}

      {files.length > 0 && (
        <ul className="staged-list" aria-label={t('app.staging.list')}>
          {files.slice(0, LISTED_FILES).map((file) => (
            <StagedRow key={file.stageId} file={file} to={staging.targets[file.stageId] ?? ''} />
          ))}
          {hidden > 0 && <li className="staged-more">{t('app.staging.more', { count: hidden })}</li>}
        </ul>
      )}

      {skipped.length > 0 && (
        <details className="skipped" open={skipped.length <= 5} data-testid="skipped">
          <summary>{t('app.staging.skipped', { count: skipped.length })}</summary>
          <ul>
            {skipped.slice(0, LISTED_SKIPPED).map((item) => (
              <li key={item.path}>
                <span className="skipped-name">{item.name}</span>:{' '}
                <span className="skipped-reason">{item.reason}</span>
              </li>
            ))}
            {skipped.length > LISTED_SKIPPED && (
              <li>{t('app.staging.skippedMore', { count: skipped.length - LISTED_SKIPPED })}</li>
            )}
          </ul>
        </details>
      )}

      {files.length > 0 && (
        <div className="staging-footer">
          <EstimateLine />
          <CombineButton />
          <button
            type="button"
            className="button primary large"
            onClick={() => void requestStart()}
            disabled={starting}
            data-testid="start"
          >
            <Icon name="arrow" />
            <span>{t('app.staging.start', { count: files.length })}</span>
          </button>
        </div>
      )}
    </section>
  );
}

function StagedRow(props: { file: StagedFile; to: string }) {
  const { chooseFileTarget, unstageFile } = useActions();
  const { file } = props;
  const selectId = useId();
  const t = useT();
  return (
    <li className="staged-row">
      <FormatBadge format={file.from} />
      <div className="staged-main">
        <span className="staged-name" title={file.path}>
          {file.name}
        </span>
        <span className="staged-meta">{formatBytes(file.bytes)}</span>
      </div>
      <label className="visually-hidden" htmlFor={selectId}>
        {t('app.staging.convertFile', { name: file.name })}
      </label>
      <span className="staged-arrow" aria-hidden="true">
        <Icon name="arrow" />
      </span>
      <select
        id={selectId}
        className="select"
        value={props.to}
        onChange={(event) => chooseFileTarget(file.stageId, event.target.value)}
      >
        {file.targets.map((to) => (
          <option key={to} value={to}>
            {formatLabel(to)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button ghost icon-only"
        onClick={() => unstageFile(file.stageId)}
        aria-label={t('app.staging.unstage', { name: file.name })}
        title={t('app.staging.unstageTitle')}
      >
        <Icon name="close" />
      </button>
    </li>
  );
}
