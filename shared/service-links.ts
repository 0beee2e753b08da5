// The service's own pages the window links to. They open in the system browser: main lets a
// link through only to the service's pages (electron/main/external-links.ts), and a test
// checks these addresses pass that allowlist.
export const SERVICE_SITE = 'https://www.ifileconverter.co.uk';
/** Create an account and get an API key. */
export const SIGN_UP_URL = `${SERVICE_SITE}/signup`;
/** Questions, problems, contact. */
export const SUPPORT_URL = `${SERVICE_SITE}/support`;
