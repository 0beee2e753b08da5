// png <-> jpg <-> webp with sharp (libvips). Size is kept; JPEG has no alpha, so transparent
// pixels are laid on white rather than black.
import sharp from 'sharp';
import { type Converter, parsing } from './converter.ts';

const FORMATS = ['png', 'jpg', 'webp'] as const;
type ImageFormat = (typeof FORMATS)[number];

function imageConverter(from: ImageFormat, to: ImageFormat): Converter {
  return {
    from,
    to,
    async run(ctx) {
      // libvips decodes lazily: a damaged image only fails while being re-encoded, so the
      // whole pipeline counts as reading the input.
      await parsing(async () => {
        let image = sharp(ctx.input, { failOn: 'error' }).rotate();
        if (to === 'jpg')
          image = image.flatten({ background: '#ffffff' }).jpeg({ quality: 90, mozjpeg: true });
        else if (to === 'png') image = image.png();
        else image = image.webp({ quality: 90 });
        await image.toFile(ctx.output);
      });
    },
  };
}

export const imageConverters: Converter[] = FORMATS.flatMap((from) =>
  FORMATS.filter((to) => to !== from).map((to) => imageConverter(from, to)),
);
