// png/jpg/webp -> pdf: one page per frame, each the size of the upright image at its recorded
// resolution (72 dpi when none is recorded). Every pixel is decoded first, so a truncated or
// damaged image is refused here as for the other targets. A JPEG that needs no turning and is
// not CMYK is embedded as is (no re-encoding); anything else (EXIF-rotated, CMYK, 16-bit,
// palette, WebP) is drawn upright by sharp and embedded as 8-bit sRGB PNG. Every frame of an
// animated WebP becomes a page; of an APNG only the first frame can be read, which the note says.
import { readFile, writeFile } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { type Converter, parsing } from './converter.ts';
import { firstFrameNote, framesOf } from './image-frames.ts';

interface Page {
  bytes: Buffer;
  kind: 'jpg' | 'png';
  width: number;
  height: number;
}

async function pagesOf(
  input: string,
  from: 'png' | 'jpg' | 'webp',
): Promise<{ pages: Page[]; frames: number }> {
  const meta = await sharp(input, { failOn: 'error' }).metadata();
  if (!meta.width || !meta.height) throw new Error('image has no size');
  const frames = await framesOf(input, meta);
  const scale = 72 / (meta.density || 72);
  const pages: Page[] = [];
  for (let page = 0; page < frames.readable; page += 1) {
    const image = sharp(input, { failOn: 'error', page }).rotate();
    // Decodes every pixel, streaming (a truncated file fails here).
    await image.clone().stats();
    // Orientations 5-8 turn the image a quarter, swapping its sides.
    const orientation = meta.orientation ?? 1;
    const turned = orientation >= 5;
    const width = meta.width;
    const height = frames.readable > 1 ? (meta.pageHeight ?? meta.height) : meta.height;
    const size = { width: (turned ? height : width) * scale, height: (turned ? width : height) * scale };
    const upright = orientation === 1;
    if (from === 'jpg' && meta.space !== 'cmyk' && upright) {
      pages.push({ bytes: await readFile(input), kind: 'jpg', ...size });
    } else {
      const bytes = await image.toColourspace('srgb').png().toBuffer();
      pages.push({ bytes, kind: 'png', ...size });
    }
  }
  return { pages, frames: frames.count };
}

function imageToPdf(from: 'png' | 'jpg' | 'webp'): Converter {
  return {
    from,
    to: 'pdf',
    async run(ctx) {
      const { pages, frames } = await parsing(() => pagesOf(ctx.input, from));
      const doc = await PDFDocument.create();
      for (const [index, page] of pages.entries()) {
        const image = await parsing(() =>
          page.kind === 'jpg' ? doc.embedJpg(page.bytes) : doc.embedPng(page.bytes),
        );
        doc
          .addPage([page.width, page.height])
          .drawImage(image, { x: 0, y: 0, width: page.width, height: page.height });
        ctx.progress((index + 1) / pages.length);
      }
      await writeFile(ctx.output, await doc.save());
      if (frames > pages.length) ctx.note(firstFrameNote(frames));
    },
  };
}

export const imagePdfConverters: Converter[] = [imageToPdf('png'), imageToPdf('jpg'), imageToPdf('webp')];
