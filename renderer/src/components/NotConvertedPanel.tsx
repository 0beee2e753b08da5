// Files that were in the batch when Convert was pressed but were not sent: gone since they
// were added, or skipped because their result already exists. Each stays in view as a row
// with its one sentence until the person dismisses the list, so nothing leaves silently.
import { useActions, useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';
import { Icon } from './icons.tsx';

export function NotConvertedPanel() {
  const files = useAppState((state) => state.notConverted);
  const { dismissNotConverted } = useActions();
  const t = useT();
  if (files.length === 0) return null;
  return (
    <section
      className="panel not-converted"
      aria-labelledby="not-converted-title"
      data-testid="not-converted"
    >
      <div className="panel-head">
        <h2 id="not-converted-title" tabIndex={-1}>
          {t('app.notConverted.title', { count: files.length })}
        </h2>
        <button type="button" className="button ghost" onClick={dismissNotConverted}>
          {t('app.notConverted.dismiss')}
        </button>
      </div>
      <ul className="not-converted-list" aria-label={t('app.notConverted.list')}>
        {files.map((file) => (
          <li key={file.path} className="not-converted-row" data-testid="not-converted-row">
            <Icon name="close" />
            <span className="not-converted-name" title={file.path}>
              {file.name}
            </span>
            <span className="not-converted-reason">{file.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
