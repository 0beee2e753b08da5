// The app's own privileged scheme, ifc://app/, which serves the built page (out/renderer) and
// nothing else. Electron registers it as standard + secure and hands every request to
// `createAppProtocolHandler`; the logic here needs no Electron, so plain Node tests reach it.
// Why not file://: any file: URL would pass for "our page", and file: pages get privileges
// (the grantFileProtocolExtraPrivileges fuse is off for that reason).
import { lstat, readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.ts';

export const APP_SCHEME = 'ifc';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** The privileges Electron's protocol.registerSchemesAsPrivileged is given for the scheme. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true } as const;

// A handful of types, written out rather than taken from a MIME library: the page is our own
// build output, and a file of any other type has no business being served to it.
const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export type AppRequest =
  | { kind: 'file'; path: string; mime: string }
  | { kind: 'refused'; status: 400 | 403 | 404 | 405; reason: string };

/** True for our own page's URLs: exactly the ifc://app origin, nothing else. */
export function isAppOrigin(url: string): boolean {
  try {
    const parsed = new URL(url);
    // new URL() gives non-special schemes an opaque origin ('null'), so compare the parts.
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '';
  } catch {
    return false;
  }
}

/** Which file under `rootDir` a request URL names, or why it is refused. Pure: no disk access. */
export function resolveAppRequest(url: string, rootDir: string, method = 'GET'): AppRequest {
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'refused', status: 405, reason: 'method' };
  if (!isAppOrigin(url)) return { kind: 'refused', status: 403, reason: 'origin' };
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return { kind: 'refused', status: 400, reason: 'encoding' };
  }
  // Encoded separators, backslashes and NULs have no place in our own asset names; refusing
  // them outright is simpler to trust than normalising them.
  if (/[\\\0]/.test(pathname) || pathname.split('/').some((part) => part === '..' || part === '.')) {
    return { kind: 'refused', status: 403, reason: 'traversal' };
  }
  const root = resolve(rootDir);
  const path = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  const inside = relative(root, path);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return { kind: 'refused', status: 403, reason: 'traversal' };
  }
  const mime = MIME_TYPES[extname(path).toLowerCase()];
  if (!mime) return { kind: 'refused', status: 404, reason: 'type' };
  return { kind: 'file', path, mime };
}

/** Headers for every file served: its type, the page's CSP, and no sniffing. */
export function appResponseHeaders(mime: string): Record<string, string> {
  return {
    'Content-Type': mime,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

/** The handler Electron's protocol.handle(APP_SCHEME, ...) runs for each request. */
export function createAppProtocolHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const found = resolveAppRequest(request.url, rootDir, request.method);
    if (found.kind === 'refused') return new Response(null, { status: found.status });
    try {
      // lstat: a symbolic link is not one of our files, wherever it points.
      const info = await lstat(found.path);
      if (!info.isFile()) return new Response(null, { status: 404 });
      const body = request.method === 'HEAD' ? null : await readFile(found.path);
      return new Response(body, { status: 200, headers: appResponseHeaders(found.mime) });
    } catch {
      return new Response(null, { status: 404 });
    }
  };
}
