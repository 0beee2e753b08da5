// Scores the invoice reader against a truth JSON (tests/fixtures/invoices-ledger/*.truth.json):
// fields right out of fields checked, and fields filled wrongly without a review flag (the
// worst outcome: a wrong number in the ledger nobody was asked to look at).
import { type DocumentType, INVOICE_FIELDS, type InvoiceFacts } from '../../shared/invoices.ts';

export interface InvoiceTruth {
  documentType: DocumentType;
  invoiceNumber: string;
  issueDate: string;
  dueDate: string | null;
  seller: string;
  sellerVatId: string;
  buyer: string;
  currency: string;
  net: number;
  tax: number;
  gross: number;
  lines: { description: string; quantity: number; unitPrice: number; amount: number; taxRate: number }[];
}

export interface Score {
  checked: number;
  right: number;
  unflaggedWrong: number;
  /** "field: got X, truth Y" for each miss, flagged or not. */
  misses: string[];
}

const LINE = ['description', 'quantity', 'unitPrice', 'amount', 'taxRate'] as const;

function same(got: unknown, want: unknown): boolean {
  if (typeof want === 'number') return typeof got === 'number' && Math.abs(got - want) < 0.005;
  if (typeof want === 'string' && typeof got === 'string')
    return got.replace(/\s+/g, ' ').trim() === want.replace(/\s+/g, ' ').trim();
  return got === want;
}

export function scoreInvoice(got: InvoiceFacts, truth: InvoiceTruth): Score {
  const score: Score = { checked: 0, right: 0, unflaggedWrong: 0, misses: [] };
  const review = new Set<string>(got.review);
  const count = (name: string, value: unknown, want: unknown, flagged: boolean): void => {
    score.checked += 1;
    if (same(value, want)) {
      score.right += 1;
      return;
    }
    score.misses.push(
      `${name}: got ${JSON.stringify(value)}, truth ${JSON.stringify(want)}${flagged ? ' (flagged)' : ''}`,
    );
    if (value !== null && !flagged) score.unflaggedWrong += 1;
  };
  for (const name of INVOICE_FIELDS) count(name, got[name], truth[name], review.has(name));
  const linesFlagged = review.has('lines');
  truth.lines.forEach((want, index) => {
    const line = got.lines[index];
    for (const name of LINE)
      count(`lines[${index}].${name}`, line ? line[name] : null, want[name], linesFlagged);
  });
  // Lines the reader invented beyond the truth are wrong values too.
  for (let index = truth.lines.length; index < got.lines.length; index += 1) {
    score.checked += 1;
    score.misses.push(`lines[${index}]: not in the truth`);
    if (!linesFlagged) score.unflaggedWrong += 1;
  }
  return score;
}
