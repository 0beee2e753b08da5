// `ifc` argument parsing.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../electron/cli/args.ts';

describe('ifc arguments', () => {
  it('parses every convert flag of cli.md', () => {
    const parsed = parseCommandLine([
      'convert',
      'a.pdf',
      'dir',
      '--to',
      'XLSX',
      '--out',
      'o',
      '--on-conflict',
      'overwrite',
      '--concurrency',
      '3',
      '--partial',
      '--endpoint',
      'local',
      '--state-dir',
      's',
      '--json',
    ]);
    expect(parsed).toEqual({
      ok: true,
      command: {
        name: 'convert',
        inputs: ['a.pdf', 'dir'],
        to: 'xlsx',
        out: 'o',
        conflict: 'overwrite',
        concurrency: 3,
        partial: true,
        common: { endpoint: 'local', stateDir: 's', json: true },
      },
    });
  });

  it('refuses unknown flags, bad values and missing pieces', () => {
    for (const argv of [
      ['convert', 'a.pdf'],
      ['convert', '--to', 'xlsx'],
      ['convert', 'a.pdf', '--to', 'xlsx', '--on-conflict', 'merge'],
      ['convert', 'a.pdf', '--to', 'xlsx', '--concurrency', '0'],
      ['convert', 'a.pdf', '--to', 'xlsx', '--verbose'],
      ['watch', 'a', 'b', '--to', 'pdf'],
      ['watch', 'a', '--to', 'pdf', '--after', 'shred'],
      ['jobs', 'extra'],
      ['frobnicate'],
    ]) {
      expect(parseCommandLine(argv).ok, argv.join(' ')).toBe(false);
    }
  });

  it('parses watch, resume and the account commands', () => {
    expect(parseCommandLine(['watch', 'in', '--to', 'pdf', '--recursive', '--after', 'move'])).toMatchObject({
      ok: true,
      command: { name: 'watch', folder: 'in', to: 'pdf', recursive: true, after: 'move' },
    });
    expect(parseCommandLine(['resume', '--json'])).toMatchObject({
      ok: true,
      command: { name: 'resume', common: { json: true } },
    });
    expect(parseCommandLine(['serve-local', '--port', '0'])).toEqual({
      ok: true,
      command: { name: 'serve-local', args: ['--port', '0'] },
    });
  });

  it('parses merge: files in order, --out must name a PDF', () => {
    expect(parseCommandLine(['merge', 'b.txt', 'a.pdf', '--out', 'all.PDF', '--json'])).toEqual({
      ok: true,
      command: { name: 'merge', inputs: ['b.txt', 'a.pdf'], out: 'all.PDF', common: { json: true } },
    });
    expect(parseCommandLine(['merge', 'a.pdf']).ok).toBe(false);
    expect(parseCommandLine(['merge', 'a.pdf', '--out', 'all.docx']).ok).toBe(false);
    expect(parseCommandLine(['merge', '--out', 'all.pdf']).ok).toBe(false);
  });
});
