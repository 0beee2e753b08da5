// `ifc` in-process (main.ts), as a script or a person at a shell meets it: help and version
// on stdout with exit 0; anything the parser refuses is exit 2 with exactly ONE line on stderr
// (a sentence from shared/messages.ts and what was wrong), nothing on stdout, never a stack
// trace, whatever the shell's language; --json keeps that sentence in English.
import { describe, expect, it } from 'vitest';
import { HELP } from '../../../electron/cli/help.ts';
import { main } from '../../../electron/cli/main.ts';
import { VERSION } from '../../../electron/cli/version.ts';
import { setLanguage } from '../../../shared/i18n/index.ts';
import { messageFor } from '../../../shared/messages.ts';
import { memoryOutput } from '../../support/memory-output.ts';

async function run(argv: string[], env: NodeJS.ProcessEnv = { LANG: 'C.UTF-8' }) {
  const io = memoryOutput();
  const code = await main(argv, io, env);
  // The language is process-wide: leave English for the next test.
  setLanguage('en');
  return { code, out: io.out(), err: io.err() };
}

/** Exit 2, one line on stderr that is not a stack trace, nothing on stdout. */
function expectBadInput(result: { code: number; out: string; err: string }, what: string): string {
  expect(result.code, what).toBe(2);
  expect(result.out, what).toBe('');
  const lines = result.err.split('\n').filter((line) => line !== '');
  expect(lines, what).toHaveLength(1);
  expect(result.err.endsWith('\n')).toBe(true);
  expect(lines[0], what).not.toMatch(/\bat \S+:\d+|Error:|TypeError|\{/);
  return lines[0]!;
}

describe('ifc on the command line', () => {
  it('prints the help for "ifc" alone and "ifc help", and exits 0', async () => {
    for (const argv of [[], ['help'], ['--help'], ['-h']]) {
      const result = await run(argv);
      expect(result).toEqual({ code: 0, out: HELP, err: '' });
    }
  });

  it('prints "ifc <version>" for --version and exits 0', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, out: `ifc ${VERSION}\n`, err: '' });
  });

  it('answers every kind of bad command line with exit 2 and one sentence', async () => {
    const cases: [string[], RegExp][] = [
      [['transmogrify'], /unknown command "transmogrify"/],
      [['convert', 'a.txt'], /convert needs --to <format>/],
      [['convert', '--to', 'pdf'], /at least one file or folder/],
      [['convert', 'a.txt', '--to', 'pdf', '--concurrency', 'viele'], /--concurrency must be a whole number/],
      [['convert', 'a.txt', '--to', 'pdf', '--max-tokens=-1'], /--max-tokens must be a whole number/],
      // Node's parser says this in three lines; only its first sentence is shown.
      [['convert', 'a.txt', '--to', 'pdf', '--max-tokens', '-1'], /'--max-tokens' argument is ambiguous\)$/],
      [['convert', 'a.txt', '--to', 'pdf', '--größe', '3'], /--größe/],
      [['convert', 'a.txt', '--to'], /--to/],
      [['watch', 'a', 'b', '--to', 'pdf'], /exactly one folder/],
      [['merge', 'a.txt', '--out', 'a.docx'], /--out <file.pdf>/],
      [['jobs', 'überflüssig.txt'], /takes no file names/],
      [['invoices', 'delete'], /"list" or "export"/],
    ];
    for (const [argv, reason] of cases) {
      const line = expectBadInput(await run(argv), argv.join(' '));
      expect(line.startsWith(messageFor('usage')), argv.join(' ')).toBe(true);
      expect(line, argv.join(' ')).toMatch(reason);
    }
  });

  it("says a refusal that has its own code in that code's sentence", async () => {
    const line = expectBadInput(
      await run(['convert', 'a.pdf', '--to', 'pdf', '--invoices']),
      '--invoices without xlsx',
    );
    expect(line).toBe(messageFor('invoices_need_xlsx'));
  });

  it("says it in the shell's language, and in English with --json", async () => {
    const german = expectBadInput(await run(['transmogrify'], { LANG: 'de_DE.UTF-8' }), 'German');
    const english = expectBadInput(await run(['transmogrify'], { LANG: 'C.UTF-8' }), 'English');
    expect(german).not.toBe(english);
    expect(german).toContain('transmogrify');
    const json = expectBadInput(await run(['transmogrify', '--json'], { LANG: 'de_DE.UTF-8' }), '--json');
    expect(json.startsWith(messageFor('usage'))).toBe(true);
  });
});
