// `--max-tokens` (convert, watch, merge) and `--receipt` (convert), as cli.md names them.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../electron/cli/args.ts';

describe('ifc cost flags', () => {
  it('takes --max-tokens on convert, watch and merge, and --receipt on convert', () => {
    expect(
      parseCommandLine(['convert', 'a.pdf', '--to', 'xlsx', '--max-tokens', '240', '--receipt', 'r.csv']),
    ).toMatchObject({ ok: true, command: { name: 'convert', maxTokens: 240, receipt: 'r.csv' } });
    expect(parseCommandLine(['convert', 'a.pdf', '--to', 'xlsx', '--receipt', 'month.XLSX'])).toMatchObject({
      ok: true,
      command: { receipt: 'month.XLSX' },
    });
    expect(parseCommandLine(['watch', 'in', '--to', 'pdf', '--max-tokens', '0'])).toMatchObject({
      ok: true,
      command: { name: 'watch', maxTokens: 0 },
    });
    expect(parseCommandLine(['merge', 'a.txt', '--out', 'all.pdf', '--max-tokens', '12'])).toMatchObject({
      ok: true,
      command: { name: 'merge', maxTokens: 12 },
    });
    const plain = parseCommandLine(['convert', 'a.pdf', '--to', 'xlsx']);
    expect(plain.ok && 'maxTokens' in plain.command).toBe(false);
  });

  it('refuses a limit that is not a whole number of tokens, and a receipt that is not CSV or XLSX', () => {
    for (const argv of [
      ['convert', 'a.pdf', '--to', 'xlsx', '--max-tokens', 'lots'],
      ['convert', 'a.pdf', '--to', 'xlsx', '--max-tokens', '-1'],
      ['convert', 'a.pdf', '--to', 'xlsx', '--max-tokens', '2.5'],
      ['convert', 'a.pdf', '--to', 'xlsx', '--receipt', 'receipt.txt'],
      ['watch', 'in', '--to', 'pdf', '--receipt', 'r.csv'],
      ['merge', 'a.txt', '--out', 'all.pdf', '--max-tokens', 'x'],
    ]) {
      expect(parseCommandLine(argv).ok, argv.join(' ')).toBe(false);
    }
  });
});
