// Net, tax and gross from the labelled total lines below the line table (or anywhere, when
// there is no table). A line's label decides its kind (labels.ts's order: net, gross, tax,
// then a bare "Total"); its last amount is the value; a percentage on a tax line is the rate.
// Several tax lines are several rates; a tax line without a rate is the tax total.
import type { InvoiceField, TaxRead } from '../../../shared/invoices.ts';
import type { Line } from './cells.ts';
import { type CellAmount, cellAmounts, empty, field, type InvoiceDocument } from './document.ts';
import { CARRIED, TOTAL_LABELS, type TotalKind, VAT_ID_WORDS } from './labels.ts';
import { labelTextOf } from './line-items.ts';

export interface Totals {
  net: InvoiceField<number>;
  tax: InvoiceField<number>;
  gross: InvoiceField<number>;
  taxes: TaxRead[];
}

interface TotalLine {
  kind: TotalKind;
  value: CellAmount;
  rate: CellAmount | undefined;
  line: Line;
}

function totalLines(doc: InvoiceDocument, from: number, skip: ReadonlySet<number>): TotalLine[] {
  const out: TotalLine[] = [];
  for (const line of doc.lines.slice(from)) {
    if (skip.has(line.index)) continue;
    const label = labelTextOf(doc, line);
    // "N° TVA intracommunautaire" names a VAT id, not a VAT amount.
    if (label === '' || CARRIED.test(label) || VAT_ID_WORDS.test(label)) continue;
    const kind = TOTAL_LABELS.find((entry) => entry.pattern.test(label))?.kind;
    if (!kind) continue;
    const amounts = line.cells.flatMap((cell) => cellAmounts(cell, doc.mark));
    const numbers = amounts.filter((amount) => !amount.percent);
    const value = numbers.at(-1);
    if (!value) continue;
    out.push({ kind, value, rate: amounts.find((amount) => amount.percent), line });
  }
  return out;
}

function fromLine(total: TotalLine | undefined, confidence = 0.95): InvoiceField<number> {
  return total ? field(total.value.value, total.value.source, confidence) : empty();
}

export function totalsOf(doc: InvoiceDocument, from: number, skip: ReadonlySet<number>): Totals {
  const lines = totalLines(doc, from, skip);
  const nets = lines.filter((line) => line.kind === 'net');
  const taxLines = lines.filter((line) => line.kind === 'tax');
  const grosses = lines.filter((line) => line.kind === 'gross');
  const lastOther = Math.max(-1, ...[...nets, ...taxLines].map((line) => line.line.index));
  const gross = grosses.find((line) => line.line.index > lastOther) ?? grosses.at(-1);
  const withRate = taxLines.filter((line) => line.rate);
  const taxes: TaxRead[] = withRate.map((line) => ({
    rate: line.rate!.value,
    amount: line.value.value,
    source: line.value.source,
  }));
  const totalLine = taxLines.find((line) => !line.rate);
  let tax: InvoiceField<number> = empty();
  if (totalLine) tax = fromLine(totalLine);
  else if (withRate.length === 1) tax = fromLine(withRate[0]);
  else if (withRate.length > 1) {
    const sum = Math.round(withRate.reduce((acc, line) => acc + line.value.value, 0) * 100) / 100;
    tax = field(sum, withRate[0]!.value.source, 0.9);
  }
  return { net: fromLine(nets.at(-1)), tax, gross: fromLine(gross), taxes };
}
