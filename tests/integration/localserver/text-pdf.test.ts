// txt -> pdf and md -> pdf as a reader sees them: poppler renders the page and the ink must be
// where the text is; every embedded glyph must decode to an outline; every character of each
// script must come back out of the PDF; a character no font has is named in the job's note.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, download, FIXTURES, fixture, type Harness, harness, makeFile } from './helpers.ts';
import { windows1250, windows1251 } from './legacy-bytes.ts';
import { glyphsWithoutOutline, type Ink, pdfFonts, pdfToText, renderPage } from './pdf-looks.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tokens: 10_000, conversionConcurrency: 2 });
});
afterAll(() => h.close());

const REALWORLD = join(FIXTURES, 'realworld');

/** A realworld fixture copied into the harness folder (the fixture folder is read-only). */
const realworld = async (name: string) => makeFile(h, name, await readFile(join(REALWORLD, name)));

async function toPdf(path: string): Promise<{ bytes: Buffer; note?: string }> {
  const job = await convert(h, { to: 'pdf', path });
  expect(job.status, JSON.stringify(job.error)).toBe('completed');
  return { bytes: await download(job), note: (job as { note?: string }).note };
}

function count(text: string, pattern: RegExp): number {
  return text.match(new RegExp(pattern.source, 'gu'))?.length ?? 0;
}

/** Columns with ink in the band of rows [top, bottom). */
function inkedColumns(ink: Ink, top: number, bottom: number): number[] {
  const columns: number[] = [];
  for (let x = 0; x < ink.width; x += 1) {
    for (let y = top; y < bottom; y += 1) {
      if (ink.at(x, y)) {
        columns.push(x);
        break;
      }
    }
  }
  return columns;
}

/** Checks the PDF as seen: fonts embedded, every glyph decodes, and each character of the
 *  first page leaves ink (on average at least `minInkPerChar` dark pixels at 50 dpi; the
 *  bounds are about 70% of what these pages measure, a page missing half its glyphs is far
 *  below). */
async function expectReadable(bytes: Buffer, minInkPerChar: number): Promise<void> {
  const fonts = await pdfFonts(bytes);
  expect(fonts.length).toBeGreaterThan(0);
  expect(fonts.filter((font) => !font.embedded)).toEqual([]);
  const glyphs = await glyphsWithoutOutline(bytes);
  expect(glyphs.empty).toEqual([]);
  const firstPage = await pdfToText(bytes);
  const ink = await renderPage(bytes);
  const chars = count(firstPage.split('\f')[0]!, /\S/u);
  expect(chars).toBeGreaterThan(0);
  expect(ink.dark / chars).toBeGreaterThan(minInkPerChar);
}

