// Images from other people's test suites (shared/fixtures/realworld, read in place) through the
// server, checked as a person sees them: PDF pages rendered with pdftoppm and compared with
// sharp's own rendering of the source, images decoded and compared pixel by pixel.
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../shared/messages.ts';
import { convert, download, FIXTURES, type Harness, harness, type JobBody } from './helpers.ts';
import { meanDifference, pageDifference, pixels, renderPage } from './render.ts';

const REAL = join(FIXTURES, 'realworld');

let h: Harness;
beforeAll(async () => {
  h = await harness({ conversionConcurrency: 2 });
});
afterAll(() => h.close());

async function converted(name: string, to: string): Promise<{ job: JobBody; bytes: Buffer }> {
  const job = await convert(h, { to, path: join(REAL, name) });
  expect(job.status, JSON.stringify(job.error)).toBe('completed');
  return { job, bytes: await download(job) };
}

async function pageSizes(pdf: Buffer): Promise<{ width: number; height: number }[]> {
  const doc = await PDFDocument.load(pdf);
  return doc.getPages().map((page) => page.getSize());
}

describe('EXIF orientation', () => {
  it('jpg (orientation 6) -> pdf: a portrait page with the picture upright', async () => {
    const { bytes } = await converted('img-exif-rotation-6.jpg', 'pdf');
    // The stored pixels are 308 x 231 (landscape); turned upright the photo is 231 x 308.
    expect(await pageSizes(bytes)).toEqual([{ width: 231, height: 308 }]);
    const page = await renderPage(bytes);
    const upright = await pixels(sharp(join(REAL, 'img-exif-rotation-6.jpg')).rotate());
    const turnedBack = await pixels(sharp(join(REAL, 'img-exif-rotation-6.jpg')).rotate().rotate(180));
    expect(await pageDifference(page, upright)).toBeLessThan(12);
    // The comparison can tell: the same picture upside down is far off.
    expect(await pageDifference(page, turnedBack)).toBeGreaterThan(30);
  });

  it('jpg (orientation 6) -> png is upright too', async () => {
    const { bytes } = await converted('img-exif-rotation-6.jpg', 'png');
    const result = await pixels(bytes);
    expect([result.width, result.height]).toEqual([231, 308]);
    expect(
      meanDifference(result, await pixels(sharp(join(REAL, 'img-exif-rotation-6.jpg')).rotate())),
    ).toBeLessThan(3);
  });
});

describe('damaged images', () => {
  it.each(['pdf', 'png', 'webp'])('a truncated jpg -> %s is refused as damaged, and refunded', async (to) => {
    const before = h.server.balance();
    const job = await convert(h, { to, path: join(REAL, 'img-truncated.jpg') });
    expect(job.status).toBe('failed');
    expect(job.error).toEqual({ code: 'corrupt_input', message: MESSAGES.corrupt_input });
    expect(h.server.balance()).toBe(before);
  });
});

describe('animated images', () => {
  it('animated webp -> pdf: one page per frame, each as the frame looks', async () => {
    const { job, bytes } = await converted('img-animated.webp', 'pdf');
    expect(job).not.toHaveProperty('note');
    const sizes = await pageSizes(bytes);
    expect(sizes).toHaveLength(6);
    for (const page of [1, 4]) {
      const frame = await pixels(sharp(join(REAL, 'img-animated.webp'), { page: page - 1 }));
      expect(await pageDifference(await renderPage(bytes, page), frame)).toBeLessThan(12);
    }
    // Frames differ from each other, so matching each page to its own frame means something.
    const first = await pixels(sharp(join(REAL, 'img-animated.webp'), { page: 0 }));
    expect(await pageDifference(await renderPage(bytes, 4), first)).toBeGreaterThan(20);
  });

  it('animated webp -> png keeps the first frame and the job says so', async () => {
    const { job, bytes } = await converted('img-animated.webp', 'png');
    expect((job as JobBody & { note?: string }).note).toBe(
      'This image is animated (6 frames); the result holds the first frame only.',
    );
    const frame = await pixels(sharp(join(REAL, 'img-animated.webp'), { page: 0 }));
    expect(meanDifference(await pixels(bytes), frame)).toBeLessThan(2);
  });

  it('an animated png (APNG) -> pdf converts its first frame and says so', async () => {
    const { job, bytes } = await converted('img-animated-ball.apng.png', 'pdf');
    expect((job as JobBody & { note?: string }).note).toBe(
      'This image is animated (20 frames); the result holds the first frame only.',
    );
    expect(await pageSizes(bytes)).toEqual([{ width: 100, height: 100 }]);
    const frame = await pixels(sharp(join(REAL, 'img-animated-ball.apng.png')));
    expect(await pageDifference(await renderPage(bytes), frame)).toBeLessThan(12);
  });
});

describe('colour spaces and depths -> pdf', () => {
  it.each([
    ['img-cmyk.jpg', 100, 100],
    ['img-16bit-gray-interlaced.png', 32, 32],
    ['img-palette.png', 290, 442],
    ['img-gray.webp', 100, 100],
  ])('%s renders as sharp shows it', async (name, width, height) => {
    const { bytes } = await converted(name, 'pdf');
    const page = await renderPage(bytes);
    expect([page.width, page.height]).toEqual([width, height]);
    expect(await pageDifference(page, await pixels(sharp(join(REAL, name))))).toBeLessThan(12);
    // A blank page would not pass for the picture.
    const blank = await pixels(
      sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).png(),
    );
    expect(await pageDifference(blank, await pixels(sharp(join(REAL, name))))).toBeGreaterThan(20);
  });
});
