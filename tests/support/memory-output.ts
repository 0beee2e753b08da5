// An `ifc` Output (electron/cli/reporter.ts) held in memory, for running commands in-process:
// what the program wrote to stdout and stderr, as text, and whether stdout is a terminal.
import { Writable } from 'node:stream';
import type { Output } from '../../electron/cli/reporter.ts';

export interface MemoryOutput extends Output {
  out(): string;
  err(): string;
}

function sink(chunks: string[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
}

export function memoryOutput(options: { tty?: boolean; columns?: number } = {}): MemoryOutput {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = Object.assign(sink(out), options.tty ? { isTTY: true, columns: options.columns ?? 80 } : {});
  return { stdout, stderr: sink(err), out: () => out.join(''), err: () => err.join('') };
}
