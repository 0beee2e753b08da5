// The words invoices use for each field, in six languages, as the reader compares them
// (lower case, accents dropped): which total a label names (net before gross before tax, a
// bare "Total" last), invoice numbers and dates, a VAT id that is no VAT amount, a running
// total at a page break, credit notes.
import { describe, expect, it } from 'vitest';
import { plain } from '../../../../electron/engine/invoices/dates.ts';
import {
  CARRIED,
  COLUMN_LABELS,
  CREDIT_NOTE,
  HEADER_LABELS,
  type HeaderField,
  INVOICE_TITLE,
  TOTAL_LABELS,
  VAT_ID_WORDS,
} from '../../../../electron/engine/invoices/labels.ts';

const totalKind = (label: string) => TOTAL_LABELS.find((entry) => entry.pattern.test(plain(label)))?.kind;
const header = (label: string): HeaderField | undefined =>
  (Object.keys(HEADER_LABELS) as HeaderField[]).find((name) =>
    HEADER_LABELS[name].some((pattern) => pattern.test(plain(label))),
  );

describe('total labels', () => {
  it('tells net, gross and tax apart in six languages', () => {
    const cases: [string, 'net' | 'gross' | 'tax'][] = [
      ['Subtotal', 'net'],
      ['Total excl. VAT', 'net'],
      ['Zwischensumme', 'net'],
      ['Nettobetrag', 'net'],
      ['Total HT', 'net'],
      ['Sous-total', 'net'],
      ['Subtotaal', 'net'],
      ['Base imponible', 'net'],
      ['Imponibile', 'net'],
      ['Total incl. VAT', 'gross'],
      ['Amount due', 'gross'],
      ['Gesamtbetrag', 'gross'],
      ['Rechnungsbetrag', 'gross'],
      ['Total TTC', 'gross'],
      ['Net à payer', 'gross'],
      ['Totaal incl. btw', 'gross'],
      ['Importe total', 'gross'],
      ['Totale fattura', 'gross'],
      ['Total (EUR)', 'gross'],
      ['Total EUR', 'gross'],
      ['Total VAT', 'tax'],
      ['Total IVA', 'tax'],
      ['VAT 20%', 'tax'],
      ['MwSt. 19 %', 'tax'],
      ['Umsatzsteuer', 'tax'],
      ['TVA 20 %', 'tax'],
      ['BTW 21%', 'tax'],
      ['IVA 22%', 'tax'],
      ['Sales tax', 'tax'],
      ['Total', 'gross'],
      ['Summe', 'gross'],
    ];
    for (const [label, kind] of cases) expect(totalKind(label), label).toBe(kind);
  });

  it('takes nothing for labels that merely contain the letters', () => {
    for (const label of ['Invalid', 'Taxi fare', 'Vatican tour', 'Description', 'Quantity']) {
      expect(totalKind(label), label).toBeUndefined();
    }
  });

  it('knows a VAT id and a carried-forward total for what they are', () => {
    for (const label of [
      'VAT Reg. No.',
      'USt-IdNr.',
      'N° TVA intracommunautaire',
      'BTW-nummer',
      'P.IVA',
      'NIF:',
    ]) {
      expect(VAT_ID_WORDS.test(plain(label)), label).toBe(true);
    }
    expect(VAT_ID_WORDS.test(plain('VAT 20%'))).toBe(false);
    for (const label of ['Carried forward', 'Übertrag', 'A reporter', 'Suma y sigue', 'Riporto']) {
      expect(CARRIED.test(plain(label)), label).toBe(true);
    }
    expect(CARRIED.test(plain('Total due'))).toBe(false);
  });
});

describe('header labels', () => {
  it('finds the invoice number, dates, parties and VAT id in six languages', () => {
    const cases: [string, HeaderField][] = [
      ['Invoice No.', 'invoiceNumber'],
      ['Rechnungsnummer', 'invoiceNumber'],
      ['Rechnung Nr.', 'invoiceNumber'],
      ['N° de facture', 'invoiceNumber'],
      ['Factuurnummer', 'invoiceNumber'],
      ['Factura nº', 'invoiceNumber'],
      ['Fattura n.', 'invoiceNumber'],
      ['Due date', 'dueDate'],
      ['Fällig am', 'dueDate'],
      ["Date d'échéance", 'dueDate'],
      ['Vervaldatum', 'dueDate'],
      ['Invoice date', 'issueDate'],
      ['Rechnungsdatum', 'issueDate'],
      ['Datum', 'issueDate'],
      ['Bill to:', 'buyer'],
      ['Rechnungsempfänger', 'buyer'],
      ['Supplier:', 'seller'],
      ['USt-IdNr.', 'sellerVatId'],
    ];
    for (const [label, name] of cases) expect(header(label), label).toBe(name);
  });
});

describe('columns and titles', () => {
  it('names line-table columns and tells a credit note from an invoice', () => {
    expect(COLUMN_LABELS.quantity.test(plain('Menge'))).toBe(true);
    expect(COLUMN_LABELS.unitPrice.test(plain('Prix unitaire'))).toBe(true);
    expect(COLUMN_LABELS.description.test(plain('Omschrijving'))).toBe(true);
    expect(COLUMN_LABELS.taxRate.test(plain('MwSt. %'))).toBe(true);
    expect(CREDIT_NOTE.test(plain('Gutschrift'))).toBe(true);
    expect(CREDIT_NOTE.test(plain('Nota di credito'))).toBe(true);
    expect(CREDIT_NOTE.test(plain('Rechnung'))).toBe(false);
    expect(INVOICE_TITLE.test(plain('FACTURA'))).toBe(true);
  });
});
