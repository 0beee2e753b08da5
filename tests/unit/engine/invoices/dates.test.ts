// Dates as invoices write them, in six languages: ISO, day-first with dots or dashes, slash
// dates whose order the document settles (never guessed per date), month names with or without
// accents; impossible dates refused; the order a document's own dates settle.
import { describe, expect, it } from 'vitest';
import { dateOrderOf, datesIn, plain } from '../../../../electron/engine/invoices/dates.ts';

const iso = (text: string, order: 'dmy' | 'mdy' | null = null) => datesIn(text, order)[0]?.iso ?? null;

describe('datesIn', () => {
  it('parses dates in six languages and keeps slash dates honest', () => {
    expect(iso('29 maart 2014')).toBe('2014-03-29');
    expect(iso('7. Mai 2014')).toBe('2014-05-07');
    expect(iso('1er mars 2026')).toBe('2026-03-01');
    expect(iso('7 de marzo de 2026')).toBe('2026-03-07');
    expect(iso('5 febbraio 2026')).toBe('2026-02-05');
    expect(iso('March 7, 2026')).toBe('2026-03-07');
    expect(iso('02.11.2026')).toBe('2026-11-02');
    expect(iso('2026-11-02')).toBe('2026-11-02');
    expect(iso('14/03/2026')).toBe('2026-03-14');
    expect(iso('03/14/2026')).toBe('2026-03-14');
    expect(iso('03/04/2026', 'mdy')).toBe('2026-03-04');
    expect(iso('03/04/2026', 'dmy')).toBe('2026-04-03');
    expect(datesIn('03/04/2026', null)[0]).toMatchObject({ ambiguous: true, slash: true });
    expect(iso('31.02.2026')).toBeNull();
  });

  it('reads month names with their accents, abbreviations and ordinals', () => {
    expect(iso('12. März 2026')).toBe('2026-03-12');
    expect(iso('3 décembre 2025')).toBe('2025-12-03');
    expect(iso('15 Jänner 2026')).toBe('2026-01-15');
    expect(iso('Sept. 30th, 2026')).toBe('2026-09-30');
    expect(iso('1 août 2026')).toBe('2026-08-01');
    expect(iso('21st of nowhere 2026')).toBeNull();
  });

  it('takes dots and dashes as day first everywhere, and a two-digit year as this century', () => {
    expect(iso('05-06-2026')).toBe('2026-06-05');
    expect(iso('05.06.26')).toBe('2026-06-05');
    expect(iso('05.06.26', 'mdy')).toBe('2026-06-05');
  });

  it('refuses dates that do not exist, and knows leap years', () => {
    expect(iso('29.02.2024')).toBe('2024-02-29');
    expect(iso('29.02.2026')).toBeNull();
    expect(iso('2026-13-01')).toBeNull();
    expect(iso('2026-04-31')).toBeNull();
    expect(iso('31 avril 2026')).toBeNull();
    expect(iso('00.01.2026')).toBeNull();
  });

  it('finds every date in a line, in the order written, and none inside a longer number', () => {
    const found = datesIn('Rechnungsdatum 02.11.2026, fällig am 2. Dezember 2026', null);
    expect(found.map((date) => date.iso)).toEqual(['2026-11-02', '2026-12-02']);
    expect(datesIn('Order 1202.11.20261', null)).toEqual([]);
    expect(datesIn('IBAN DE89 3704 0044 0532 0130 00', null)).toEqual([]);
  });
});

describe('dateOrderOf', () => {
  it('is settled by a slash date with a day above 12, and by nothing when dates disagree', () => {
    expect(dateOrderOf(['Date: 14/03/2026', 'Due: 04/04/2026'])).toBe('dmy');
    expect(dateOrderOf(['Date: 03/14/2026'])).toBe('mdy');
    expect(dateOrderOf(['14/03/2026', '03/14/2026'])).toBeNull();
    expect(dateOrderOf(['03/04/2026'])).toBeNull();
    expect(dateOrderOf(['14.03.2026'])).toBeNull(); // dots are no slash dates
  });
});

describe('plain', () => {
  it('lower-cases and drops accents so labels compare in every language', () => {
    expect(plain('Fälligkeitsdatum März ÉCHÉANCE')).toBe('falligkeitsdatum marz echeance');
  });
});
