// The Invoices view's pure parts: the needs-review filter, totals kept per currency (never
// added across currencies, to the cent), and the review words a person reads.
import { describe, expect, it } from 'vitest';
import type { LedgerInvoice } from '../../../shared/invoices.ts';
import { filterInvoices, reviewText, totalsByCurrency } from '../../../renderer/src/view/invoice-view.ts';

function invoice(
  id: number,
  currency: string | null,
  net: number,
  tax: number,
  review: string[] = [],
): LedgerInvoice {
  return {
    id,
    sourcePath: `/in/${id}.pdf`,
    sourceSha256: String(id).padStart(64, '0'),
    workbookPath: null,
    addedAt: '2026-12-01T00:00:00.000Z',
    status: review.length ? 'needs_review' : 'ok',
    documentType: 'invoice',
    invoiceNumber: `N-${id}`,
    issueDate: '2026-11-01',
    dueDate: null,
    seller: 'S',
    sellerVatId: null,
    buyer: null,
    currency,
    net,
    tax,
    gross: Math.round((net + tax) * 100) / 100,
    lines: [],
    review: review as LedgerInvoice['review'],
    corrected: [],
  };
}

describe('invoice view', () => {
  const list = [
    invoice(1, 'EUR', 0.1, 0.02),
    invoice(2, 'EUR', 0.2, 0.04, ['net', 'lines']),
    invoice(3, 'GBP', 1319.05, 263.81),
    invoice(4, null, 10, 0, ['currency']),
  ];

  it('keeps only invoices that need review when asked', () => {
    expect(filterInvoices(list, 'needs_review').map((entry) => entry.id)).toEqual([2, 4]);
    expect(filterInvoices(list, 'all')).toHaveLength(4);
  });

  it('totals each currency on its own, to the cent', () => {
    expect(totalsByCurrency(list)).toEqual([
      { currency: '?', count: 1, net: 10, tax: 0, gross: 10 },
      { currency: 'EUR', count: 2, net: 0.3, tax: 0.06, gross: 0.36 },
      { currency: 'GBP', count: 1, net: 1319.05, tax: 263.81, gross: 1582.86 },
    ]);
  });

  it('says what to check in words', () => {
    expect(reviewText(list[1]!)).toBe('Check: net, line items');
    expect(reviewText(list[0]!)).toBe('');
  });
});
