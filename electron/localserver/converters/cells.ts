// Typing of spreadsheet cells that arrive as text (csv, pdf lines): numbers become numbers and
// ISO dates become dates, so the sheet can sum and sort, with a number format that shows them
// as they were written; anything else stays text exactly.

const PLAIN_NUMBER = /^-?(0|[1-9]\d*)(\.(\d+))?$/;
const GROUPED_NUMBER = /^-?[1-9]\d{0,2}(,\d{3})+(\.(\d+))?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface TypedCell {
  value: string | number | Date;
  numFmt?: string;
}

function decimalsFormat(grouped: boolean, decimals: string | undefined): string | undefined {
  const fraction = decimals ? `.${'0'.repeat(decimals.length)}` : '';
  if (grouped) return `#,##0${fraction}`;
  return fraction ? `0${fraction}` : undefined;
}

export function typedCell(text: string): TypedCell {
  const plain = PLAIN_NUMBER.exec(text);
  if (plain) return { value: Number(text), numFmt: decimalsFormat(false, plain[3]) };
  const grouped = GROUPED_NUMBER.exec(text);
  if (grouped) return { value: Number(text.replaceAll(',', '')), numFmt: decimalsFormat(true, grouped[3]) };
  const date = ISO_DATE.exec(text);
  if (date) {
    const value = new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])));
    if (!Number.isNaN(value.getTime()) && value.toISOString().startsWith(text))
      return { value, numFmt: 'yyyy-mm-dd' };
  }
  return { value: text };
}
