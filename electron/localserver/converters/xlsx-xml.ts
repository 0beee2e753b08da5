// Streaming XML over the parts of an OOXML package. A part is inflated chunk by chunk and fed to
// saxes, so a worksheet of any size is read in bounded memory. saxes does not read DTDs, so an
// entity-expansion bomb ("billion laughs") is an error rather than gigabytes of text.
import { StringDecoder } from 'node:string_decoder';
import type JSZip from 'jszip';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export interface XmlHandlers {
  open?(tag: SaxesTagPlain): void;
  close?(name: string): void;
  text?(text: string): void;
  /** After each chunk: a promise here pauses reading until it settles (the reader's output is
   *  backed up), so a sheet of any size never piles up in memory. */
  backpressure?(): Promise<unknown> | undefined;
}

/** Element name without its namespace prefix (writers differ: `x:row`, `row`). */
export function local(name: string): string {
  const colon = name.indexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}

/** Attribute value by local name (`r:id` and `id` differ, so prefixed names match in full first). */
export function attr(tag: SaxesTagPlain, name: string): string | undefined {
  const direct = tag.attributes[name];
  if (direct !== undefined) return direct;
  for (const [key, value] of Object.entries(tag.attributes)) if (local(key) === name) return value;
  return undefined;
}

/** Streams one part through the handlers; rejects on malformed XML. */
export function streamXml(zip: JSZip, path: string, handlers: XmlHandlers): Promise<void> {
  const file = zip.file(path);
  if (!file) return Promise.reject(new Error(`missing part ${path}`));
  return new Promise((resolve, reject) => {
    const parser = new SaxesParser({ xmlns: false, position: false });
    const decoder = new StringDecoder('utf8');
    let failed = false;
    parser.on('error', (error) => {
      failed = true;
      reject(error);
    });
    if (handlers.open) parser.on('opentag', (tag) => handlers.open!(tag as SaxesTagPlain));
    if (handlers.close) parser.on('closetag', (tag) => handlers.close!(local(tag.name)));
    if (handlers.text) {
      parser.on('text', handlers.text);
      parser.on('cdata', handlers.text);
    }
    const stream = file.nodeStream('nodebuffer');
    stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        parser.write(decoder.write(chunk));
      } catch (error) {
        failed = true;
        reject(error);
        return;
      }
      const wait = handlers.backpressure?.();
      if (wait) {
        stream.pause();
        void wait.then(() => stream.resume());
      }
    });
    stream.on('error', (error: Error) => {
      if (!failed) reject(error);
      failed = true;
    });
    stream.on('end', () => {
      if (failed) return;
      try {
        parser.write(decoder.end());
        parser.close();
        resolve();
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** Target paths of a part's relationships, resolved to package paths (no leading slash). */
export async function relationships(
  zip: JSZip,
  partPath: string,
): Promise<{ id: string; type: string; target: string }[]> {
  const slash = partPath.lastIndexOf('/');
  const dir = slash >= 0 ? partPath.slice(0, slash) : '';
  const relsPath = `${dir ? `${dir}/` : ''}_rels/${partPath.slice(slash + 1)}.rels`;
  if (!zip.file(relsPath)) return [];
  const found: { id: string; type: string; target: string }[] = [];
  await streamXml(zip, relsPath, {
    open(tag) {
      if (local(tag.name) !== 'Relationship' || attr(tag, 'TargetMode') === 'External') return;
      const target = attr(tag, 'Target') ?? '';
      found.push({
        id: attr(tag, 'Id') ?? '',
        type: (attr(tag, 'Type') ?? '').split('/').pop() ?? '',
        target: resolvePart(dir, target),
      });
    },
  });
  return found;
}

/** A relationship target against the source part's folder; `/xl/...` is from the root. */
export function resolvePart(dir: string, target: string): string {
  const parts = target.startsWith('/') ? [] : dir.split('/').filter(Boolean);
  for (const piece of target.split('/')) {
    if (piece === '' || piece === '.') continue;
    if (piece === '..') parts.pop();
    else parts.push(decodeURIComponent(piece));
  }
  return parts.join('/');
}

/** The package's entry names, matched case-insensitively (some writers differ in case). */
export function findPart(zip: JSZip, path: string): string | undefined {
  if (zip.file(path)) return path;
  const lower = path.toLowerCase();
  return Object.keys(zip.files).find((name) => name.replace(/^\//, '').toLowerCase() === lower);
}
