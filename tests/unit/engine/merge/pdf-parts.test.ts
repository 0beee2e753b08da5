// A merge's first step: the parts that are PDFs already are read and opened before anything
// is uploaded (a missing, damaged or protected one refused, naming it); the rest, each once,
// must become PDF. Fixtures read in place.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPdfPath, splitMergeParts } from '../../../../electron/engine/merge/pdf-parts.ts';
import { FIXTURES } from '../../../support/fixtures.ts';

const at = (name: string) => join(FIXTURES, name);

describe('splitting a merge into PDFs and parts to convert', () => {
  it('keeps the PDFs it opened and lists every other part once, in order', async () => {
    const split = await splitMergeParts([
      at('memo.txt'),
      at('report.pdf'),
      at('notes.md'),
      at('memo.txt'),
      at('Überweisung März 2026.pdf'),
    ]);
    expect(split.ok).toBe(true);
    if (!split.ok) return;
    expect([...split.pdfs.keys()]).toEqual([at('report.pdf'), at('Überweisung März 2026.pdf')]);
    expect(split.pdfs.get(at('report.pdf'))?.byteLength).toBe(38805);
    expect(split.toConvert).toEqual([at('memo.txt'), at('notes.md')]);
  });

  it('refuses the first PDF that is missing, protected or damaged, naming it', async () => {
    expect(await splitMergeParts([at('memo.txt'), at('gone.pdf')])).toEqual({
      ok: false,
      code: 'file_missing',
      source: at('gone.pdf'),
    });
    expect(await splitMergeParts([at('report.pdf'), at('encrypted.pdf'), at('corrupt.pdf')])).toEqual({
      ok: false,
      code: 'encrypted_input',
      source: at('encrypted.pdf'),
    });
    expect(await splitMergeParts([at('empty.pdf')])).toMatchObject({ ok: false, code: 'corrupt_input' });
    expect(await splitMergeParts([FIXTURES.replace(/\/$/, '.pdf')])).toMatchObject({ ok: false });
  });

  it('knows a PDF by its extension, whatever its case', () => {
    expect(['a.pdf', 'B.PDF', 'c.Pdf', 'd.pdf.txt', 'pdf'].map(isPdfPath)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
