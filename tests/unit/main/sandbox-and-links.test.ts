// Small policies main applies: which links leave the app, which results may be opened, which
// service addresses the key may go to, and when an AppImage must explain its sandbox.
import { describe, expect, it } from 'vitest';
import { isServicePage } from '../../../electron/main/external-links.ts';
import { checkAppImageSandbox, type SandboxFacts } from '../../../electron/main/sandbox-check.ts';
import { checkEndpointUrl, isLoopbackHost } from '../../../shared/endpoint-url.ts';
import { mayOpenResult } from '../../../shared/result-open.ts';
import { SIGN_UP_URL, SUPPORT_URL } from '../../../shared/service-links.ts';

describe('links the page may open in the browser', () => {
  it("are the service's own https pages only", () => {
    expect(isServicePage('https://www.ifileconverter.co.uk/account')).toBe(true);
    expect(isServicePage('https://ifileconverter.co.uk/pricing?x=1')).toBe(true);
    // The links the window shows (welcome screen, Settings -> Account, Help / About).
    for (const url of [SIGN_UP_URL, SUPPORT_URL]) expect(isServicePage(url), url).toBe(true);
    for (const url of [
      'http://www.ifileconverter.co.uk/account',
      'https://www.ifileconverter.co.uk.evil.example/',
      'https://evil.example/?https://www.ifileconverter.co.uk',
      'https://user@www.ifileconverter.co.uk/',
      'https://www.ifileconverter.co.uk:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isServicePage(url), url).toBe(false);
    }
  });
});

describe('"Open" on a result', () => {
  it('is offered for documents, never for files that run code', () => {
    for (const name of ['a.pdf', 'a.xlsx', 'a.docx', 'a.png', 'a.csv', 'a.json', 'a.md', 'A.PDF']) {
      expect(mayOpenResult(`/out/${name}`), name).toBe(true);
    }
    for (const ext of [
      'exe',
      'msi',
      'bat',
      'cmd',
      'com',
      'scr',
      'ps1',
      'vbs',
      'js',
      'jar',
      'sh',
      'app',
      'desktop',
      'lnk',
      'appimage',
      'AppImage',
      'EXE',
    ]) {
      expect(mayOpenResult(`C:\\out\\result.${ext}`), ext).toBe(false);
    }
    expect(mayOpenResult('/out/README')).toBe(false);
    expect(mayOpenResult('/out/.bashrc')).toBe(false);
  });
});

describe('service addresses', () => {
  it('are https, or http to this computer only', () => {
    expect(checkEndpointUrl('https://api.example.test')).toBe('ok');
    expect(checkEndpointUrl('http://127.0.0.1:8787')).toBe('ok');
    expect(checkEndpointUrl('http://[::1]:8787')).toBe('ok');
    expect(checkEndpointUrl('http://localhost:8787')).toBe('ok');
    expect(checkEndpointUrl('http://api.example.test')).toBe('not_https');
    expect(checkEndpointUrl('http://127.0.0.1.nip.io')).toBe('not_https');
    expect(checkEndpointUrl('http://10.0.0.2')).toBe('not_https');
    expect(checkEndpointUrl('https://k:ifc_live@api.example.test')).toBe('invalid');
    expect(checkEndpointUrl('ws://api.example.test')).toBe('invalid');
    expect(checkEndpointUrl('no')).toBe('invalid');
    expect(isLoopbackHost('127.255.0.1')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });
});

describe('an AppImage without a working sandbox', () => {
  const facts = (overrides: Partial<SandboxFacts>): SandboxFacts => ({
    platform: 'linux',
    appImage: '/home/ana/Apps/iFileConverter Desktop.AppImage',
    apparmorRestrictsUserns: '1\n',
    usernsClone: undefined,
    noSandboxFlag: true,
    ...overrides,
  });

  it('says how to give it an AppArmor profile when it had to run with --no-sandbox', () => {
    const verdict = checkAppImageSandbox(facts({}));
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.fix).toContain('"/home/ana/Apps/iFileConverter Desktop.AppImage"');
      expect(verdict.fix).toContain('userns,');
      expect(verdict.fix).toContain('apparmor_parser -r');
    }
    expect(checkAppImageSandbox(facts({ apparmorRestrictsUserns: undefined, usernsClone: '0' })).ok).toBe(
      false,
    );
  });

  it('stays quiet where the sandbox runs, outside an AppImage, and off Linux', () => {
    expect(checkAppImageSandbox(facts({ noSandboxFlag: false })).ok).toBe(true);
    expect(checkAppImageSandbox(facts({ apparmorRestrictsUserns: '0\n' })).ok).toBe(true);
    expect(checkAppImageSandbox(facts({ appImage: undefined })).ok).toBe(true);
    expect(checkAppImageSandbox(facts({ platform: 'darwin' })).ok).toBe(true);
  });
});
