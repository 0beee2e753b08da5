// png/jpg/webp -> pdf: one page the size of the image at its recorded resolution (72 dpi when
// none is recorded), the image embedded without re-encoding where PDF allows it (JPEG, PNG).
import { readFile, writeFile } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { type Converter, parsing } from './converter.ts';

function imageToPdf(from: 'png' | 'jpg' | 'webp'): Converter {
  return {
    from,
    to: 'pdf',
    async run(ctx) {
      const { meta, bytes, kind } = await parsing(async () => {
        const meta = await sharp(ctx.input, { failOn: 'error' }).metadata();
        if (!meta.width || !meta.height) throw new Error('image has no size');
        // Anything pdf-lib cannot embed as is (webp, CMYK or 16-bit PNG) is re-encoded as 8-bit PNG.
        const direct =
          (from === 'jpg' && meta.space !== 'cmyk') || (from === 'png' && meta.depth === 'uchar');
        const bytes = direct
          ? await readFile(ctx.input)
          : await sharp(ctx.input, { failOn: 'error' }).toColourspace('srgb').png().toBuffer();
        return { meta, bytes, kind: direct && from === 'jpg' ? 'jpg' : 'png' };
      });
      const doc = await PDFDocument.create();
      const image = await parsing(() => (kind === 'jpg' ? doc.embedJpg(bytes) : doc.embedPng(bytes)));
      const scale = 72 / (meta.density || 72);
      const width = (meta.width ?? image.width) * scale;
      const height = (meta.height ?? image.height) * scale;
      doc.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
      await writeFile(ctx.output, await doc.save());
    },
  };
}

export const imagePdfConverters: Converter[] = [imageToPdf('png'), imageToPdf('jpg'), imageToPdf('webp')];
