// A file on its way into the queue: shown the moment Convert is pressed, while main checks it
// (see store/starting-rows.ts), and replaced by its job row when the job arrives. Nothing can
// be done to it yet, so it has no buttons.
import { memo, useId } from 'react';
import { useT } from '../i18n.tsx';
import type { StartingFile } from '../store/starting-rows.ts';
import { FormatBadge } from './icons.tsx';
import { JobLine } from './JobLine.tsx';

export const StartingRow = memo(function StartingRow(props: { file: StartingFile }) {
  const { file } = props;
  const ids = useId();
  const t = useT();
  return (
    <article
      className="job tone-idle"
      aria-labelledby={`${ids}-name`}
      aria-describedby={`${ids}-phase`}
      data-testid="starting-row"
    >
      <FormatBadge format={file.from} />
      <div className="job-main">
        <JobLine
          nameId={`${ids}-name`}
          name={file.name}
          title={file.path}
          bytes={file.bytes}
          from={file.from}
          to={file.to}
        />
        <div className="job-status">
          <span className="job-phase" id={`${ids}-phase`}>
            {t('app.phase.checking')}
          </span>
        </div>
      </div>
    </article>
  );
});
