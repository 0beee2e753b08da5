// The checks that decide "ok" or "needs_review": the lines sum to the net, net + tax = gross,
// the dates are plausible, one currency, every required field found. A field that fails is
// listed for review with the reason; nothing is corrected or invented here.
import type { InvoiceRead, ReviewField } from '../../../shared/invoices.ts';

const cents = (value: number): number => Math.round(value * 100);

export interface CheckInput {
  read: Omit<InvoiceRead, 'status' | 'review' | 'reasons'>;
  doubtfulLines: number;
  ambiguousDates: ('issueDate' | 'dueDate')[];
  currencyReason: string | null;
  today: Date;
}

export function check(input: CheckInput): { review: ReviewField[]; reasons: string[] } {
  const { read } = input;
  const review = new Set<ReviewField>();
  const reasons = new Set<string>();
  const flag = (reason: string, ...fields: ReviewField[]): void => {
    reasons.add(reason);
    for (const name of fields) review.add(name);
  };
  const net = read.net.value;
  const tax = read.tax.value;
  const gross = read.gross.value;
  if (read.invoiceNumber.value === null && net === null && gross === null)
    flag('not_an_invoice', 'invoiceNumber', 'gross');
  if (read.invoiceNumber.value === null) flag('invoice_number_missing', 'invoiceNumber');
  if (read.seller.value === null) flag('seller_missing', 'seller');
  if (read.currency.value === null) flag(input.currencyReason ?? 'currency_missing', 'currency');
  for (const name of input.ambiguousDates) flag('ambiguous_date', name);
  if (read.issueDate.value === null) flag('issue_date_missing', 'issueDate');
  const earliest = '2000-01-01';
  const latest = new Date(input.today.getTime() + 366 * 86_400_000).toISOString().slice(0, 10);
  const issue = read.issueDate.value;
  if (issue && (issue < earliest || issue > latest)) flag('date_implausible', 'issueDate');
  const due = read.dueDate.value;
  if (due && issue && (due < issue || due > `${Number(issue.slice(0, 4)) + 2}${issue.slice(4)}`))
    flag('date_implausible', 'dueDate');
  if (gross === null) flag('gross_missing', 'gross');
  if (read.lines.length === 0) flag('lines_missing', 'lines');
  if (input.doubtfulLines > 0) flag('line_does_not_add_up', 'lines');
  const amounts = read.lines.map((line) => line.amount.value);
  if (read.lines.length > 0 && amounts.every((amount) => amount !== null)) {
    const sum = amounts.reduce<number>((acc, amount) => acc + cents(amount!), 0);
    if (net === null) {
      // Without a net line, the lines must equal the gross less the tax.
      if (gross === null || cents(gross) - cents(tax ?? 0) !== sum) flag('net_missing', 'net');
    } else if (Math.abs(sum - cents(net)) > 1) flag('lines_do_not_sum', 'lines', 'net');
  }
  if (net !== null && gross !== null) {
    if (tax === null) {
      if (cents(net) !== cents(gross)) flag('tax_missing', 'tax');
    } else if (Math.abs(cents(net) + cents(tax) - cents(gross)) > 1)
      flag('totals_do_not_add_up', 'net', 'tax', 'gross');
  } else if (net === null && tax === null && gross !== null && read.lines.length === 0) {
    flag('net_missing', 'net');
  }
  return { review: [...review], reasons: [...reasons] };
}
