// Opening a downloaded result by its type before it is placed (issue 19): a file whose bytes
// match the server's hash can still be broken by the converter that made it, and a person
// must not find a damaged file marked "Done". Each check is the cheapest one that opens the
// file the way its reader would: the zip's central directory and the main XML part (never the
// whole package), pdf-lib's parse with at least one page, an image decoded at a tiny size
// (sharp shrinks on load), text decoded as UTF-8 in bounded chunks, JSON parsed. pdf-lib and
// sharp are loaded only when a PDF or an image is checked: most results are neither, and
// every `ifc` process would otherwise load both (with sharp's native library) at start.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';

/** The main part a reader opens first, per Office format. */
const MAIN_PART: Record<string, string> = {
  xlsx: 'xl/workbook.xml',
  docx: 'word/document.xml',
  pptx: 'ppt/presentation.xml',
};
const IMAGES = new Set(['png', 'jpg', 'jpeg', 'webp', 'gif', 'tiff', 'avif']);
const TEXTS = new Set(['csv', 'txt', 'html', 'md', 'xml', 'tsv']);

/** True when the file at `path` opens as a `format`; formats without a check pass. */
export async function resultOpens(path: string, format: string): Promise<boolean> {
  try {
    const main = MAIN_PART[format];
    if (main) return await officeOpens(path, main);
    if (format === 'pdf') return await pdfOpens(path);
    if (IMAGES.has(format)) return await imageOpens(path);
    if (format === 'json') return jsonOpens(await readFile(path));
    if (TEXTS.has(format)) return await isUtf8(path);
    return true;
  } catch {
    return false;
  }
}

async function officeOpens(path: string, main: string): Promise<boolean> {
  // The zip's central directory is at its end, so the whole archive is read; only the two
  // parts below are inflated.
  const parts = unzipSync(await readFile(path), {
    filter: (file) => file.name === main || file.name === '[Content_Types].xml',
  });
  const xml = parts[main];
  if (!parts['[Content_Types].xml'] || !xml) return false;
  return wellFormed(new TextDecoder('utf-8', { fatal: true }).decode(xml));
}

function wellFormed(xml: string): boolean {
  const parser = new SaxesParser();
  let broken = false;
  parser.on('error', () => {
    broken = true;
  });
  parser.write(xml).close();
  return !broken;
}

async function pdfOpens(path: string): Promise<boolean> {
  const { PDFDocument } = await import('pdf-lib');
  // ignoreEncryption: a protected result is still a whole PDF; only its parse is checked.
  const doc = await PDFDocument.load(await readFile(path), { ignoreEncryption: true, updateMetadata: false });
  return doc.getPageCount() > 0;
}

async function imageOpens(path: string): Promise<boolean> {
  const { default: sharp } = await import('sharp');
  const image = sharp(path, { failOn: 'truncated' });
  const meta = await image.metadata();
  if (!meta.width || !meta.height) return false;
  // Decoding every pixel is what finds a cut-off image; the tiny output keeps it cheap.
  await image.resize(8, 8, { fit: 'fill' }).raw().toBuffer();
  return true;
}

function jsonOpens(bytes: Buffer): boolean {
  JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  return true;
}

/** Valid UTF-8 throughout, read in 64 KiB chunks (a character cut between chunks is fine). */
async function isUtf8(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    decoder.decode(chunk as Buffer, { stream: true });
  }
  decoder.decode();
  return true;
}
