// The fields an invoice labels: number, dates, buyer, seller, seller VAT id. A label is found
// in any cell; its value is the rest of that cell, the next cell on the row, or the cell below
// (a label row over a value row). Each value must parse as what the field is, else the next
// place is tried; nothing found means the field stays empty and is flagged by the checks.
import type { InvoiceField } from '../../../shared/invoices.ts';
import type { Line, PlacedCell } from './cells.ts';
import { plain } from './dates.ts';
import { cellDates, empty, field, type InvoiceDocument } from './document.ts';
import { CREDIT_NOTE, HEADER_LABELS, type HeaderField, INVOICE_TITLE } from './labels.ts';

interface Candidate {
  cell: PlacedCell;
  /** Offset in the cell's text where the value starts. */
  from: number;
  confidence: number;
}

interface Hit {
  line: Line;
  cell: PlacedCell;
  end: number;
}

const NOT_ISSUE_DATE =
  /(?:due|pay|faellig|fallig|zahlbar|echeance|verval|betalen|vencimiento|scadenza|deliver|delivery|order|service|period|liefer|leistung|bestell|livraison|commande|lever|bestel|entrega|pedido|consegna|ordine)/;

const ANY_LABEL = Object.values(HEADER_LABELS).flat();

function isLabelOnly(cell: PlacedCell): boolean {
  if (cell.cell.kind !== 'string' || /\d/.test(cell.text)) return false;
  const text = plain(cell.text);
  return ANY_LABEL.some((pattern) => pattern.test(text));
}

function* hits(doc: InvoiceDocument, name: HeaderField): Generator<Hit> {
  for (const pattern of HEADER_LABELS[name]) {
    for (const line of doc.lines) {
      for (const cell of line.cells) {
        if (cell.cell.kind !== 'string') continue;
        const text = plain(cell.text);
        const match = pattern.exec(text);
        if (!match) continue;
        if (name === 'issueDate' && NOT_ISSUE_DATE.test(text.slice(0, match.index + match[0].length)))
          continue;
        yield { line, cell, end: match.index + match[0].length };
      }
    }
  }
}

