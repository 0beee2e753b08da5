// The command line the right-click menus run: `--convert-to <format> <file>...` and
// `--open <file>...`, as a first launch gets it and as a second launch's argv arrives
// (Chromium puts switches first and may add its own).
import { describe, expect, it } from 'vitest';
import { filesFromArgv, launchFromArgv } from '../../../electron/app-service/launch/launch-args.ts';

const packaged = { defaultApp: false, cwd: '/home/ana/Documents' };

describe('--convert-to and --open on the command line', () => {
  it('reads the target in both spellings and the files after it', () => {
    expect(launchFromArgv(['/opt/x', '--convert-to', 'PDF', 'a.png', '/tmp/b.jpg'], packaged)).toEqual({
      action: 'convert',
      to: 'pdf',
      files: ['/home/ana/Documents/a.png', '/tmp/b.jpg'],
    });
    expect(launchFromArgv(['/opt/x', '--convert-to=xlsx', '/tmp/a.pdf'], packaged)).toEqual({
      action: 'convert',
      to: 'xlsx',
      files: ['/tmp/a.pdf'],
    });
  });

  it('still finds the target when Chromium moved switches in front of it', () => {
    const reordered = [
      '/opt/x',
      '--convert-to',
      '--allow-file-access-from-files',
      '--original-process-start-time=13351234567890',
      'webp',
      '/tmp/scan.png',
    ];
    expect(launchFromArgv(reordered, packaged)).toEqual({
      action: 'convert',
      to: 'webp',
      files: ['/tmp/scan.png'],
    });
  });

  it('ignores the macOS process serial number and the dev launcher argument', () => {
    expect(
      launchFromArgv(['/x/electron', '.', '-psn_0_1234', '--convert-to=png', 'a.jpg'], {
        ...packaged,
        defaultApp: true,
      }),
    ).toEqual({ action: 'convert', to: 'png', files: ['/home/ana/Documents/a.jpg'] });
  });

  it('treats --open and plain files alike: stage them in the window', () => {
    expect(launchFromArgv(['/opt/x', '--open', '/tmp/a.pdf', 'file:///tmp/b%20c.csv'], packaged)).toEqual({
      action: 'open',
      files: ['/tmp/a.pdf', '/tmp/b c.csv'],
    });
    expect(filesFromArgv(['/opt/x', '--convert-to', 'pdf', '/tmp/a.png'], packaged)).toEqual(['/tmp/a.png']);
  });

  it('keeps a missing target visible for the validation to answer', () => {
    expect(launchFromArgv(['/opt/x', '/tmp/a.png', '--convert-to'], packaged)).toEqual({
      action: 'convert',
      to: '',
      files: ['/tmp/a.png'],
    });
  });

  it('reads Windows paths with the Windows rules', () => {
    const argv = ['C:\\App\\app.exe', '--convert-to=pdf', 'D:\\Scans\\März 1.png', 'rel.png'];
    expect(launchFromArgv(argv, { defaultApp: false, cwd: 'C:\\Users\\Zoë', platform: 'win32' })).toEqual({
      action: 'convert',
      to: 'pdf',
      files: ['D:\\Scans\\März 1.png', 'C:\\Users\\Zoë\\rel.png'],
    });
  });
});
