// Names from outside (the server's suggestion, a source's name) made safe to create on every
// platform we run on, and the result's name derived from the source's.
import { describe, expect, it } from 'vitest';
import {
  outputNameFor,
  sanitizeFileName,
  truncateBytes,
} from '../../../../electron/engine/results/safe-name.ts';

const bytes = (text: string) => Buffer.byteLength(text);

describe('sanitizeFileName', () => {
  it('keeps only the last path segment and drops separators and dot-dot', () => {
    expect(sanitizeFileName('../../..\\evil\u0007CON.xlsx')).toBe('evilCON.xlsx');
    expect(sanitizeFileName('/etc/cron.d/evil.xlsx')).toBe('evil.xlsx');
    expect(sanitizeFileName('..')).toBe('converted');
    expect(sanitizeFileName('..\\..\\Windows\\System32\\evil.xlsx')).toBe('evil.xlsx');
    expect(sanitizeFileName('folder/')).toBe('converted'); // nothing after the last separator
  });

  it('removes control characters and replaces characters Windows refuses', () => {
    expect(sanitizeFileName('a:b*c?"d<e>f|g\u0000\u001f.xlsx')).toBe('a_b_c__d_e_f_g.xlsx');
    expect(sanitizeFileName('tab\there\u0085.xlsx')).toBe('tabhere.xlsx');
  });

  it('removes bidi controls that would hide the real extension', () => {
    // "invoice\u202Excod.exe" shows as "invoiceexe.docx" in a right-to-left override.
    expect(sanitizeFileName('invoice\u202excod.exe')).toBe('invoicexcod.exe');
    expect(sanitizeFileName('in\u202evoice.xlsx')).toBe('invoice.xlsx');
    expect(sanitizeFileName('a\u200e\u200f\u2066\u2069b.pdf')).toBe('ab.pdf');
  });

  it('defuses every Windows device name, whatever its case or extension', () => {
    for (const device of [
      'CON',
      'prn',
      'Aux',
      'NUL',
      'com1',
      'COM9',
      'LPT1',
      'lpt9',
      'COM¹',
      'LPT³',
      'CONIN$',
      'conout$',
    ]) {
      expect(sanitizeFileName(device), device).toBe(`_${device}`);
      expect(sanitizeFileName(`${device}.xlsx`), device).toBe(`_${device}.xlsx`);
    }
    // Windows looks at the part before the first dot: "aux.tar.gz" is the device too.
    expect(sanitizeFileName('aux.tar.gz')).toBe('_aux.tar.gz');
    expect(sanitizeFileName('NUL .txt')).toBe('_NUL .txt');
    // Longer names that merely begin like a device are fine as they are.
    for (const name of ['CONSOLE.xlsx', 'com10.pdf', 'lpt.pdf', 'nullable.csv', 'auxiliary']) {
      expect(sanitizeFileName(name), name).toBe(name);
    }
  });

  it('drops leading dots (no hidden files) and trailing dots or spaces (Windows strips them)', () => {
    expect(sanitizeFileName('.bashrc')).toBe('bashrc');
    expect(sanitizeFileName('...hidden.pdf')).toBe('hidden.pdf');
    expect(sanitizeFileName(' trailing dot and space. .xlsx. ')).toBe('trailing dot and space. .xlsx');
    expect(sanitizeFileName('. . .')).toBe('converted');
  });

  it('falls back when nothing is left, to the fallback asked for', () => {
    expect(sanitizeFileName('')).toBe('converted');
    expect(sanitizeFileName('\u0000\u0001')).toBe('converted');
    expect(sanitizeFileName('///', 'result.pdf')).toBe('result.pdf');
  });

  it('composes decomposed accents (macOS names) so the same name is the same bytes', () => {
    const decomposed = 'U\u0308berweisung.pdf';
    expect(sanitizeFileName(decomposed)).toBe('Überweisung.pdf');
    expect(sanitizeFileName(decomposed)).toBe(sanitizeFileName('Überweisung.pdf'));
  });

  it('keeps CJK and emoji names whole', () => {
    expect(sanitizeFileName('請求書 2026年3月 🧾.pdf')).toBe('請求書 2026年3月 🧾.pdf');
    expect(sanitizeFileName('👨‍👩‍👧 family.jpg')).toBe('👨‍👩‍👧 family.jpg');
  });

  it('fits 255 bytes of UTF-8, keeps the extension and never splits a character', () => {
    // Two extensions, so that for each character size some cut would leave room for part of one.
    for (const ext of ['.xlsx', '.pdf']) {
      for (const [unit, size] of [
        ['a', 1],
        ['ü', 2],
        ['請', 3],
        ['🧾', 4],
      ] as const) {
        const what = `${unit}${ext}`;
        const name = sanitizeFileName(`${unit.repeat(300)}${ext}`);
        expect(bytes(name), what).toBeLessThanOrEqual(255);
        // As long as it can be: not a byte more room was left than one character needs.
        expect(bytes(name), what).toBeGreaterThan(255 - size);
        expect(name.endsWith(ext), what).toBe(true);
        expect(name.isWellFormed(), what).toBe(true); // no half of a surrogate pair
        expect(
          [...name.slice(0, -ext.length)].every((char) => char === unit),
          what,
        ).toBe(true);
      }
    }
  });
});

