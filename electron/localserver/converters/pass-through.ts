// Bench-only 'bin' -> 'dat': a plain byte copy, so transfer benchmarks measure the wire and not
// a converter. Registered only with benchPassThrough, and run in-process (table.ts).
import { copyFile } from 'node:fs/promises';
import type { Converter } from './converter.ts';

export const binToDat: Converter = {
  from: 'bin',
  to: 'dat',
  async run(ctx) {
    await copyFile(ctx.input, ctx.output);
  },
};