/** Same cell after the label, the next cell on the row, the cell below in the same column. */
function candidates(doc: InvoiceDocument, hit: Hit): Candidate[] {
  const out: Candidate[] = [];
  const rest = hit.cell.text.slice(hit.end);
  const skip = /^[\s:.#°º\-–]*/.exec(rest)?.[0].length ?? 0;
  if (rest.slice(skip).trim() !== '') out.push({ cell: hit.cell, from: hit.end + skip, confidence: 0.95 });
  const index = hit.line.cells.indexOf(hit.cell);
  const next = hit.line.cells[index + 1];
  if (next && !isLabelOnly(next)) out.push({ cell: next, from: 0, confidence: 0.93 });
  for (const below of doc.lines.slice(hit.line.index + 1, hit.line.index + 3)) {
    const under = below.cells.find((cell) => cell.col === hit.cell.col);
    if (under && !isLabelOnly(under)) {
      out.push({ cell: under, from: 0, confidence: 0.85 });
      break;
    }
  }
  return out;
}

function valueText(candidate: Candidate): string {
  return candidate.cell.text.slice(candidate.from).trim();
}

function firstFound<T>(
  doc: InvoiceDocument,
  name: HeaderField,
  parse: (candidate: Candidate) => T | null | undefined,
): { value: T; candidate: Candidate; hit: Hit } | null {
  for (const hit of hits(doc, name)) {
    for (const candidate of candidates(doc, hit)) {
      const value = parse(candidate);
      if (value !== null && value !== undefined) return { value, candidate, hit };
    }
  }
  return null;
}

function found<T>(result: { value: T; candidate: Candidate } | null): InvoiceField<T> {
  return result ? field(result.value, result.candidate.cell.source, result.candidate.confidence) : empty();
}

export function invoiceNumberOf(doc: InvoiceDocument): InvoiceField<string> {
  return found(
    firstFound(doc, 'invoiceNumber', (candidate) => {
      const cell = candidate.cell.cell;
      if (cell.kind === 'number') return Number.isInteger(cell.value) ? String(cell.value) : null;
      if (cell.kind === 'date') return null;
      const text = valueText(candidate);
      if (cellDates(candidate.cell, doc.order, candidate.from)[0]?.start === 0) return null;
      const token = /^[\p{L}\p{N}][\p{L}\p{N}\-/._]*/u.exec(text)?.[0].replace(/[.\-/]+$/, '');
      return token && /\d/.test(token) ? token : null;
    }),
  );
}

/** A labelled date; `ambiguous` when the only date found could be d/m or m/d. */
export function dateOf(
  doc: InvoiceDocument,
  name: 'issueDate' | 'dueDate',
): { field: InvoiceField<string>; ambiguous: boolean } {
  let ambiguous = false;
  const result = firstFound(doc, name, (candidate) => {
    const date = cellDates(candidate.cell, doc.order, candidate.from)[0];
    if (!date) return null;
    if (date.ambiguous) {
      ambiguous = true;
      return null;
    }
    return date.iso;
  });
  return { field: found(result), ambiguous: !result && ambiguous };
}

const COMPANY =
  /\b(?:ltd|limited|plc|llc|inc|corp|gmbh|ag|kg|ohg|ug|e\.?k|sarl|sas|sa|eurl|bv|b\.v|nv|n\.v|vof|sl|s\.l|slu|sa|s\.a|srl|s\.r\.l|spa|s\.p\.a|snc|sas)\b\.?/i;

/** A party's name from a block of text: the first segment before an address. */
function nameIn(text: string): string | null {
  const name = text.split(/\s*[,·•|]\s*|\s{2,}|\s[-–]\s/)[0]?.trim() ?? '';
  return /\p{L}{2}/u.test(name) && !/^\d/.test(name) ? name : null;
}

export function partyOf(
  doc: InvoiceDocument,
  name: 'buyer' | 'seller',
): { field: InvoiceField<string>; line: number | null } {
  const result = firstFound(doc, name, (candidate) =>
    candidate.cell.cell.kind === 'string' ? nameIn(valueText(candidate)) : null,
  );
  return { field: found(result), line: result ? result.candidate.cell.line : null };
}

function isTitle(text: string): boolean {
  const words = plain(text);
  return words.length < 30 && (INVOICE_TITLE.test(words) || CREDIT_NOTE.test(words));
}

/** No seller label: the sender's name heads the document (or its small return-address line);
 *  a line naming a company form (Ltd, GmbH, SARL, B.V., S.L., S.r.l.) is preferred. */
export function sellerByPosition(
  doc: InvoiceDocument,
  avoidLines: ReadonlySet<number>,
): InvoiceField<string> {
  const top = doc.lines.slice(0, 10).filter((line) => !avoidLines.has(line.index));
  const texts = top.flatMap((line) =>
    line.cells.filter((cell) => cell.cell.kind === 'string' && !isTitle(cell.text) && !isLabelOnly(cell)),
  );
  const usable = texts.filter((cell) => {
    const text = plain(cell.text);
    return !ANY_LABEL.some((pattern) => pattern.test(text)) && nameIn(cell.text) !== null;
  });
  const company = usable.find((cell) => COMPANY.test(nameIn(cell.text) ?? ''));
  if (company) return field(nameIn(company.text)!, company.source, 0.85);
  const first = usable[0];
  return first ? field(nameIn(first.text)!, first.source, 0.75) : empty();
}

const VAT_ID =
  /(?<![\p{L}\p{N}])([A-Z]{2,3}[\s.-]?)?((?:[0-9A-Z][\s.-]?){7,13}[0-9A-Z])(?:\s?(?:MWST|TVA|IVA))?(?![\p{L}\p{N}])/u;

function vatIdIn(text: string): string | null {
  const match = VAT_ID.exec(text);
  if (!match) return null;
  const id = match[0].replace(/[\s.-]/g, '');
  return (id.match(/\d/g)?.length ?? 0) >= 7 ? id : null;
}

/** The seller's VAT id: a labelled id outside the buyer's block (the buyer's id sits there). */
export function sellerVatIdOf(doc: InvoiceDocument, buyerLines: ReadonlySet<number>): InvoiceField<string> {
  for (const hit of hits(doc, 'sellerVatId')) {
    if (buyerLines.has(hit.line.index)) continue;
    for (const candidate of candidates(doc, hit)) {
      if (candidate.cell.cell.kind !== 'string' || buyerLines.has(candidate.cell.line)) continue;
      const id = vatIdIn(valueText(candidate));
      if (id) return field(id, candidate.cell.source, candidate.confidence);
    }
  }
  return empty();
}

export function documentTypeOf(doc: InvoiceDocument): InvoiceField<'invoice' | 'credit_note'> {
  for (const line of doc.lines.slice(0, 15)) {
    for (const cell of line.cells) {
      if (cell.cell.kind === 'string' && CREDIT_NOTE.test(plain(cell.text)))
        return field('credit_note', cell.source, 0.9);
    }
  }
  return field('invoice', null, 0.9);
}
