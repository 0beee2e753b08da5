// Text encoded in legacy code pages, for files as older Windows programs write them. Node can
// decode these but has no encoder for them; the tables below are the code pages' own (the
// letters used in the tests only, plus ASCII).

const CP1251_EXTRA: Record<string, number> = { Ё: 0xa8, ё: 0xb8, '«': 0xab, '»': 0xbb, '—': 0x97 };

/** windows-1251: А..я are 0xC0..0xFF in order. */
export function windows1251(text: string): Uint8Array {
  return Uint8Array.from([...text], (char) => {
    const code = char.codePointAt(0)!;
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    const byte = CP1251_EXTRA[char];
    if (byte === undefined) throw new Error(`no windows-1251 byte for ${char}`);
    return byte;
  });
}

const CP1250: Record<string, number> = {
  ą: 0xb9,
  ć: 0xe6,
  ę: 0xea,
  ł: 0xb3,
  ń: 0xf1,
  ó: 0xf3,
  ś: 0x9c,
  ź: 0x9f,
  ż: 0xbf,
  Ą: 0xa5,
  Ć: 0xc6,
  Ę: 0xca,
  Ł: 0xa3,
  Ń: 0xd1,
  Ó: 0xd3,
  Ś: 0x8c,
  Ź: 0x8f,
  Ż: 0xaf,
};

/** windows-1250 (Central European), Polish letters. */
export function windows1250(text: string): Uint8Array {
  return Uint8Array.from([...text], (char) => {
    const code = char.codePointAt(0)!;
    if (code < 0x80) return code;
    const byte = CP1250[char];
    if (byte === undefined) throw new Error(`no windows-1250 byte for ${char}`);
    return byte;
  });
}

/** windows-1252 / Latin-1 for the Western European letters (U+00A0..U+00FF are one byte). */
export function latin1(text: string): Uint8Array {
  return Uint8Array.from([...text], (char) => {
    const code = char.codePointAt(0)!;
    if (code > 0xff) throw new Error(`no Latin-1 byte for ${char}`);
    return code;
  });
}
