// Help / About: which version this is (main reports package.json's version), where to get
// help, and the licence. Reachable from every screen, the welcome screen included.
import { SUPPORT_URL } from '../../../shared/service-links.ts';
import { useActions, useAppState } from '../app-context.tsx';
import { useT } from '../i18n.tsx';
import { Dialog } from './Dialog.tsx';
import { Icon } from './icons.tsx';

export function AboutDialog() {
  const open = useAppState((state) => state.aboutOpen);
  const version = useAppState((state) => state.version);
  const { closeAbout } = useActions();
  const t = useT();
  return (
    <Dialog
      open={open}
      title={t('app.about.title')}
      onClose={closeAbout}
      className="about"
      footer={
        <button type="button" className="button primary" onClick={closeAbout}>
          {t('app.close')}
        </button>
      }
    >
      <p>{t('app.about.what')}</p>
      <dl>
        <dt>{t('app.about.version')}</dt>
        <dd data-testid="about-version">{version}</dd>
        <dt>{t('app.about.support')}</dt>
        <dd>
          <a className="external-link" href={SUPPORT_URL} target="_blank" rel="noreferrer">
            <span>{t('app.about.supportLink')}</span>
            <Icon name="open" />
            <span className="visually-hidden">{t('app.opensInBrowser')}</span>
          </a>
        </dd>
        <dt>{t('app.about.licence')}</dt>
        <dd data-testid="about-licence">{t('app.about.licenceText')}</dd>
      </dl>
      <p className="hint">{t('app.about.help')}</p>
    </Dialog>
  );
}
