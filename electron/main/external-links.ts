// Which links the page may open in the system browser: the service's own pages (account, top
// up, help) over https, nothing else. A page that was tricked into calling window.open with
// any other address gets nothing opened.
const SERVICE_HOSTS = new Set(['ifileconverter.co.uk', 'www.ifileconverter.co.uk']);

export function isServicePage(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      SERVICE_HOSTS.has(parsed.hostname) &&
      parsed.port === '' &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}
