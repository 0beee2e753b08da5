// Renders every icon the app and its installers use from the two SVGs in this folder:
//   node resources/generate-icons.ts
// The outputs are committed, so packaging needs no image tools. macOS tray icons are black
// "Template" images (the menu bar tints them); Windows gets .ico files holding several sizes;
// Linux gets PNGs (a folder of sizes for the desktop entry, one PNG for the tray).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pngToIco from 'png-to-ico';
import sharp from 'sharp';

const here = import.meta.dirname;

/** The SVGs' own sizes (their viewBox), in CSS pixels. */
const INTRINSIC: Record<string, number> = { 'icon.svg': 1024, 'tray-glyph.svg': 32 };

async function render(svgFile: string, size: number): Promise<Buffer> {
  const svg = await readFile(join(here, svgFile));
  // Rasterise at twice the target size, then scale down: smoother edges at 16 px.
  const density = (72 * 2 * size) / (INTRINSIC[svgFile] ?? size);
  return sharp(svg, { density }).resize(size, size).png({ compressionLevel: 9 }).toBuffer();
}

async function write(path: string, data: Buffer): Promise<void> {
  await mkdir(join(here, path, '..'), { recursive: true });
  await writeFile(join(here, path), data);
}

export const LINUX_ICON_SIZES = [16, 32, 48, 64, 128, 256, 512];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
export const TRAY_ICO_SIZES = [16, 20, 24, 32, 40, 48];

async function main(): Promise<void> {
  await write('icon.png', await render('icon.svg', 1024));
  for (const size of LINUX_ICON_SIZES)
    await write(`icons/${size}x${size}.png`, await render('icon.svg', size));
  await write(
    'icon.ico',
    await pngToIco(await Promise.all(ICO_SIZES.map((size) => render('icon.svg', size)))),
  );
  await write('tray/trayTemplate.png', await render('tray-glyph.svg', 16));
  await write('tray/trayTemplate@2x.png', await render('tray-glyph.svg', 32));
  await write('tray/tray.png', await render('icon.svg', 32));
  await write('tray/tray@2x.png', await render('icon.svg', 64));
  await write(
    'tray/tray.ico',
    await pngToIco(await Promise.all(TRAY_ICO_SIZES.map((size) => render('icon.svg', size)))),
  );
  await write('drag.png', await render('icon.svg', 64));
}

await main();
