// A queue row's first line: the file's name, then its size and "from → to". One home for the
// job rows (QueueRow) and the rows shown while main checks the files (StartingRow).
import type { ReactNode } from 'react';
import { useT } from '../i18n.tsx';
import { formatBytes, formatLabel, formatShort } from '../view/words.ts';

export function JobLine(props: {
  nameId: string;
  name: string;
  /** The full path, on hover. */
  title: string;
  bytes: number;
  from: string;
  to: string;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <p className="job-line">
      <span className="job-name" id={props.nameId} title={props.title}>
        {props.name}
      </span>
      <span className="job-meta">
        <span>{formatBytes(props.bytes)}</span>
        <span aria-hidden="true"> · </span>
        <span className="visually-hidden">{t('app.row.from')}</span>
        <abbr title={formatLabel(props.from)}>{formatShort(props.from)}</abbr>
        <span aria-hidden="true"> → </span>
        <span className="visually-hidden">{t('app.row.to')}</span>
        <abbr title={formatLabel(props.to)}>{formatShort(props.to)}</abbr>
        {props.children}
      </span>
    </p>
  );
}
