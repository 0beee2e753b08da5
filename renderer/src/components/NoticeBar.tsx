// A problem with something the person just did, in main's plain sentence, until dismissed.
import { useActions, useAppState } from '../app-context.tsx';
import { Icon } from './icons.tsx';
import { useT } from '../i18n.tsx';

export function NoticeBar() {
  const notice = useAppState((state) => state.notice);
  const { dismissNotice } = useActions();
  const t = useT();
  return (
    <div className="notice-slot" role="alert">
      {notice && (
        <div className={`notice notice-${notice.tone}`} key={notice.id}>
          <Icon name="alert" />
          <p>{notice.text}</p>
          <button type="button" className="button ghost small" onClick={dismissNotice}>
            {t('app.dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}
