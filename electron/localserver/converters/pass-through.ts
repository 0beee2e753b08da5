// Bench-only 'bin' -> 'dat': a plain byte copy, so transfer benchmarks measure the wire and not
// a converter. Registered only with benchPassThrough.
import { copyFile } from 'node:fs/promises';
import type { Converter } from './converter.ts';

export const binToDat: Converter = {
  from: 'bin',
  to: 'dat',
  inProcess: true,
  async run(ctx) {
    await copyFile(ctx.input, ctx.output);
  },
};
