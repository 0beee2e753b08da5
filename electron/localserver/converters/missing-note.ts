// The sentence a text -> pdf result carries when some characters had no font to draw them.

const SHOWN = 8;

export function missingCharactersNote(missing: string[]): string | undefined {
  if (missing.length === 0) return undefined;
  const shown = missing
    .slice(0, SHOWN)
    .map((char) => `${char} (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`)
    .join(', ');
  const more = missing.length > SHOWN ? ` and ${missing.length - SHOWN} more` : '';
  const kinds = missing.length === 1 ? 'character has' : 'different characters have';
  return `${missing.length} ${kinds} no font here and ${missing.length === 1 ? 'was' : 'were'} left out of the PDF: ${shown}${more}.`;
}
