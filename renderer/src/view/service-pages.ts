// The service's own pages the window links to. They open in the system browser: main's window
// guard (electron/main/window-guards.ts) lets only the service's https pages through.
export const ACCOUNT_PAGE = 'https://www.ifileconverter.co.uk/account';
