// Large test inputs made quickly and without holding them in memory: one random 1 MiB block,
// written again and again with each copy stamped with its index, so no two MiB are equal
// (nothing along the way can dedupe or compress the file into a shortcut).
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';

const MiB = 1024 * 1024;

export async function writeDataFile(path: string, bytes: number, seed = randomBytes(8)): Promise<void> {
  const block = randomBytes(MiB);
  seed.copy(block, 8);
  const handle = await open(path, 'w');
  try {
    let written = 0;
    let index = 0;
    while (written < bytes) {
      const size = Math.min(MiB, bytes - written);
      if (size >= 4) block.writeUInt32LE(index, 0);
      await handle.write(block, 0, size, written);
      written += size;
      index += 1;
    }
  } finally {
    await handle.close();
  }
}

export function mib(n: number): number {
  return n * MiB;
}
