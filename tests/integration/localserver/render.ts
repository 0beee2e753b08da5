// Seeing a result as a person would: a PDF page rendered by poppler's pdftoppm (Debian
// poppler-utils), and images compared pixel by pixel after decoding with sharp.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp, { type Sharp } from 'sharp';

const run = promisify(execFile);

export interface Pixels {
  data: Buffer;
  width: number;
  height: number;
}

/** Page `page` (1-based) of a PDF rendered at 72 dpi (one pixel per point), as RGB pixels. */
export async function renderPage(pdf: Buffer, page = 1): Promise<Pixels> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-render-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    await run('pdftoppm', [
      '-r',
      '72',
      '-f',
      String(page),
      '-l',
      String(page),
      '-png',
      '-singlefile',
      join(dir, 'in.pdf'),
      join(dir, 'out'),
    ]);
    return await pixels(await readFile(join(dir, 'out.png')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Any image (or sharp pipeline) as flat RGB pixels on white. */
export async function pixels(input: Buffer | Sharp): Promise<Pixels> {
  const image = Buffer.isBuffer(input) ? sharp(input) : input;
  const { data, info } = await image
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Mean absolute difference per channel (0..255) of two same-sized images. */
export function meanDifference(a: Pixels, b: Pixels): number {
  if (a.width !== b.width || a.height !== b.height)
    throw new Error(`sizes differ: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  let sum = 0;
  for (let index = 0; index < a.data.length; index += 1) sum += Math.abs(a.data[index]! - b.data[index]!);
  return sum / a.data.length;
}

/** meanDifference after both are shrunk to a quarter (at least 8 px a side): poppler draws an
 *  image with its own resampling at the edges and a slightly different tone curve, which
 *  says nothing about whether the page shows the right picture the right way up. A wrong
 *  orientation, frame or blank page differs by 30 and more. */
export async function pageDifference(page: Pixels, expected: Pixels): Promise<number> {
  const width = Math.max(8, Math.round(expected.width / 4));
  const height = Math.max(8, Math.round(expected.height / 4));
  const shrink = (p: Pixels) =>
    pixels(
      sharp(p.data, { raw: { width: p.width, height: p.height, channels: 3 } }).resize(width, height, {
        fit: 'fill',
      }),
    );
  if (page.width !== expected.width || page.height !== expected.height)
    throw new Error(`sizes differ: ${page.width}x${page.height} vs ${expected.width}x${expected.height}`);
  return meanDifference(await shrink(page), await shrink(expected));
}
