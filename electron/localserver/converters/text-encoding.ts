// Finds how a text file (txt, md, csv) is encoded, so a Shift_JIS memo or a Latin-1 csv reads
// as its author wrote it. In order: a byte-order mark; valid UTF-8; otherwise chardet's
// statistical guess among legacy code pages (windows-125x, ISO-8859-x, Shift_JIS, EUC, GB18030,
// Big5, KOI8-R). Decoding is Node's TextDecoder (full ICU), which knows all of those.
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import chardet from 'chardet';

const SAMPLE_BYTES = 256 * 1024;

export interface Detected {
  /** A WHATWG encoding label TextDecoder accepts. */
  encoding: string;
  /** Length of the byte-order mark to skip. */
  bom: number;
}

function byteOrderMark(head: Uint8Array): Detected | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  return undefined;
}

function supported(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** chardet's best guess that TextDecoder can decode; windows-1252 (every byte is a character)
 *  when it has none. UTF-8 is not a candidate here: the bytes were already found invalid. */
function legacyEncoding(sample: Uint8Array): string {
  for (const match of chardet.analyse(sample)) {
    const label = match.name.toLowerCase();
    if (label !== 'utf-8' && label !== 'ascii' && supported(label)) return label;
  }
  return 'windows-1252';
}

/** For a whole file already in memory (txt, md). */
export function detectEncoding(bytes: Uint8Array): Detected {
  const bom = byteOrderMark(bytes);
  if (bom) return bom;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: legacyEncoding(bytes.subarray(0, 4 * SAMPLE_BYTES)), bom: 0 };
  }
}

export function decodeText(bytes: Uint8Array): string {
  const { encoding, bom } = detectEncoding(bytes);
  return new TextDecoder(encoding).decode(bytes.subarray(bom));
}

/** For a file too large to hold (csv): one streaming pass checks UTF-8 validity and keeps the
 *  chunks that hold non-ASCII bytes as the sample for the guess, so a Latin-1 file whose first
 *  accent comes late is still found. */
export async function detectFileEncoding(path: string): Promise<Detected> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let valid = true;
  let head: Uint8Array | undefined;
  const sample: Buffer[] = [];
  let sampled = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
    if (!head) {
      head = chunk;
      const bom = byteOrderMark(chunk);
      if (bom) return bom;
    }
    if (valid) {
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        valid = false;
      }
    }
    if (sampled < SAMPLE_BYTES && chunk.some((byte) => byte >= 0x80)) {
      sample.push(chunk);
      sampled += chunk.length;
    }
    if (!valid && sampled >= SAMPLE_BYTES) break;
  }
  if (valid) {
    try {
      utf8.decode();
      return { encoding: 'utf-8', bom: 0 };
    } catch {
      // cut in the middle of a character: not UTF-8 after all
    }
  }
  return { encoding: legacyEncoding(Buffer.concat(sample)), bom: 0 };
}

/** A stream that turns the file's bytes into UTF-8 text (BOM removed). */
export function decodingStream(detected: Detected): Transform {
  const decoder = new TextDecoder(detected.encoding);
  let skip = detected.bom;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const bytes = skip > 0 ? chunk.subarray(skip) : chunk;
      skip = Math.max(0, skip - chunk.length);
      done(null, Buffer.from(decoder.decode(bytes, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
}
