// Typing of spreadsheet cells that arrive as text (csv, pdf lines): numbers become numbers and
// ISO dates become dates, so the sheet can sum and sort; anything else stays text exactly.

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function typedCell(text: string): string | number | Date {
  if (NUMBER.test(text)) return Number(text);
  const date = ISO_DATE.exec(text);
  if (date) {
    const value = new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])));
    if (!Number.isNaN(value.getTime()) && value.toISOString().startsWith(text)) return value;
  }
  return text;
}

/** Text of a cell read back from a workbook (exceljs value shapes). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    const cell = value as { result?: unknown; text?: unknown; richText?: { text: string }[]; error?: string };
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if (cell.text !== undefined) return String(cell.text);
    if (cell.result !== undefined) return cellText(cell.result);
    if (cell.error !== undefined) return cell.error;
    return '';
  }
  return String(value);
}
