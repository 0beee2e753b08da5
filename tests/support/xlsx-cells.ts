// Reads one sheet of an XLSX with jszip and the sheet's XML, not with exceljs (which wrote it):
// a workbook check by another library, as an accountant's spreadsheet program would open it.
import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';

/** Cells of one sheet (rows of cell texts; numbers as written in the XML). */
export async function sheetCells(path: string, sheetName: string): Promise<string[][]> {
  const zip = await JSZip.loadAsync(await readFile(path));
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const rid = new RegExp(`<sheet [^>]*name="${sheetName}"[^>]*r:id="([^"]+)"`).exec(workbook)![1];
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)![1]!.replace(/^\/?xl\//, '');
  const xml = await zip.file(`xl/${target}`)!.async('string');
  const shared = [
    ...((await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g),
  ].map((match) => [...match[1]!.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join(''));
  return [...xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((row) => {
    const cells: string[] = [];
    for (const cell of row[1]!.matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const col = cell[1]!.split('').reduce((acc, ch) => acc * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const value =
        /<v>([^<]*)<\/v>/.exec(cell[3] ?? '')?.[1] ?? /<t[^>]*>([^<]*)<\/t>/.exec(cell[3] ?? '')?.[1] ?? '';
      cells[col] = /t="s"/.test(cell[2]!) ? shared[Number(value)]! : value;
    }
    return Array.from(cells, (cell) => cell ?? '');
  });
}
