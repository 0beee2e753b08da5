// Frames of an animated image. libvips reads every frame of an animated WebP (as pages) but
// only the default image of an animated PNG (APNG), so APNG is recognised by its acTL chunk
// (which must come before the first IDAT) and counted from it, for an honest note.
import { open } from 'node:fs/promises';
import type { Metadata } from 'sharp';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// acTL comes before IDAT; the chunks in front of it are small, so this much always holds it.
const HEAD_BYTES = 1 << 20;

/** The frame count an APNG declares, or 1 for a still PNG. */
async function apngFrames(path: string): Promise<number> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(head, 0, HEAD_BYTES, 0);
    if (bytesRead < 8 || !head.subarray(0, 8).equals(PNG_SIGNATURE)) return 1;
    let at = 8;
    while (at + 12 <= bytesRead) {
      const length = head.readUInt32BE(at);
      const type = head.toString('latin1', at + 4, at + 8);
      if (type === 'IDAT' || type === 'IEND') return 1;
      if (type === 'acTL' && at + 12 <= bytesRead) return Math.max(1, head.readUInt32BE(at + 8));
      at += 12 + length;
    }
    return 1;
  } finally {
    await file.close();
  }
}

export interface Frames {
  /** Frames in the file. */
  count: number;
  /** Frames sharp can decode one by one (`page` option): all of an animated WebP, one of an APNG. */
  readable: number;
}

export async function framesOf(path: string, meta: Metadata): Promise<Frames> {
  if (meta.format === 'png') return { count: await apngFrames(path), readable: 1 };
  const pages = meta.pages ?? 1;
  return { count: pages, readable: pages };
}

export function firstFrameNote(count: number): string {
  return `This image is animated (${count} frames); the result holds the first frame only.`;
}
