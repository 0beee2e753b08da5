// The first page of an invoice's PDF as the Invoices view shows it: rendered in main with
// pdf.js onto a canvas, 900 px wide, on a white sheet. Checked the way a person would see it:
// the PNG is decoded and compared pixel by pixel with poppler's own rendering of the same page
// (pdftoppm, another renderer altogether), so a blank, transparent, cropped or wrong page
// shows. A file that is gone, broken, empty or locked with a password is refused (the desk
// turns that into one sentence), never a half-drawn picture.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { firstPagePng } from '../../../electron/app-service/source-preview.ts';
import { cleanupsAfterEach } from '../../support/cleanups.ts';
import { FIXTURES } from '../../support/fixtures.ts';

const cleanups = cleanupsAfterEach();

interface Decoded {
  width: number;
  height: number;
  data: Buffer;
}

/** Decodes a PNG to RGBA with sharp (the app's own image library). */
async function decode(png: Buffer): Promise<Decoded> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** Grey level (0 black .. 255 white) of each pixel, alpha over white. */
function greys(png: Decoded): { width: number; height: number; grey: Float64Array; alphaMin: number } {
  const grey = new Float64Array(png.width * png.height);
  let alphaMin = 255;
  for (let i = 0; i < grey.length; i += 1) {
    const [r, g, b, a] = [png.data[i * 4]!, png.data[i * 4 + 1]!, png.data[i * 4 + 2]!, png.data[i * 4 + 3]!];
    alphaMin = Math.min(alphaMin, a);
    const lum = 0.299 * r + 0.587 * g + 0.114 * b;
    grey[i] = (lum * a + 255 * (255 - a)) / 255;
  }
  return { width: png.width, height: png.height, grey, alphaMin };
}

/** Poppler's rendering of page 1 at the same width. */
async function popplerPage(pdf: string, width: number): Promise<Decoded> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-preview-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const run = spawnSync('pdftoppm', [
    '-png',
    '-f',
    '1',
    '-l',
    '1',
    '-scale-to-x',
    String(width),
    '-scale-to-y',
    '-1',
    pdf,
    join(dir, 'page'),
  ]);
  expect(run.status, String(run.stderr)).toBe(0);
  const name = spawnSync('ls', [dir]).stdout.toString().trim().split('\n')[0]!;
  return decode(await readFile(join(dir, name)));
}

describe('the first page of an invoice as a picture', () => {
  for (const fixture of ['Überweisung März 2026.pdf', 'invoice.pdf']) {
    it(`draws page 1 of "${fixture}" 900 px wide on white, as poppler draws it`, async () => {
      const png = await decode(await firstPagePng(join(FIXTURES, fixture)));
      const ours = greys(png);
      expect(ours.width).toBe(900);
      // Opaque everywhere: a transparent page would show the pane's colour through it.
      expect(ours.alphaMin).toBe(255);
      const theirs = greys(await popplerPage(join(FIXTURES, fixture), 900));
      expect(Math.abs(theirs.height - ours.height)).toBeLessThanOrEqual(1);
      const height = Math.min(theirs.height, ours.height);
      let difference = 0;
      let inkOurs = 0;
      let inkTheirs = 0;
      for (let y = 0; y < height; y += 1) {
        for (let x = 0; x < 900; x += 1) {
          const a = ours.grey[y * 900 + x]!;
          const b = theirs.grey[y * theirs.width + x]!;
          difference += Math.abs(a - b);
          if (a < 128) inkOurs += 1;
          if (b < 128) inkTheirs += 1;
        }
      }
      // There is text on the page, about as much of it as poppler draws, in the same places.
      expect(inkTheirs).toBeGreaterThan(500);
      expect(inkOurs / inkTheirs).toBeGreaterThan(0.6);
      expect(inkOurs / inkTheirs).toBeLessThan(1.6);
      expect(difference / (900 * height)).toBeLessThan(8);
    });
  }

  it('refuses a file that is gone, broken, empty or locked, instead of drawing something', async () => {
    const refusals = await Promise.all(
      ['no-such-file.pdf', 'corrupt.pdf', 'empty.pdf', 'encrypted.pdf'].map((name) =>
        firstPagePng(join(FIXTURES, name)).then(
          () => `${name}: drawn`,
          () => `${name}: refused`,
        ),
      ),
    );
    expect(refusals).toEqual([
      'no-such-file.pdf: refused',
      'corrupt.pdf: refused',
      'empty.pdf: refused',
      'encrypted.pdf: refused',
    ]);
  });
});
