// The ifc://app handler, run in plain Node against a real folder: our files with their types
// and the page's CSP, and nothing outside the folder however the path is spelled.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_INDEX_URL,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  resolveAppRequest,
} from '../../../electron/main/app-protocol.ts';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/content-security-policy.ts';

let home: string;
let root: string;
let serve: (request: Request) => Promise<Response>;
const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'ifc-protocol-'));
  root = join(home, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>page</title>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(join(root, 'assets', 'font.woff2'), 'w');
  await writeFile(join(root, 'assets', 'notes.txt'), 'not ours to serve');
  await writeFile(join(home, 'secret.json'), '{"key":"ifc_live_secret"}');
  await symlink(join(home, 'secret.json'), join(root, 'assets', 'link.json'));
  serve = createAppProtocolHandler(root);
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe('the ifc://app protocol', () => {
  it('is registered standard and secure (module scripts, a secure context)', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true });
  });

  it('serves the page and its assets with their types, the CSP and nosniff', async () => {
    const page = await get(APP_INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>page</title>');
    const expected: Record<string, string> = {
      'assets/index-abc.js': 'text/javascript; charset=utf-8',
      'assets/index-abc.css': 'text/css; charset=utf-8',
      'assets/font.woff2': 'font/woff2',
    };
    for (const [path, type] of Object.entries(expected)) {
      const response = await get(`ifc://app/${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toBe(type);
    }
    expect((await get('ifc://app/')).status).toBe(200);
    expect(await (await get('ifc://app/index.html', 'HEAD')).text()).toBe('');
  });

  it('refuses every way out of the folder', async () => {
    const attempts = [
      'ifc://app/../secret.json',
      'ifc://app/%2e%2e/secret.json',
      'ifc://app/assets/%2e%2e/%2e%2e/secret.json',
      'ifc://app/..%2fsecret.json',
      'ifc://app/..%2Fsecret.json',
      'ifc://app/assets/..%5c..%5csecret.json',
      'ifc://app/%2fetc%2fpasswd',
      'ifc://app/assets/%00.js',
      'ifc://app/assets/%E0%A4%A.js',
    ];
    for (const url of attempts) {
      const response = await get(url);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text(), url).not.toContain('ifc_live_secret');
    }
    // (A literal or %2e-encoded ".." segment is resolved by the URL parser itself, to a path
    // that stays inside the folder; encoded separators survive it, and are refused here.)
    expect(resolveAppRequest('ifc://app/%2e%2e/secret.json', root)).toMatchObject({
      path: join(root, 'secret.json'),
    });
    for (const url of ['ifc://app/..%2fsecret.json', 'ifc://app/assets/..%5c..%5csecret.json']) {
      expect(resolveAppRequest(url, root)).toMatchObject({ kind: 'refused', status: 403 });
    }
  });

  it('answers only for its own host, GET and HEAD, and types it knows', async () => {
    expect((await get('ifc://other/index.html')).status).toBe(403);
    expect((await get('ifc://app/index.html', 'POST')).status).toBe(405);
    expect((await get('ifc://app/assets/notes.txt')).status).toBe(404);
    expect((await get('ifc://app/missing.js')).status).toBe(404);
    expect((await get('ifc://app/assets')).status).toBe(404);
    // A link inside the folder that points out of it is not followed.
    expect((await get('ifc://app/assets/link.json')).status).toBe(404);
  });

  it('names the file it would serve without touching the disk', () => {
    expect(resolveAppRequest('ifc://app/assets/index-abc.js?v=1#x', root)).toEqual({
      kind: 'file',
      path: join(root, 'assets', 'index-abc.js'),
      mime: 'text/javascript; charset=utf-8',
    });
  });
});
