// "Get a key / create an account": opens the service's sign-up page in the system browser
// (main opens only the service's own pages, see electron/main/external-links.ts).
import { SIGN_UP_URL } from '../../../shared/service-links.ts';
import { useT } from '../i18n.tsx';
import { Icon } from './icons.tsx';

export function SignUpLink() {
  const t = useT();
  return (
    <a
      className="external-link"
      href={SIGN_UP_URL}
      target="_blank"
      rel="noreferrer"
      data-testid="sign-up-link"
    >
      <span>{t('app.welcome.signUp')}</span>
      <Icon name="open" />
      <span className="visually-hidden">{t('app.opensInBrowser')}</span>
    </a>
  );
}
