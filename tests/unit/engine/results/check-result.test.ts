// Opening a result by its type before it is placed (check-result.ts): every fixture of a
// checked type opens, and the same file cut to its first half (what the `damagedResult` fault
// serves) does not; text that is not UTF-8 and JSON that does not parse do not either.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resultOpens } from '../../../../electron/engine/results/check-result.ts';
import { FIXTURES } from '../../../integration/engine/support.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-check-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CASES: [string, string][] = [
  ['sales.xlsx', 'xlsx'],
  ['report.docx', 'docx'],
  ['invoice.pdf', 'pdf'],
  ['scan.png', 'png'],
  ['scan.jpg', 'jpg'],
];

describe('resultOpens', () => {
  it.each(CASES)('opens %s as %s, and not its first half', async (name, format) => {
    const whole = join(FIXTURES, name);
    expect(await resultOpens(whole, format)).toBe(true);
    const bytes = await readFile(whole);
    const half = join(dir, `half-${name}`);
    await writeFile(half, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await resultOpens(half, format)).toBe(false);
  });

  it('takes UTF-8 text and refuses bytes that are not', async () => {
    expect(await resultOpens(join(FIXTURES, 'memo.txt'), 'txt')).toBe(true);
    expect(await resultOpens(join(FIXTURES, 'sales.csv'), 'csv')).toBe(true);
    expect(await resultOpens(join(FIXTURES, 'invoice.html'), 'html')).toBe(true);
    const latin1 = join(dir, 'latin1.csv');
    await writeFile(latin1, Buffer.from('Stra\xdfe;M\xfcnchen\n', 'latin1'));
    expect(await resultOpens(latin1, 'csv')).toBe(false);
  });

  it('parses JSON and refuses a cut one', async () => {
    const good = join(dir, 'rows.json');
    await writeFile(good, JSON.stringify([{ region: 'Süd', total: 856.8 }]));
    expect(await resultOpens(good, 'json')).toBe(true);
    const cut = join(dir, 'cut.json');
    await writeFile(cut, '[{"region": "Süd", "tot');
    expect(await resultOpens(cut, 'json')).toBe(false);
  });
});
