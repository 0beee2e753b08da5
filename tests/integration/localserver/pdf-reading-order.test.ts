// pdf -> txt through the local server: a two-column paper reads column by column (no line
// holds text of both columns), right-to-left lines read in logical order, ligatures read as
// letters.
import { copyFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  download,
  FIXTURES,
  type Harness,
  harness,
  type JobBody,
  postConvert,
  untilFinal,
} from './helpers.ts';

const PDF_TEXT = join(import.meta.dirname, '..', '..', 'fixtures', 'pdf-text');

let h: Harness;
beforeAll(async () => {
  h = await harness({ tokens: 10_000, conversionConcurrency: 2 });
});
afterAll(() => h.close());

/** Copies a file of the shared realworld set into the test folder (that folder is read-only). */
async function realworld(name: string): Promise<string> {
  const target = join(h.dir, basename(name));
  await copyFile(join(FIXTURES, 'realworld', name), target);
  return target;
}

async function toText(path: string): Promise<string> {
  // A 14-page paper on a loaded machine: poll up to two minutes for the job's final state.
  const accepted = (await (await postConvert(h, { to: 'txt', path })).json()) as JobBody;
  const job = await untilFinal(h, accepted.jobId, 120_000);
  expect(job.status, JSON.stringify(job.error)).toBe('completed');
  return (await download(job)).toString('utf8');
}

// The 14-page paper is converted once for the tests that read it.
let tracemonkey: Promise<string> | undefined;
const tracemonkeyText = () => {
  tracemonkey ??= realworld('pdf-tracemonkey.pdf').then(toText);
  return tracemonkey;
};

describe('pdf -> txt reading order', () => {
  it('tracemonkey page 1: each column line alone on its line, the left column read before the right', async () => {
    const text = await tracemonkeyText();
    const page1 = text.split('\f')[0]!;
    const lines = page1.split('\n').map((line) => line.trim());
    // Lines of the left column and of the right column as printed, each whole on its own line.
    const left = [
      'Dynamic languages such as JavaScript are more difficult to com-',
      'pile than statically typed ones. Since no concrete type information',
      'ternative compilation technique for dynamically-typed languages',
      'example, is the de facto standard for client-side web programming',
    ];
    const right = [
      'and is used for the application logic of browser-based productivity',
      'laboration Suite. In this domain, in order to provide a fluid user',
      'Compilers for statically typed languages rely on type informa-',
      'quence of instructions a trace.',
    ];
    for (const line of [...left, ...right]) expect(lines, line).toContain(line);
    // A sentence that runs from one left-column line to the next reads on.
    expect(page1).toContain(
      'Dynamic languages such as JavaScript are more difficult to com-\npile than statically typed ones.',
    );
    // The sentence that leaves the bottom of the left column continues at the top of the right.
    const bottomLeft = page1.indexOf('example, is the de facto standard for client-side web programming');
    const topRight = page1.indexOf('and is used for the application logic of browser-based productivity');
    expect(bottomLeft).toBeGreaterThan(0);
    expect(topRight).toBeGreaterThan(bottomLeft);
    // The title, across both columns, stays first.
    expect(lines[0]).toBe('Trace-based Just-in-Time Type Specialization for Dynamic');
  });

  it('tracemonkey page 3: code listings across the page keep their rows, the text under them reads by columns', async () => {
    const text = await tracemonkeyText();
    const lines = text
      .split('\f')[2]!
      .split('\n')
      .map((line) => line.trim());
    // A listing line: code and its comment stay on one line.
    expect(lines).toContain('v5 := eq v4, Array\t// test whether primes is an array');
    // Left column, then right column, each line whole.
    const left = lines.indexOf('ters recording mode on line 4. In recording mode, TraceMonkey');
    const right = lines.indexOf('TraceMonkey returns to the interpreter and loops back to line 1.');
    expect(left).toBeGreaterThan(0);
    expect(right).toBeGreaterThan(left);
    expect(lines[right - 1]).toBe('i and k are integers, and primes is an object. After compiling T45,');
  });

  it('right-to-left lines read in logical order: Hebrew, Arabic drawn as separate glyph shapes, numbers and a mixed line', async () => {
    const text = await toText(join(PDF_TEXT, 'rtl.pdf'));
    expect(text.split('\n').filter((line) => line !== '')).toEqual([
      'שלום עולם, זהו משפט בעברית.',
      'مرحبا بالعالم هذه جملة عربية',
      'החשבונית מספר 2024 שולמה במלואה',
      'The word שלום means peace.',
    ]);
  });

  it('ligatures read as the letters they join', async () => {
    const text = await toText(await realworld('pdf-copy_paste_ligatures.pdf'));
    expect(text).toContain('abcdeffffiflffiffl');
    expect(text).not.toMatch(/[\uFB00-\uFB06]/u);
  });
});