describe('truncateBytes', () => {
  it('leaves a name that fits alone', () => {
    expect(truncateBytes('short.pdf', 255)).toBe('short.pdf');
    expect(truncateBytes('x'.repeat(255), 255)).toBe('x'.repeat(255));
  });

  it('cuts the stem, not an extension of up to 16 characters', () => {
    expect(truncateBytes('abcdefghij.pdf', 8)).toBe('abcd.pdf');
    expect(truncateBytes('abcdefghij.spreadsheetml', 20)).toBe('abcdef.spreadsheetml');
  });

  it('treats a "extension" longer than 16 characters as part of the name', () => {
    const name = `report.${'x'.repeat(40)}`;
    expect(truncateBytes(name, 20)).toBe(name.slice(0, 20));
  });
});

describe('outputNameFor', () => {
  it('is the source base name with the new extension', () => {
    expect(outputNameFor('invoice.pdf', 'xlsx')).toBe('invoice.xlsx');
    expect(outputNameFor('Überweisung März 2026.pdf', 'txt')).toBe('Überweisung März 2026.txt');
    expect(outputNameFor('archive.tar.csv', 'json')).toBe('archive.tar.json');
    expect(outputNameFor('README', 'pdf')).toBe('README.pdf');
    expect(outputNameFor('/home/ana/Scans/scan 01.JPG', 'pdf')).toBe('scan 01.pdf');
    expect(outputNameFor('C:\\Users\\ana\\scan.png', 'pdf')).toBe('scan.pdf');
  });

  it('makes a source that is only an extension, or a device name, safe', () => {
    expect(outputNameFor('..csv', 'json')).toBe('converted.json');
    expect(outputNameFor('.csv', 'json')).toBe('csv.json');
    expect(outputNameFor('nul.csv', 'json')).toBe('_nul.json');
    expect(outputNameFor('LPT1.docx', 'pdf')).toBe('_LPT1.pdf');
  });

  it('never lets the target format carry a path or a dot', () => {
    expect(outputNameFor('a.pdf', '../x')).toBe('a.x');
    expect(outputNameFor('a.pdf', 'tar.gz')).toBe('a.targz');
    expect(outputNameFor('a.pdf', '')).toBe('a.out');
  });

  it('keeps the new extension on a source name too long for any file system', () => {
    const name = outputNameFor(`${'設計書'.repeat(100)}.docx`, 'pdf');
    expect(bytes(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith('.pdf')).toBe(true);
    expect(name.isWellFormed()).toBe(true);
  });
});
