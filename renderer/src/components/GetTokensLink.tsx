// "Get tokens": the way out of every "not enough tokens" moment (the balance, the cost line,
// the shortfall dialog). A plain link: main opens it in the browser, never in this window.
import { useT } from '../i18n.tsx';
import { ACCOUNT_PAGE } from '../view/service-pages.ts';

export function GetTokensLink(props: { className?: string }) {
  const t = useT();
  return (
    <a
      className={`get-tokens ${props.className ?? ''}`.trim()}
      href={ACCOUNT_PAGE}
      target="_blank"
      rel="noreferrer"
      title={t('app.tokens.getTitle')}
      data-testid="get-tokens"
    >
      {t('app.tokens.get')}
    </a>
  );
}
