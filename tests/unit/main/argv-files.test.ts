import { describe, expect, it } from 'vitest';
import { filesFromArgv } from '../../../electron/main/argv-files.ts';

const packaged = { defaultApp: false, cwd: '/home/ana/Documents' };
const dev = { defaultApp: true, cwd: '/home/ana/Documents' };

describe('files from the command line', () => {
  it('takes every argument after the executable of an installed app', () => {
    expect(filesFromArgv(['/opt/iFileConverter/ifc-desktop', '/tmp/a.pdf', 'b.csv'], packaged)).toEqual([
      '/tmp/a.pdf',
      '/home/ana/Documents/b.csv',
    ]);
  });

  it('skips the app folder when started as `electron .` (process.defaultApp)', () => {
    expect(filesFromArgv(['/usr/lib/electron/electron', '.', 'report.docx'], dev)).toEqual([
      '/home/ana/Documents/report.docx',
    ]);
    expect(filesFromArgv(['/usr/lib/electron/electron', '.'], dev)).toEqual([]);
  });

  it('ignores the switches Chromium and Electron add to a second launch', () => {
    const argv = [
      '/opt/iFileConverter/ifc-desktop',
      '--allow-file-access-from-files',
      '--original-process-start-time=13351234567890',
      '--enable-features=WebRTCPipeWireCapturer',
      '/tmp/scan.png',
      '--hidden',
    ];
    expect(filesFromArgv(argv, packaged)).toEqual(['/tmp/scan.png']);
  });

  it('ignores the macOS process serial number and takes everything after -- as files', () => {
    expect(filesFromArgv(['/Applications/x', '-psn_0_1234567', '--', '--odd-name.txt'], packaged)).toEqual([
      '/home/ana/Documents/--odd-name.txt',
    ]);
  });

  it('turns file:// URIs from Linux file managers into paths and drops other URLs', () => {
    const argv = ['/opt/x', 'file:///home/ana/%C3%9Cberweisung%20M%C3%A4rz.pdf', 'https://example.com/a.pdf'];
    expect(filesFromArgv(argv, packaged)).toEqual(['/home/ana/Überweisung März.pdf']);
  });

  it('lists a file once however often it was named', () => {
    expect(filesFromArgv(['/opt/x', 'a.pdf', '/home/ana/Documents/a.pdf', ''], packaged)).toEqual([
      '/home/ana/Documents/a.pdf',
    ]);
  });
});
