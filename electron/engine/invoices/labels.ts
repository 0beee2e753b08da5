// The words invoices use for each field, in English, German, French, Dutch, Spanish and Italian,
// lower case and without accents (text is compared through dates.ts's `plain`). No supplier
// templates: a label is found anywhere, its value beside it, after it or below it.

export type HeaderField = 'invoiceNumber' | 'issueDate' | 'dueDate' | 'buyer' | 'seller' | 'sellerVatId';
export type TotalKind = 'net' | 'gross' | 'tax';
export type ColumnKind = 'description' | 'quantity' | 'unitPrice' | 'amount' | 'taxRate';

const NO = '(?:no\\.?|nr\\.?|n[o°º]\\.?|n\\.|number|nummer|numero|num\\.?|#)';

/** Label patterns per header field, most specific first. */
export const HEADER_LABELS: Record<HeaderField, RegExp[]> = {
  invoiceNumber: [
    new RegExp(
      `(?:invoice|credit note|rechnungs?|gutschrift|facture|avoir|factuur|creditnota|factura|nota de credito|fattura|nota di credito)\\s*-?\\s*${NO}`,
    ),
    new RegExp(`${NO}\\s*(?:de\\s+|di\\s+)?(?:la\\s+)?(?:facture|factura|fattura|avoir)`),
    /(?:rechnungsnummer|factuurnummer|rechnungsnr\.?|factuurnr\.?|belegnummer|invoice id)/,
  ],
  dueDate: [
    /(?:due date|payment due|due on|due by|pay by|payable by|faellig am|fallig am|faelligkeitsdatum|falligkeitsdatum|zahlbar bis|zahlungsziel|date d'echeance|echeance|a payer avant le|vervaldatum|vervaldag|te betalen voor|uiterste betaaldatum|fecha de vencimiento|vencimiento|data di scadenza|scadenza|da pagare entro)/,
  ],
  issueDate: [
    /(?:invoice date|date of issue|issue date|credit note date|rechnungsdatum|datum der rechnung|gutschriftsdatum|date de (?:la )?facture|date d'emission|date de l'avoir|factuurdatum|creditnotadatum|fecha de (?:la )?factura|fecha de emision|fecha|data (?:della )?fattura|data di emissione|data documento)/,
    /^(?:date|datum|data|fecha)\s*:?$/,
    /(?:^|\s)(?:date|datum|data)\s*:/,
  ],
  buyer: [
    /(?:bill to|billed to|invoice to|sold to|customer|client|rechnungsempfanger|rechnungsempfaenger|kunde|empfanger|leistungsempfanger|factur[ee] a|adresse de facturation|klant|factuur aan|gefactureerd aan|facturar a|facturado a|cliente|spett\.?le|destinatario)\s*:?/,
  ],
  seller: [
    /(?:^|\s)(?:from|seller|supplier|vendor|verkaufer|lieferant|fournisseur|vendeur|leverancier|proveedor|emisor|fornitore|cedente)\s*:/,
  ],
  sellerVatId: [
    /(?:vat (?:reg(?:istration)?\.? )?(?:no\.?|number|id)|vat:|ust-?id(?:nr)?\.?|ust\.?-?idnr\.?|umsatzsteuer-?id|steuernummer|n[°o] tva|tva intracom\w*|numero de tva|btw-?(?:nummer|nr\.?|id)|btw:|nif|cif|n\.?i\.?f\.?|p\.?\s?iva|partita iva)/,
  ],
};

/** Totals labels: net before gross before tax, so "Total excl. VAT" is net and "Total incl. VAT"
 *  is gross; a bare "Total" is gross only when nothing more specific matched. "Total EUR" is
 *  gross, but "Total VAT" (three letters too) is the tax total. */
export const TOTAL_LABELS: { kind: TotalKind; pattern: RegExp }[] = [
  {
    kind: 'net',
    pattern:
      /(?:sub-?total|net (?:total|amount)|total net|total (?:excl|before|ex\.? )|amount (?:excl|before)|zwischensumme|nettobetrag|netto(?:summe|betrag)?|summe netto|gesamt netto|total h\.?t\.?|montant h\.?t\.?|sous-?total|subtotaal|totaal excl|bedrag excl|excl\.? btw|base imponible|importe neto|imponibile|subtotale|totale (?:netto|imponibile))/,
  },
  {
    kind: 'gross',
    pattern:
      /(?:total due|amount due|balance due|grand total|total (?:incl|including|amount|payable|to pay)|invoice total|total \(?(?!vat|tax|gst|iva|tva|btw|ust)[a-z]{3}\)?$|gesamtbetrag|rechnungsbetrag|endbetrag|zahlbetrag|bruttobetrag|gesamtsumme|summe brutto|total t\.?t\.?c\.?|montant t\.?t\.?c\.?|net a payer|montant (?:total|du)|totaal incl|te betalen|totaalbedrag|total factura|importe total|total a pagar|totale (?:fattura|documento|da pagare|complessivo)|da pagare|netto a pagare)/,
  },
  {
    kind: 'tax',
    pattern:
      /(?:(?:^|[^a-z])(?:vat|tax|sales tax|gst|mwst|ust|umsatzsteuer|mehrwertsteuer|tva|btw|iva|igic)(?:[^a-z]|$))/,
  },
  { kind: 'gross', pattern: /^(?:total|totaal|totale|gesamt|summe|importe|montant)\b/ },
];

/** Words that name a VAT id (not a VAT amount), for the totals to pass over. */
export const VAT_ID_WORDS =
  /(?:vat (?:reg|no|number|id)|ust-?id|umsatzsteuer-?id|n[°o] tva|tva intracom|numero de tva|btw-?(?:nummer|nr|id)|(?:^|\s)(?:nif|cif)(?:\s|:|$)|p\.?\s?iva|partita iva)/;

/** Words that mark a running total at a page break, never an invoice total. */
export const CARRIED =
  /(?:carried forward|brought forward|ubertrag|uebertrag|a reporter|report|transport|suma y sigue|riporto|pagina|page|seite|blad)\b/;

export const COLUMN_LABELS: Record<ColumnKind, RegExp> = {
  description:
    /(?:description|item|article|product|service|bezeichnung|beschreibung|artikel|leistung|designation|libelle|omschrijving|descripcion|concepto|articulo|descrizione|articolo)/,
  quantity: /(?:qty|quantity|menge|anzahl|quantite|qte|aantal|cantidad|cant\.?|quantita|q\.ta|qta)/,
  unitPrice:
    /(?:unit price|price|rate|einzelpreis|e-preis|stuckpreis|preis|prix unitaire|prix u|p\.?u\.?|stukprijs|prijs|eenheidsprijs|precio(?: unitario)?|prezzo(?: unitario)?)/,
  amount:
    /(?:amount|total|line total|betrag|gesamt|summe|montant|total ht|bedrag|totaal|importe|importo|totale)/,
  taxRate:
    /(?:vat ?%|tax ?%|vat rate|tax rate|mwst\.?(?: ?%| satz)|ust\.? ?%|steuersatz|taux(?: tva)?|tva ?%|btw ?%|btw-tarief|tarief|iva ?%|% iva|aliquota|tipo iva|%)/,
};

/** Titles that make a document a credit note (its amounts are credits). */
export const CREDIT_NOTE =
  /(?:credit note|credit memo|gutschrift|rechnungskorrektur|avoir|note de credit|creditnota|creditfactuur|nota de credito|factura rectificativa|nota di credito)/;

/** Titles that say this is an invoice at all. */
export const INVOICE_TITLE = /(?:invoice|rechnung|facture|factuur|factura|fattura)/;

/** Which language the labels are in (for the order of slash dates). */
export const LANGUAGE_WORDS: Record<string, RegExp> = {
  en: /\b(?:invoice|due date|subtotal|amount|quantity|total due|bill to)\b/,
  de: /\b(?:rechnung|menge|einzelpreis|zwischensumme|mwst|gesamtbetrag|faellig|fallig)\b/,
  fr: /\b(?:facture|quantite|prix unitaire|montant|tva|echeance)\b/,
  nl: /\b(?:factuur|aantal|omschrijving|btw|totaal|vervaldatum)\b/,
  es: /\b(?:factura|cantidad|precio|importe|vencimiento|iva)\b/,
  it: /\b(?:fattura|quantita|prezzo|importo|scadenza|imponibile)\b/,
};
