// A second, independent reader of an xlsx written by the local server: the zip opened with
// fflate and the first sheet's XML read directly (cell types, values, number formats), so a
// test does not only trust the library that wrote the file.
import { strFromU8, unzipSync } from 'fflate';

export interface XmlCell {
  /** 'n' number, 's' shared or inline string, 'b' boolean, 'e' error. */
  type: 'n' | 's' | 'b' | 'e';
  number?: number;
  text?: string;
  numFmt: string;
}

// The number formats ECMA-376 predefines (a writer refers to them by id only).
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  22: 'm/d/yy h:mm',
};

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

function texts(xml: string): string {
  return [...xml.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((match) => unescapeXml(match[1]!)).join('');
}

function columnIndex(ref: string): number {
  let index = 0;
  for (const char of /^[A-Z]+/.exec(ref)![0]) index = index * 26 + (char.charCodeAt(0) - 64);
  return index - 1;
}

/** The first sheet as rows (1-based row number -> cells by 0-based column). */
export function readSheetXml(bytes: Uint8Array): Map<number, Map<number, XmlCell>> {
  const files = unzipSync(bytes);
  const file = (name: string) => (files[name] ? strFromU8(files[name]!) : '');
  const shared = [...file('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((match) =>
    texts(match[1]!),
  );
  const styles = file('xl/styles.xml');
  const formats = new Map<number, string>(
    Object.entries(BUILTIN_FORMATS).map(([id, code]) => [Number(id), code]),
  );
  for (const match of styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)) {
    formats.set(Number(match[1]), unescapeXml(match[2]!));
  }
  const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  const xfFormats = [...cellXfs.matchAll(/<xf [^>]*?numFmtId="(\d+)"/g)].map((match) => Number(match[1]));
  const sheet = file('xl/worksheets/sheet1.xml');
  const rows = new Map<number, Map<number, XmlCell>>();
  for (const cell of sheet.matchAll(/<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const [, column = '', row = '', attributes = '', body = ''] = cell;
    const type = /t="(\w+)"/.exec(attributes)?.[1] ?? 'n';
    const style = Number(/s="(\d+)"/.exec(attributes)?.[1] ?? 0);
    const value = /<v>([^<]*)<\/v>/.exec(body)?.[1];
    const numFmt = formats.get(xfFormats[style] ?? 0) ?? 'General';
    let parsed: XmlCell | undefined;
    if (type === 'n' && value !== undefined) parsed = { type: 'n', number: Number(value), numFmt };
    else if (type === 's' && value !== undefined) parsed = { type: 's', text: shared[Number(value)], numFmt };
    else if (type === 'inlineStr' || type === 'str')
      parsed = { type: 's', text: texts(body) || unescapeXml(value ?? ''), numFmt };
    else if (type === 'b' || type === 'e') parsed = { type, text: value, numFmt };
    if (!parsed) continue;
    if (!rows.has(Number(row))) rows.set(Number(row), new Map());
    rows.get(Number(row))!.set(columnIndex(column), parsed);
  }
  return rows;
}

/** An Excel serial day number as the UTC date it stands for (1900 date system). */
export function serialToIsoDate(serial: number): string {
  return new Date(Math.round((serial - 25569) * 86_400_000)).toISOString().slice(0, 10);
}

/** True for a number format that shows a date. */
export function isDateFormat(numFmt: string): boolean {
  const unquoted = numFmt.replace(/"[^"]*"/g, '');
  return /[dy]/i.test(unquoted) && !/[#0]/.test(unquoted);
}
