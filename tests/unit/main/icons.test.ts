// The committed icons (made by resources/generate-icons.ts) have the sizes each platform needs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

const resources = join(import.meta.dirname, '..', '..', '..', 'resources');

async function pngSize(file: string): Promise<[number, number]> {
  const meta = await sharp(join(resources, file)).metadata();
  expect(meta.format).toBe('png');
  return [meta.width ?? 0, meta.height ?? 0];
}

/** Sizes listed in an ICO file's directory (0 means 256). */
function icoSizes(file: string): number[] {
  const data = readFileSync(join(resources, file));
  expect(data.readUInt16LE(0)).toBe(0);
  expect(data.readUInt16LE(2)).toBe(1); // type 1 = icon
  const count = data.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => data[6 + index * 16] || 256).sort((a, b) => a - b);
}

describe('icons', () => {
  it('has a 1024 px app icon and the Linux size set', async () => {
    expect(await pngSize('icon.png')).toEqual([1024, 1024]);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(await pngSize(`icons/${size}x${size}.png`)).toEqual([size, size]);
    }
  });

  it('has Windows .ico files with the small and large sizes', () => {
    expect(icoSizes('icon.ico')).toEqual([16, 24, 32, 48, 64, 128, 256]);
    expect(icoSizes('tray/tray.ico')).toEqual([16, 20, 24, 32, 40, 48]);
  });

  it('has black-only macOS tray Template images at 1x and 2x', async () => {
    expect(await pngSize('tray/trayTemplate.png')).toEqual([16, 16]);
    expect(await pngSize('tray/trayTemplate@2x.png')).toEqual([32, 32]);
    const { data, info } = await sharp(join(resources, 'tray/trayTemplate@2x.png'))
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    let drawn = 0;
    for (let offset = 0; offset < data.length; offset += info.channels) {
      if (data[offset + 3]! === 0) continue;
      drawn += 1;
      // macOS tints Template images: only the alpha channel may carry the drawing.
      expect([data[offset], data[offset + 1], data[offset + 2]]).toEqual([0, 0, 0]);
    }
    expect(drawn).toBeGreaterThan(50);
  });
});
