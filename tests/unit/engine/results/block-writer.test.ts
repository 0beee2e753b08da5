// The download's writer (block-writer.ts) on real files: bytes handed over in views of ONE
// buffer that is overwritten after every call, as the socket's read buffer is, must land
// byte-exact and in order, whether or not the sender waits when told to.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BLOCK, BlockWriter, READ_BUFFER } from '../../../../electron/engine/results/block-writer.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifc-blocks-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Hands `payload` to `take` in views of one reused buffer, of varying sizes up to a read. */
async function send(payload: Buffer, take: (view: Uint8Array) => boolean, wait: () => Promise<void>) {
  const reused = Buffer.alloc(READ_BUFFER);
  let stops = 0;
  for (let at = 0, step = 0; at < payload.length; step += 1) {
    const size = Math.min(
      payload.length - at,
      step % 3 === 0 ? READ_BUFFER : 1 + ((step * 7919) % READ_BUFFER),
    );
    payload.copy(reused, 0, at, at + size);
    at += size;
    const more = take(reused.subarray(0, size));
    reused.fill(0xee); // what the next socket read would do to these bytes
    if (!more) {
      stops += 1;
      await wait();
    }
  }
  return stops;
}

describe('the download block writer', () => {
  it('writes views of a reused buffer byte-exact, stopping the sender while both blocks are busy', async () => {
    const payload = randomBytes(5 * BLOCK + 123);
    const path = join(dir, 'out.part');
    const handle = await open(path, 'w');
    const progress: number[] = [];
    const writer = new BlockWriter(handle, (written) => progress.push(written));
    let drained: (() => void) | undefined;
    writer.onDrain = () => drained?.();
    const stops = await send(
      payload,
      (view) => writer.take(view),
      () => new Promise<void>((resolve) => (drained = resolve)),
    );
    await writer.finish();
    await handle.close();
    expect(sha256(await readFile(path))).toBe(sha256(payload));
    expect(stops).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(payload.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('keeps the order when a sender goes on after being told to stop', async () => {
    const payload = randomBytes(4 * BLOCK + 999);
    const path = join(dir, 'out.part');
    const handle = await open(path, 'w');
    const writer = new BlockWriter(handle, () => undefined);
    const stops = await send(
      payload,
      (view) => writer.take(view),
      async () => undefined,
    );
    await writer.finish();
    await handle.close();
    expect(stops).toBeGreaterThan(0);
    expect(sha256(await readFile(path))).toBe(sha256(payload));
  });

  it('reports a failed write, wakes a waiting sender, and refuses to finish', async () => {
    const path = join(dir, 'read-only');
    await writeFile(path, '');
    const handle = await open(path, 'r');
    const writer = new BlockWriter(handle, () => undefined);
    let woken = 0;
    writer.onDrain = () => {
      woken += 1;
    };
    const chunk = Buffer.alloc(READ_BUFFER, 1);
    for (let sent = 0; sent <= BLOCK; sent += chunk.length) writer.take(chunk);
    await writer.settled();
    expect((writer.failed() as NodeJS.ErrnoException).code).toBe('EBADF');
    expect(woken).toBe(1);
    expect(writer.take(chunk)).toBe(false);
    await expect(writer.finish()).rejects.toMatchObject({ code: 'EBADF' });
    await handle.close();
  });
});
