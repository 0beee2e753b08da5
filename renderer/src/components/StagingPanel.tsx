// Files accepted and waiting for a target: one "... files to" choice per source type (so a
// choice never claims files that cannot take it), a per-file override offering only what that
// file can become, each file's cost, the dropped folder each came from, what was skipped and
// why, and the batch's cost.
import { useId } from 'react';
import type { StagedFile } from '../../../shared/ipc/contract.ts';
import { failureMessage } from '../../../shared/messages.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { fileSections, type TargetGroup, targetGroups } from '../store/staging.ts';
import { formatBytes, formatLabel, formatTokens } from '../view/words.ts';
import { useT } from '../i18n.tsx';
import { CombineButton } from './CombineDialog.tsx';
import { EstimateLine } from './EstimateLine.tsx';
import { FormatBadge, Icon } from './icons.tsx';
import { MoreBelow, useMoreBelow } from './MoreBelow.tsx';

/** Beyond this many, the rest follow "Convert all to" and are summarised, not listed. */
const LISTED_FILES = 200;
const LISTED_SKIPPED = 100;

export function StagingPanel() {
  const staging = useAppState((state) => state.staging);
  const starting = useAppState((state) => state.starting);
  const { clearStaging, requestStart, browse } = useActions();
  const ids = useId();
  const t = useT();
  const { files, skipped } = staging;
  const groups = targetGroups(staging);
  const listed = files.slice(0, LISTED_FILES);
  const hidden = files.length - listed.length;
  const more = useMoreBelow(listed.length);

  return (
    <section className="panel staging" aria-labelledby="staging-title" data-testid="staging">
      <div className="panel-head">
        <h2 id="staging-title" tabIndex={-1}>
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

      {groups.length > 0 && (
        <div className="batch-target" data-testid="batch-target">
          {groups.map((group) => (
            <GroupTarget
              key={group.from}
              group={group}
              id={`${ids}-${group.from}`}
              only={groups.length === 1}
            />
          ))}
        </div>
      )}

      {files.length > 0 && (
        <div className="staged-box">
          <ul
            className="staged-list"
            aria-label={t('app.staging.list')}
            ref={more.listRef}
            onScroll={more.update}
          >
            {fileSections(listed).map((section) =>
              section.folder ? (
                <li key={section.folder.path} className="staged-folder" data-testid="staged-folder">
                  <span className="staged-folder-name" title={section.folder.path}>
                    <Icon name="folder" />
                    <span>{t('app.staging.folder', { name: section.folder.name })}</span>
                  </span>
                  <ul aria-label={t('app.staging.folder', { name: section.folder.name })}>
                    {section.files.map((file) => (
                      <StagedRow key={file.stageId} file={file} to={staging.targets[file.stageId] ?? ''} />
                    ))}
                  </ul>
                </li>
              ) : (
                section.files.map((file) => (
                  <StagedRow key={file.stageId} file={file} to={staging.targets[file.stageId] ?? ''} />
                ))
              ),
            )}
            {hidden > 0 && <li className="staged-more">{t('app.staging.more', { count: hidden })}</li>}
          </ul>
          <MoreBelow count={more.below} onShow={more.scrollDown} />
        </div>
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
            id="start-button"
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

/** "PDF files to [TXT]": one source type's choice; alone it reads "Convert all to". */
function GroupTarget(props: { group: TargetGroup; id: string; only: boolean }) {
  const { chooseGroupTarget } = useActions();
  const t = useT();
  const { group } = props;
  return (
    <div className="group-target" data-testid="group-target">
      <label htmlFor={props.id}>
        {props.only
          ? t('app.staging.convertAll')
          : t('app.staging.groupTo', { format: formatLabel(group.from), count: group.count })}
      </label>
      <select
        id={props.id}
        className="select large"
        value={group.value ?? ''}
        onChange={(event) => chooseGroupTarget(group.from, event.target.value)}
      >
        {!group.value && (
          <option value="" disabled>
            {t('app.staging.perFile')}
          </option>
        )}
        {group.options.map((to) => (
          <option key={to} value={to}>
            {formatLabel(to)}
          </option>
        ))}
      </select>
    </div>
  );
}

function StagedRow(props: { file: StagedFile; to: string }) {
  const { chooseFileTarget, unstageFile } = useActions();
  const estimate = useAppState((state) =>
    state.estimate.status === 'ready' ? state.estimate.value : undefined,
  );
  const { file } = props;
  const selectId = useId();
  const t = useT();
  const gone = estimate?.gone?.includes(file.stageId) ?? false;
  const cost = estimate && !estimate.offline ? estimate.costs?.[file.stageId] : undefined;
  return (
    <li className={`staged-row${gone ? ' staged-gone' : ''}`} data-testid="staged-row">
      <FormatBadge format={file.from} />
      <div className="staged-main">
        <span className="staged-name" title={file.path}>
          {file.name}
        </span>
        <span className="staged-meta">{formatBytes(file.bytes)}</span>
        {cost !== undefined && (
          <span className="staged-cost" data-testid="staged-cost">
            <span aria-hidden="true">{formatTokens(cost)}</span>
            <span className="visually-hidden">
              {t('app.staging.cost', { tokens: formatTokens(cost), name: file.name })}
            </span>
          </span>
        )}
        {gone && (
          <span className="staged-problem" data-testid="staged-problem">
            <strong>{t('app.staging.gone')}</strong>: {failureMessage({ code: 'file_missing', message: '' })}
          </span>
        )}
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
