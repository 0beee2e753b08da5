// Cuts a TrueType font down to the characters a document uses, with HarfBuzz's own subsetter
// (hb-subset, the harfbuzzjs package's harfbuzz-subset.wasm). fontkit's subsetter, which
// pdf-lib uses for `subset: true`, damages Noto's glyph outlines (poppler drew "Hello world" as
// "He  w r"); hb-subset keeps every outline and the GSUB/GPOS closure, so shaping still works
// on the subset. The wasm module imports nothing, so it is driven through its C exports here
// rather than through a wrapper package that would also pull in WOFF converters.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

// The Node types here carry no WebAssembly declarations; this is the part used.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }>;
};

interface HbSubset {
  memory: { buffer: ArrayBuffer };
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const WASM_PATH = createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm');
const HB_MEMORY_MODE_READONLY = 2;
let instance: Promise<HbSubset> | undefined;

async function harfbuzz(): Promise<HbSubset> {
  instance ??= readFile(WASM_PATH)
    .then((bytes) => WebAssembly.instantiate(bytes))
    .then((module) => module.instance.exports as unknown as HbSubset);
  return instance;
}

/** A standalone TrueType font holding the glyphs of `codepoints` (and what shaping them needs). */
export async function subsetFont(font: Uint8Array, codepoints: Iterable<number>): Promise<Uint8Array> {
  const hb = await harfbuzz();
  const source = hb.malloc(font.byteLength);
  new Uint8Array(hb.memory.buffer).set(font, source);
  const blob = hb.hb_blob_create(source, font.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  const input = hb.hb_subset_input_create_or_fail();
  try {
    if (!input) throw new Error('hb-subset could not allocate its input');
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const codepoint of codepoints) hb.hb_set_add(unicodes, codepoint);
    const subset = hb.hb_subset_or_fail(face, input);
    if (!subset) throw new Error('hb-subset could not subset the font');
    const result = hb.hb_face_reference_blob(subset);
    const data = hb.hb_blob_get_data(result, 0);
    const length = hb.hb_blob_get_length(result);
    // Copied out before the blob is freed: the wasm memory is reused by the next call.
    const bytes = new Uint8Array(hb.memory.buffer, data, length).slice();
    hb.hb_blob_destroy(result);
    hb.hb_face_destroy(subset);
    return bytes;
  } finally {
    if (input) hb.hb_subset_input_destroy(input);
    hb.hb_face_destroy(face);
    hb.free(source);
  }
}
