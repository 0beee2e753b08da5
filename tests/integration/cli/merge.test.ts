// The real `ifc merge` against the real local server: three mixed parts joined in order into
// one PDF that another library (pdfjs) reads back with its bookmarks, pages and sizes; a part
// that fails leaves nothing behind; a short balance uploads nothing.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { messageFor } from '../../../shared/messages.ts';
import { FIXTURES, makeWorld, type World } from '../engine/support.ts';
import { runIfc } from './support.ts';

let world: World;
afterEach(async () => {
  await world?.close();
});

/** The child's temp folder is the world's, so a test can see that nothing is left in it. */
async function envFor(w: World) {
  const tmp = join(w.dir, 'tmp');
  await mkdir(tmp, { recursive: true });
  return {
    IFC_API_URL: w.server.url,
    IFC_API_KEY: w.server.key,
    IFC_STATE_DIR: w.stateDir,
    HOME: w.dir,
    XDG_CONFIG_HOME: join(w.dir, 'config'),
    TMPDIR: tmp,
  };
}

const posts = (w: World) => w.server.requests.filter((request) => request.method === 'POST').length;

async function readBack(bytes: Buffer) {
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 });
  const doc = await task.promise;
  const outline = (await doc.getOutline()) ?? [];
  const bookmarks = [];
  for (const item of outline) {
    const dest = Array.isArray(item.dest) ? item.dest : await doc.getDestination(String(item.dest));
    bookmarks.push({ title: item.title, page: await doc.getPageIndex(dest![0]) });
  }
  const pages = [];
  for (let number = 1; number <= doc.numPages; number += 1) {
    const page = await doc.getPage(number);
    const [x0, y0, x1, y1] = page.view as number[];
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join('');
    pages.push({ width: x1! - x0!, height: y1! - y0!, text });
  }
  await task.destroy();
  return { bookmarks, pages };
}

describe('ifc merge', () => {
  it('joins a text file, an image and a PDF in order, one bookmark each, page sizes kept', async () => {
    world = await makeWorld();
    const env = await envFor(world);
    const parts = ['memo.txt', 'scan.png', 'invoice.pdf'].map((name) => join(FIXTURES, name));
    const out = join(world.dir, 'all.pdf');
    const run = await runIfc(['merge', ...parts, '--out', out, '--json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const last = run.lines.at(-1) as { type: string; output: string; pages: number; parts: unknown[] };
    expect(last.type).toBe('merge');
    expect(last.output).toBe(out);
    expect(run.lines.filter((line) => line.type === 'summary')).toHaveLength(1);
    // Only the two parts that are not PDF went to the service.
    expect(posts(world)).toBe(2);

    const merged = await readBack(await readFile(out));
    expect(last.pages).toBe(merged.pages.length);
    expect(last.parts).toEqual([
      { source: parts[0], pages: 1 },
      { source: parts[1], pages: 1 },
      { source: parts[2], pages: 1 },
    ]);
    expect(merged.bookmarks).toEqual([
      { title: 'memo.txt', page: 0 },
      { title: 'scan.png', page: 1 },
      { title: 'invoice.pdf', page: 2 },
    ]);
    expect(merged.pages[0]!.text).toContain('Plain text memo.');
    expect(merged.pages[2]!.text).toContain('Northwind Office Supplies Ltd');
    // The image's page is the image at its recorded resolution; the PDF's page is its own A4.
    const image = await sharp(parts[1]).metadata();
    const scale = 72 / (image.density || 72);
    expect(merged.pages[1]!.width).toBeCloseTo(image.width! * scale, 1);
    expect(merged.pages[1]!.height).toBeCloseTo(image.height! * scale, 1);
    expect(merged.pages[2]!.width).toBeCloseTo(595.304, 1);
    expect(merged.pages[2]!.height).toBeCloseTo(841.89, 1);
    expect(await readdir(env.TMPDIR)).toEqual([]);
    expect((await readdir(world.dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a password-protected PDF part with its sentence before uploading anything', async () => {
    world = await makeWorld();
    const env = await envFor(world);
    const out = join(world.dir, 'all.pdf');
    const encrypted = join(FIXTURES, 'encrypted.pdf');
    const run = await runIfc(['merge', join(FIXTURES, 'memo.txt'), encrypted, '--out', out], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(messageFor('encrypted_input'));
    expect(run.stderr).toContain(encrypted);
    expect(posts(world)).toBe(0);
    expect((await readdir(world.dir)).sort()).toEqual(['in', 'tmp']);
    expect(await readdir(env.TMPDIR)).toEqual([]);
  });

  it("fails with the part's own sentence when the service cannot convert it, leaving nothing", async () => {
    world = await makeWorld();
    const env = await envFor(world);
    const out = join(world.dir, 'all.pdf');
    const broken = join(world.inDir, 'broken.png');
    await writeFile(broken, 'this is not a PNG image at all');
    const run = await runIfc(['merge', join(FIXTURES, 'memo.txt'), broken, '--out', out], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(messageFor('corrupt_input'));
    expect(run.stderr).toContain(broken);
    expect(posts(world)).toBe(2);
    expect((await readdir(world.dir)).sort()).toEqual(['in', 'state', 'tmp']);
    expect(await readdir(env.TMPDIR)).toEqual([]);
  });

  it('exits 4 with nothing uploaded when the estimate of every part passes the balance', async () => {
    world = await makeWorld({ tokens: 3 });
    const env = await envFor(world);
    const out = join(world.dir, 'all.pdf');
    const parts = ['memo.txt', 'scan.png'].map((name) => join(FIXTURES, name));
    const run = await runIfc(['merge', ...parts, '--out', out], env);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(messageFor('insufficient_tokens'));
    expect(posts(world)).toBe(0);
    expect((await readdir(world.dir)).sort()).toEqual(['in', 'state', 'tmp']);
    expect(await readdir(env.TMPDIR)).toEqual([]);
  });
});
