// png <-> jpg <-> webp with sharp (libvips). Size is kept, EXIF orientation is applied (the
// result is upright with no orientation tag). JPEG has no alpha, so transparent pixels are laid
// on white rather than black. None of the targets on offer can hold an animation here (libvips
// writes no APNG, and webp -> webp is not a conversion), so an animated source gives its first
// frame and the result says so in its note.
import sharp from 'sharp';
import { type Converter, parsing } from './converter.ts';
import { firstFrameNote, framesOf } from './image-frames.ts';

const FORMATS = ['png', 'jpg', 'webp'] as const;
type ImageFormat = (typeof FORMATS)[number];

function imageConverter(from: ImageFormat, to: ImageFormat): Converter {
  return {
    from,
    to,
    async run(ctx) {
      // libvips decodes lazily: a damaged or truncated image only fails while being
      // re-encoded, so the whole pipeline counts as reading the input.
      const frames = await parsing(async () => {
        const frames = await framesOf(ctx.input, await sharp(ctx.input, { failOn: 'error' }).metadata());
        let image = sharp(ctx.input, { failOn: 'error' }).rotate();
        if (to === 'jpg')
          image = image.flatten({ background: '#ffffff' }).jpeg({ quality: 90, mozjpeg: true });
        else if (to === 'png') image = image.png();
        else image = image.webp({ quality: 90 });
        await image.toFile(ctx.output);
        return frames;
      });
      if (frames.count > 1) ctx.note(firstFrameNote(frames.count));
    },
  };
}

export const imageConverters: Converter[] = FORMATS.flatMap((from) =>
  FORMATS.filter((to) => to !== from).map((to) => imageConverter(from, to)),
);
