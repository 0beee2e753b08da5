// One worksheet, streamed row by row as text cells (see cellText for how values are written).
// Rows keep their positions (an empty row between two rows stays an empty record; trailing
// empty rows are dropped); merged ranges keep their value in the top-left cell only, as
// Excel's own CSV export does.
import type { SaxesTagPlain } from 'saxes';
import type { DateKind, SheetPart, Workbook } from './xlsx-workbook.ts';
import { attr, local, streamXml } from './xlsx-xml.ts';

const MAX_COLUMNS = 16_384; // XFD, the widest sheet any spreadsheet program writes

/** 1-based column of a cell reference such as "AB12"; undefined when there is none. */
export function columnOf(ref: string | undefined): number | undefined {
  if (!ref) return undefined;
  let column = 0;
  for (const char of ref.toUpperCase()) {
    const code = char.charCodeAt(0);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column > 0 ? column : undefined;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** An Excel serial day number as ISO text: "2024-03-01" (a whole day), "2024-03-01 14:30:00",
 *  or "14:30:00" (a time-of-day format and no date part). */
export function serialText(serial: number, kind: DateKind, date1904: boolean): string {
  const days = Math.floor(serial);
  // Round to the second: serials carry float noise (0.5833333 is 14:00:00).
  let seconds = Math.round((serial - days) * 86_400);
  let day = days;
  if (seconds >= 86_400) {
    day += 1;
    seconds -= 86_400;
  }
  const time = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
  // A time of day alone (no date part) is written as a time, a whole day as a date.
  if (kind !== 'date' && serial < 1) return time;
  // 1900 system: serial 60 is the non-existent 1900-02-29 that Lotus invented; day 0 is 1899-12-31.
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 31);
  const offset = !date1904 && day >= 60 ? day - 1 : day;
  const date = new Date(epoch + offset * 86_400_000).toISOString().slice(0, 10);
  return seconds === 0 ? date : `${date} ${time}`;
}

/** A stored number as plain decimal text, at the 15 significant digits spreadsheets keep. */
export function numberText(raw: string): string {
  const value = Number(raw);
  if (!Number.isFinite(value)) return raw.trim();
  return String(Number(value.toPrecision(15)));
}

interface RawCell {
  type: string;
  style: number;
  value: string;
  inline: string;
}

/** The text a cell is written as: the value stored in the file (a formula's cached result),
 *  dates as ISO dates, numbers as plain decimals, booleans TRUE/FALSE, errors as #CODE. */
export function cellText(
  cell: RawCell,
  book: Pick<Workbook, 'sharedStrings' | 'dateStyles' | 'date1904'>,
): string {
  switch (cell.type) {
    case 's':
      return book.sharedStrings[Number(cell.value)] ?? '';
    case 'inlineStr':
      return cell.inline;
    case 'str':
    case 'e':
      return cell.value;
    case 'b':
      return cell.value.trim() === '1' || cell.value.trim().toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
    case 'd':
      return cell.value
        .replace(/T00:00:00(\.0+)?Z?$/, '')
        .replace('T', ' ')
        .replace(/(\.\d+)?Z$/, '');
    default: {
      if (cell.value.trim() === '') return '';
      const kind = book.dateStyles.get(cell.style);
      const serial = Number(cell.value);
      if (kind && Number.isFinite(serial) && serial >= 0) return serialText(serial, kind, book.date1904);
      return numberText(cell.value);
    }
  }
}

/** Calls onRow for every row (empty rows between filled ones included) with its cells' text. */
export async function readSheet(
  book: Workbook,
  sheet: SheetPart,
  onRow: (cells: string[]) => void,
  backpressure?: () => Promise<unknown> | undefined,
): Promise<void> {
  let rowNumber = 0;
  let emitted = 0;
  let cells: string[] = [];
  let cell: RawCell | undefined;
  let column = 0;
  let into: 'value' | 'inline' | undefined;
  let phonetic = 0;

  const openRow = (tag: SaxesTagPlain) => {
    const r = Number(attr(tag, 'r'));
    rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
    cells = [];
    column = 0;
  };
  const closeRow = () => {
    while (cells.length > 0 && cells.at(-1) === '') cells.pop();
    if (cells.length === 0) return;
    // Empty rows are written only once a later row has cells, so trailing ones never are.
    while (emitted < rowNumber - 1) {
      onRow([]);
      emitted += 1;
    }
    onRow(cells);
    emitted = rowNumber;
  };

  await streamXml(book.zip, sheet.path, {
    ...(backpressure ? { backpressure } : {}),
    open(tag) {
      const name = local(tag.name);
      if (name === 'row') openRow(tag);
      else if (name === 'c') {
        const at = columnOf(attr(tag, 'r'));
        column = at && at > column ? at : column + 1;
        cell = { type: attr(tag, 't') ?? 'n', style: Number(attr(tag, 's') ?? 0), value: '', inline: '' };
      } else if (name === 'v' && cell) into = 'value';
      else if (name === 't' && cell && cell.type === 'inlineStr') into = 'inline';
      else if (name === 'rPh') phonetic += 1;
    },
    close(name) {
      if (name === 'v' || name === 't') into = undefined;
      else if (name === 'rPh') phonetic -= 1;
      else if (name === 'c' && cell) {
        if (column <= MAX_COLUMNS) {
          const text = cellText(cell, book);
          if (text !== '') {
            while (cells.length < column - 1) cells.push('');
            cells[column - 1] = text;
          }
        }
        cell = undefined;
      } else if (name === 'row') closeRow();
    },
    text(text) {
      if (!cell || !into || phonetic > 0) return;
      if (into === 'value') cell.value += text;
      else cell.inline += text;
    },
  });
}
