// The parts of an .xlsx that every sheet needs: which sheets there are (in the workbook's
// order, found through relationships, so absolute or unusual part names from other writers
// work), the shared strings, which cell styles are dates, and the 1904 date system.
// Hand-written over saxes + jszip rather than exceljs: exceljs's streaming reader only finds
// parts at the names Excel itself uses (xl/worksheets/sheetN.xml with relative targets) and
// its whole-workbook reader holds every cell in memory (12 GB for a 110 KB shared-strings
// bomb; hours for a workbook with many merged cells).
import JSZip from 'jszip';
import { attr, findPart, local, relationships, streamXml } from './xlsx-xml.ts';

export interface SheetPart {
  name: string;
  path: string;
  hidden: boolean;
}

export type DateKind = 'date' | 'time' | 'datetime';

export interface Workbook {
  zip: JSZip;
  sheets: SheetPart[];
  sharedStrings: string[];
  /** Cell style index (`s` attribute) -> how its number shows a date, for date styles only. */
  dateStyles: Map<number, DateKind>;
  date1904: boolean;
}

// Built-in number formats that show dates or times (ECMA-376 18.8.30, with the East Asian ids).
const BUILTIN_DATES: Record<number, DateKind> = {
  14: 'date',
  15: 'date',
  16: 'date',
  17: 'date',
  18: 'time',
  19: 'time',
  20: 'time',
  21: 'time',
  22: 'datetime',
  45: 'time',
  46: 'time',
  47: 'time',
};
for (const id of [27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58]) BUILTIN_DATES[id] = 'date';
for (const id of [32, 33, 55, 56]) BUILTIN_DATES[id] = 'time';

/** How a custom number format code shows a number: as a date, a time, both, or neither. */
export function dateKindOf(code: string): DateKind | undefined {
  // Only the first section (positive numbers) decides; quoted text, escapes, colours,
  // conditions and locale tags are not date parts. [h]/[mm]/[ss] are elapsed times.
  const section = code.split(';')[0] ?? '';
  const bare = section
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(h+|m+|s+)\]/gi, 'h')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/[_*]./g, '');
  const ampm = /am\/pm|a\/p/i.test(bare);
  // "m" is minutes right after hours or right before seconds, months anywhere else.
  const tokens = bare
    .replace(/am\/pm|a\/p/gi, '')
    .replace(/(h+[^a-z]*)m+/gi, '$1')
    .replace(/m+([^a-z]*s)/gi, '$1');
  const hasDate = /[dym]/i.test(tokens);
  const hasTime = ampm || /[hs]/i.test(tokens);
  if (hasDate && hasTime) return 'datetime';
  if (hasDate) return 'date';
  if (hasTime) return 'time';
  return undefined;
}

async function readStyles(zip: JSZip, path: string | undefined): Promise<Map<number, DateKind>> {
  const styles = new Map<number, DateKind>();
  if (!path || !zip.file(path)) return styles; // no styles part: every number is a plain number
  const custom = new Map<number, string>();
  const formats: number[] = [];
  let inCellXfs = false;
  await streamXml(zip, path, {
    open(tag) {
      const name = local(tag.name);
      if (name === 'numFmt') custom.set(Number(attr(tag, 'numFmtId')), attr(tag, 'formatCode') ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) formats.push(Number(attr(tag, 'numFmtId') ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  formats.forEach((id, index) => {
    const code = custom.get(id);
    const kind = code !== undefined ? dateKindOf(code) : BUILTIN_DATES[id];
    if (kind) styles.set(index, kind);
  });
  return styles;
}

/** Shared strings as plain text: rich-text runs joined, phonetic guides (<rPh>) left out. */
async function readSharedStrings(zip: JSZip, path: string | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!path || !zip.file(path)) return strings;
  let current: string | undefined;
  let phonetic = 0;
  let inText = false;
  await streamXml(zip, path, {
    open(tag) {
      const name = local(tag.name);
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic += 1;
      else if (name === 't') inText = true;
    },
    close(name) {
      if (name === 'si') {
        strings.push(current ?? '');
        current = undefined;
      } else if (name === 'rPh') phonetic -= 1;
      else if (name === 't') inText = false;
    },
    text(text) {
      if (inText && phonetic === 0 && current !== undefined) current += text;
    },
  });
  return strings;
}

export async function openWorkbook(bytes: Buffer): Promise<Workbook> {
  const zip = await JSZip.loadAsync(bytes);
  const root = await relationships(zip, '');
  const office = root.find((rel) => rel.type === 'officeDocument');
  const workbookPath = findPart(zip, office?.target ?? 'xl/workbook.xml');
  if (!workbookPath) throw new Error('no workbook part');
  const rels = await relationships(zip, workbookPath);
  const byId = new Map(rels.map((rel) => [rel.id, rel]));
  const sheets: SheetPart[] = [];
  let date1904 = false;
  await streamXml(zip, workbookPath, {
    open(tag) {
      const name = local(tag.name);
      if (name === 'workbookPr') date1904 = /^(1|true)$/.test(attr(tag, 'date1904') ?? '');
      if (name !== 'sheet') return;
      const rel = byId.get(attr(tag, 'r:id') ?? attr(tag, 'id') ?? '');
      // Chart sheets and dialog sheets have no cells; only worksheets are tables.
      if (rel?.type !== 'worksheet') return;
      const path = findPart(zip, rel.target);
      if (!path) throw new Error(`sheet part ${rel.target} is missing`);
      const state = attr(tag, 'state');
      sheets.push({
        name: attr(tag, 'name') ?? `Sheet${sheets.length + 1}`,
        path,
        hidden: !!state && state !== 'visible',
      });
    },
  });
  const partOf = (type: string) => {
    const rel = rels.find((entry) => entry.type === type);
    return rel ? findPart(zip, rel.target) : undefined;
  };
  return {
    zip,
    sheets,
    sharedStrings: await readSharedStrings(zip, partOf('sharedStrings')),
    dateStyles: await readStyles(zip, partOf('styles')),
    date1904,
  };
}
