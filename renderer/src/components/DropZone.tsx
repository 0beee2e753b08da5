// Drag and drop of files AND folders (main expands folders and says what it skipped), plus
// "Browse…" for people who do not drag. The whole workspace accepts drops; the zone is the
// visible invitation.
import { type DragEvent, type ReactNode, useRef, useState } from 'react';
import { useActions, useAppState } from '../app-context.tsx';
import { formatList } from '../../../shared/i18n/index.ts';
import { Icon } from './icons.tsx';
import { useT } from '../i18n.tsx';

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

export function DropArea(props: { children: ReactNode }) {
  const { stageDropped } = useActions();
  const [over, setOver] = useState(false);
  const t = useT();
  // dragenter/dragleave fire for every child crossed; count them to know when we truly left.
  const depth = useRef(0);
  return (
    // A region (not a button): dropping has a keyboard equivalent in "Browse…".
    <section
      aria-labelledby="workspace-title"
      className={`workspace ${over ? 'drag-over' : ''}`}
      data-testid="drop-area"
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        depth.current = 0;
        setOver(false);
        void stageDropped(Array.from(event.dataTransfer.files));
      }}
    >
      {props.children}
      {over && (
        <div className="drop-overlay" aria-hidden="true">
          <Icon name="upload" className="overlay-icon accent-icon" />
          <p>{t('app.drop.overlay')}</p>
        </div>
      )}
    </section>
  );
}

export function DropZone(props: { compact: boolean }) {
  const { browse } = useActions();
  const t = useT();
  const sources = useAppState((state) => state.conversions);
  const formats = Object.keys(sources)
    .map((format) => format.toUpperCase())
    .sort();
  if (props.compact) {
    return (
      <section className="drop-zone compact" aria-label={t('app.drop.add')}>
        <Icon name="upload" className="accent-icon" />
        <p>{t('app.drop.more')}</p>
        <button type="button" className="button secondary" onClick={() => void browse()}>
          {t('app.drop.browse')}
        </button>
      </section>
    );
  }
  return (
    <section className="drop-zone" aria-labelledby="drop-title" data-testid="drop-zone">
      <span className="drop-icon">
        <Icon name="upload" />
      </span>
      <h2 id="drop-title">{t('app.drop.title')}</h2>
      <p className="drop-or">{t('app.drop.or')}</p>
      <button type="button" className="button primary large" onClick={() => void browse()}>
        <Icon name="folder" />
        <span>{t('app.drop.browse')}</span>
      </button>
      {formats.length > 0 && (
        <p className="drop-formats">{t('app.drop.formats', { formats: formatList(formats) })}</p>
      )}
    </section>
  );
}
