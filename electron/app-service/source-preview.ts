// The first page of an invoice's source PDF as a PNG, for the Invoices view's detail pane
// (beside the fields read from it). Rendered in main with pdf.js (the local server's PDF
// library) onto @napi-rs/canvas (the canvas pdf.js itself loads in Node; prebuilt per platform,
// no build step; unpacked from the asar like the keychain module); the page gets a data: URL,
// which its CSP allows for images.
import { readFile } from 'node:fs/promises';

/** Width of the preview in CSS pixels (the pane is about this wide; twice for sharpness). */
const WIDTH = 900;

export async function firstPagePng(path: string): Promise<Buffer> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const data = new Uint8Array(await readFile(path));
  const task = pdfjs.getDocument({ data, verbosity: 0 });
  try {
    const doc = await task.promise;
    const page = await doc.getPage(1);
    const scale = WIDTH / page.getViewport({ scale: 1 }).width;
    const viewport = page.getViewport({ scale });
    const factory = (doc as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
    const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    // A white sheet under the page: PDFs leave the background transparent.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: context as never, viewport, canvas: canvas as never }).promise;
    return canvas.toBuffer('image/png');
  } finally {
    await task.destroy();
  }
}

interface CanvasFactory {
  create(
    width: number,
    height: number,
  ): {
    canvas: { width: number; height: number; toBuffer(type: 'image/png'): Buffer };
    context: { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void };
  };
}
