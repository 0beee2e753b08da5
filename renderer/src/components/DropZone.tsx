// Drag and drop of files AND folders (main expands folders and says what it skipped), plus
// "Browse…" for people who do not drag. The whole workspace accepts drops; the zone is the
// visible invitation.
import { type DragEvent, type ReactNode, useRef, useState } from 'react';
import { useActions, useAppState } from '../app-context.tsx';
import { Icon } from './icons.tsx';

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

export function DropArea(props: { children: ReactNode }) {
  const { stageDropped } = useActions();
  const [over, setOver] = useState(false);
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
          <p>Drop to add these files</p>
        </div>
      )}
    </section>
  );
}

export function DropZone(props: { compact: boolean }) {
  const { browse } = useActions();
  const sources = useAppState((state) => state.conversions);
  const formats = Object.keys(sources)
    .map((format) => format.toUpperCase())
    .sort();
  if (props.compact) {
    return (
      <section className="drop-zone compact" aria-label="Add files">
        <Icon name="upload" className="accent-icon" />
        <p>Drop more files or folders anywhere in this window, or</p>
        <button type="button" className="button secondary" onClick={() => void browse()}>
          Browse…
        </button>
      </section>
    );
  }
  return (
    <section className="drop-zone" aria-labelledby="drop-title" data-testid="drop-zone">
      <span className="drop-icon">
        <Icon name="upload" />
      </span>
      <h2 id="drop-title">Drop files or folders here</h2>
      <p className="drop-or">or</p>
      <button type="button" className="button primary large" onClick={() => void browse()}>
        <Icon name="folder" />
        <span>Browse…</span>
      </button>
      {formats.length > 0 && (
        <p className="drop-formats">
          Converts {formats.slice(0, -1).join(', ')}
          {formats.length > 1 ? ' and ' : ''}
          {formats.at(-1)} files.
        </p>
      )}
    </section>
  );
}
