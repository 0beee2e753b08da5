// `ifc help` on its own: every way of asking for it, and the synopsis kept true against the
// parser that reads the command line: every command it names is one args.ts knows, every
// command args.ts knows is in it, and each flag it shows for a command is accepted there with
// a value of the form it shows (a flag the help promises and the parser refuses would send a
// person to exit 2 by following the help).
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../electron/cli/args.ts';
import { asksHelp, HELP } from '../../../electron/cli/help.ts';

/** A value of the shape each flag's placeholder names. */
const SAMPLE: Record<string, string> = {
  to: 'pdf',
  'on-conflict': 'skip',
  concurrency: '3',
  'max-tokens': '40',
  receipt: 'Beleg März.csv',
  endpoint: 'local',
  'state-dir': '/tmp/ifc-zustand',
  after: 'trash',
  ledger: 'sqlite:/tmp/ledger.sqlite',
};

/** The synopsis: each "ifc <command> ..." line with its continuation lines. */
function synopsis(): { command: string; sub?: string; text: string }[] {
  const blocks: { command: string; sub?: string; text: string }[] = [];
  for (const line of HELP.split('\n')) {
    const start = /^ {2}ifc ([a-z-]+)(?: (list|export)\b)?/.exec(line);
    if (start) blocks.push({ command: start[1]!, ...(start[2] ? { sub: start[2] } : {}), text: line });
    else if (/^ {10,}\S/.test(line) && blocks.length > 0 && !line.trim().startsWith('#'))
      blocks.at(-1)!.text += ` ${line.trim()}`;
    else if (line.trim() === '' && blocks.length > 0) break;
  }
  return blocks;
}

describe('ifc help', () => {
  it('is asked for by "ifc" alone, help, --help and -h, and by nothing else', () => {
    for (const argv of [[], ['help'], ['--help'], ['-h'], ['help', 'convert']])
      expect(asksHelp(argv)).toBe(true);
    for (const argv of [['convert', '--help'], ['HELP'], ['hilfe'], ['--version'], ['-H']])
      expect(asksHelp(argv), argv.join(' ')).toBe(false);
  });

  it('names exactly the commands the parser knows', () => {
    const named = [...new Set(synopsis().map((block) => block.command))].sort();
    expect(named).toEqual(
      [
        'balance',
        'convert',
        'formats',
        'invoices',
        'jobs',
        'login',
        'logout',
        'merge',
        'resume',
        'serve-local',
        'watch',
      ].sort(),
    );
    for (const name of named) {
      const parsed = parseCommandLine([name]);
      // Known: refused for a missing piece, maybe, but never as an unknown command.
      expect(parsed.ok || !parsed.problem.startsWith('unknown command'), name).toBe(true);
    }
    expect(parseCommandLine(['transmogrify'])).toEqual({
      ok: false,
      problem: 'unknown command "transmogrify"',
    });
  });

  it('shows for each command only flags the parser accepts, with values of the form shown', () => {
    for (const block of synopsis()) {
      if (block.command === 'serve-local') continue; // the local server parses its own flags
      const argv = [block.command];
      if (block.sub) argv.push(block.sub);
      if (['convert', 'merge'].includes(block.command)) argv.push('Übersicht 日本.txt');
      if (block.command === 'watch') argv.push('Eingang');
      for (const [, flag, takesValue] of block.text.matchAll(/--([a-z-]+)( <[^>]+>| [a-z]+\|[a-z|]+)?/g)) {
        argv.push(`--${flag}`);
        if (!takesValue) continue;
        if (flag === 'out')
          argv.push(block.command === 'merge' ? 'alles.pdf' : block.sub ? 'rechnungen.xlsx' : 'aus');
        else argv.push(SAMPLE[flag!] ?? 'x');
      }
      const parsed = parseCommandLine(argv);
      expect(parsed, argv.join(' ')).toMatchObject({ ok: true, command: { name: block.command } });
    }
  });

  it('keeps every line within 100 columns, and ends with the exit codes', () => {
    const wide = HELP.split('\n').filter((line) => line.length > 100);
    expect(wide).toEqual([]);
    expect(HELP.endsWith('\n')).toBe(true);
    for (const code of [
      '0 done',
      '1 a conversion failed',
      '2 usage or bad input',
      '3 authentication failed',
      '130 interrupted',
    ])
      expect(HELP).toContain(code);
  });
});
