// Typing the text cells of one document (a PDF's table rows): amounts and dates are read with
// the conventions the document itself shows (decimal separator, day/month order), decided
// once from all its cells rather than guessed per cell.
import { type DecimalSeparator, decimalSeparatorOf, parseAmount } from './amount-text.ts';
import { type DateOrder, dateOrderOf, parseDate } from './date-text.ts';

export interface DocumentConventions {
  decimal: DecimalSeparator;
  dateOrder?: DateOrder;
}

export interface TypedValue {
  value: string | number | Date;
  numFmt?: string;
}

export function conventionsOf(texts: string[]): DocumentConventions {
  return { decimal: decimalSeparatorOf(texts), dateOrder: dateOrderOf(texts) };
}

export function typedValue(text: string, conventions: DocumentConventions): TypedValue {
  const date = parseDate(text, conventions.dateOrder);
  if (date) return { value: date.value, numFmt: date.numFmt };
  const amount = parseAmount(text, conventions.decimal);
  if (amount) return { value: amount.value, numFmt: amount.numFmt };
  return { value: text };
}
