// The working area: a drop target over everything, the staged files waiting for a target,
// and the queue. With nothing in either, the drop zone fills the window.
import { useAppState } from '../app-context.tsx';
import { DropArea, DropZone } from './DropZone.tsx';
import { EngineBanner } from './EngineBanner.tsx';
import { FocusMover } from './FocusMover.tsx';
import { NotConvertedPanel } from './NotConvertedPanel.tsx';
import { QueuePanel } from './QueuePanel.tsx';
import { StagingPanel } from './StagingPanel.tsx';
import { useT } from '../i18n.tsx';

export function Workspace() {
  const hasStaged = useAppState((state) => state.staging.files.length + state.staging.skipped.length > 0);
  // Files on their way in (rows first) show in the queue before their jobs exist.
  const hasJobs = useAppState((state) => state.jobs.order.length > 0 || state.startingRows !== undefined);
  // Files left out at Convert keep the window out of its empty state until dismissed.
  const hasLeftOut = useAppState((state) => state.notConverted.length > 0);
  const switching = useAppState((state) => state.switchingEndpoint);
  const t = useT();
  if (switching) {
    return (
      <p className="loading" role="status">
        {t('app.preparing')}
      </p>
    );
  }
  return (
    <DropArea>
      <h1 id="workspace-title" className="visually-hidden">
        {t('app.workspaceTitle')}
      </h1>
      <EngineBanner />
      <FocusMover />
      {hasStaged ? <StagingPanel /> : <DropZone compact={hasJobs || hasLeftOut} />}
      <NotConvertedPanel />
      {hasJobs && <QueuePanel />}
    </DropArea>
  );
}