describe('txt -> pdf renders', () => {
  it('a pangram line is inked over its whole set width, with no gap wider than a space', async () => {
    const line = 'The quick brown fox jumps over the lazy dog, 0123456789.';
    const { bytes } = await toPdf(await makeFile(h, 'pangram.txt', `${line}\n`));
    await expectReadable(bytes, 4.5);
    // At 100 dpi: the first line sits between the top margin (56 pt) and one line below it.
    const ink = await renderPage(bytes, 1, 100);
    const px = (points: number) => Math.round((points * 100) / 72);
    const columns = inkedColumns(ink, px(56), px(56 + 11 * 1.45 + 4));
    const noto = fontkit.create(
      await readFile(
        createRequire(import.meta.url).resolve(
          '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
        ),
      ),
    );
    const setWidth = px(
      (noto.layout(line).positions.reduce((sum, position) => sum + position.xAdvance, 0) * 11) /
        noto.unitsPerEm,
    );
    const span = columns.at(-1)! - columns[0]! + 1;
    expect(Math.abs(span - setWidth)).toBeLessThan(setWidth * 0.05);
    expect(columns[0]).toBeGreaterThanOrEqual(px(56) - 2);
    const widestGap = Math.max(...columns.slice(1).map((x, index) => x - columns[index]! - 1));
    // A space at 11 pt is about 4 px here; a letter that failed to draw leaves 8 or more.
    expect(widestGap).toBeLessThan(8);
  });

  it('Hebrew (UTF-8) keeps all its letters, right-aligned on the page', async () => {
    const source = await readFile(join(REALWORLD, 'txt-hebrew-utf8.txt'), 'utf8');
    const { bytes } = await toPdf(await realworld('txt-hebrew-utf8.txt'));
    const text = await pdfToText(bytes);
    const hebrew = /\p{Script=Hebrew}/u;
    expect(count(text, hebrew)).toBe(count(source, hebrew));
    expect(count(source, hebrew)).toBeGreaterThan(1000);
    await expectReadable(bytes, 3.5);
    // Right to left: the first line ends at the right margin, not at the left one.
    const ink = await renderPage(bytes);
    const columns = inkedColumns(ink, 38, 52);
    expect(ink.width - columns.at(-1)!).toBeLessThan(45);
  });

  it('Japanese in Shift_JIS is read as such and every kana and kanji comes back', async () => {
    const raw = await readFile(join(REALWORLD, 'txt-japanese-shiftjis.txt'));
    const source = new TextDecoder('shift_jis').decode(raw);
    const { bytes } = await toPdf(await realworld('txt-japanese-shiftjis.txt'));
    const text = await pdfToText(bytes);
    const japanese = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
    expect(count(source, japanese)).toBeGreaterThan(3000);
    expect(count(text, japanese)).toBe(count(source, japanese));
    expect(text).toContain('羅生門');
    expect((await pdfFonts(bytes)).map((font) => font.name).join(' ')).toContain('NotoSansJP');
    await expectReadable(bytes, 4.5);
  });

  it('Korean and Russian in windows-1251 keep every letter', async () => {
    const korean =
      '대한민국은 동아시아의 한반도 남부에 있는 민주공화국이다. 수도는 서울특별시이며, 국기는 태극기, 국가는 애국가, 공용어는 한국어이다.\n';
    const russian =
      'Съешь же ещё этих мягких французских булок, да выпей чаю. Москва — столица России, крупнейший по численности населения город страны.\n';
    const ko = await toPdf(await makeFile(h, 'korean.txt', korean.repeat(5)));
    expect(count(await pdfToText(ko.bytes), /\p{Script=Hangul}/u)).toBe(
      count(korean.repeat(5), /\p{Script=Hangul}/u),
    );
    await expectReadable(ko.bytes, 7);
    const ru = await toPdf(await makeFile(h, 'russian.txt', windows1251(russian.repeat(5))));
    const ruText = await pdfToText(ru.bytes);
    expect(count(ruText, /\p{Script=Cyrillic}/u)).toBe(count(russian.repeat(5), /\p{Script=Cyrillic}/u));
    expect(ruText).toContain('Съешь же ещё этих мягких французских булок');
    await expectReadable(ru.bytes, 5);
  });

  it('Polish in windows-1250 and subtitles in UTF-16LE read as written', async () => {
    const polish =
      'Zażółć gęślą jaźń. Łódź jest trzecim co do wielkości miastem w Polsce. Śląsk, Kraków i Gdańsk leżą nad rzekami.\n';
    const pl = await toPdf(await makeFile(h, 'polski.txt', windows1250(polish)));
    const plText = (await pdfToText(pl.bytes)).replace(/\s+/g, ' ');
    expect(plText).toContain('Zażółć gęślą jaźń. Łódź jest trzecim');
    const subtitles = await toPdf(await realworld('txt-utf16le-bom-subtitles.txt'));
    expect(await pdfToText(subtitles.bytes)).toContain('About 2 months ago I found myself');
  });

  it('Arabic, Devanagari, Thai, Greek and Chinese each come out in a font that has them', async () => {
    const lines = [
      'العربية: مرحبا بالعالم، هذه تجربة.',
      'हिन्दी: नमस्ते दुनिया, यह एक परीक्षण है।',
      'ไทย: สวัสดีชาวโลก นี่คือการทดสอบ',
      'Ελληνικά: Γειά σου Κόσμε.',
      '中文：你好，世界。这是一个测试。',
    ];
    const { bytes, note } = await toPdf(await makeFile(h, 'scripts.txt', `${lines.join('\n')}\n`));
    expect(note).toBeUndefined();
    const names = (await pdfFonts(bytes)).map((font) => font.name).join(' ');
    for (const family of ['NotoSansArabic', 'NotoSansThai', 'NotoSansSC', 'NotoSans-'])
      expect(names).toContain(family);
    const text = await pdfToText(bytes);
    for (const script of [/\p{Script=Arabic}/u, /\p{Script=Thai}/u, /\p{Script=Greek}/u, /\p{Script=Han}/u])
      expect(count(text, script)).toBe(count(lines.join(''), script));
    await expectReadable(bytes, 4);
  });

  it('a character no font has is named in the job note, the rest of the line kept', async () => {
    const { bytes, note } = await toPdf(await makeFile(h, 'emoji.txt', 'Launch day 😀 went well.\n'));
    expect(note).toContain('U+1F600');
    expect((await pdfToText(bytes)).replace(/\s+/g, ' ')).toContain('Launch day went well.');
  });

  it('embeds only the fonts a document uses, as small subsets', async () => {
    const latin = await toPdf(await makeFile(h, 'latin.txt', 'Plain English with café and €.\n'.repeat(50)));
    expect((await pdfFonts(latin.bytes)).map((font) => font.name.replace(/-\d+$/, ''))).toEqual([
      'NotoSans-Regular',
    ]);
    expect(latin.bytes.length).toBeLessThan(40_000);
    const japanese = await toPdf(await realworld('txt-japanese-shiftjis.txt'));
    // Noto Sans JP alone is 5.4 MB; the subset holds the few hundred characters used.
    expect(japanese.bytes.length).toBeLessThan(600_000);
  });
});

describe('md -> pdf', () => {
  it('draws a table as a ruled grid, not as "a | b" lines', async () => {
    const { bytes } = await toPdf(await fixture(h, 'notes.md'));
    const text = await pdfToText(bytes);
    expect(text).not.toContain('|');
    for (const cell of ['Step', 'Owner', 'Watch folder', 'Priya', '2026-12-05']) expect(text).toContain(cell);
    await expectReadable(bytes, 6);
    // Ruled lines: rows of the page where a long horizontal stretch is inked (the table has a
    // header and two rows, so four rules), at 100 dpi.
    const ink = await renderPage(bytes, 1, 100);
    const rules: number[] = [];
    for (let y = 0; y < ink.height; y += 1) {
      let run = 0;
      let longest = 0;
      for (let x = 0; x < ink.width; x += 1) {
        run = ink.at(x, y) ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
      if (longest > 150 && !rules.some((rule) => y - rule <= 2)) rules.push(y);
    }
    expect(rules.length).toBeGreaterThanOrEqual(4);
  });
});
