// Writes a download into its temp file as it arrives. undici's chunks (at most one socket
// read each) are copied into one of two blocks (1 MiB, or the file's size if smaller): a full
// block goes to disk while the other fills, one write at a time, in order. Large writes keep
// the thread pool busy with few calls, and the chunks themselves are free to be collected the
// moment they are copied (none waits in a queue for the disk), so memory stays flat however
// large the file.
// Every SYNC_EVERY bytes it starts a datasync without waiting for it: the file must be on disk
// before it is renamed, and one fsync of a whole big file at the end took over a second per
// 512 MiB here, all of it after the last byte had arrived. Synced as it goes, the flushing
// overlaps the download and the final fsync has only the tail left.
import type { FileHandle } from 'node:fs/promises';

/** The most bytes one chunk of undici's carries (one socket read). A larger one still fits:
 *  it spills, in order. */
export const READ_BUFFER = 64 * 1024;

/** One block: large writes for the thread pool, small enough to be two of them per download. */
export const BLOCK = 1024 * 1024;

/** Written bytes after which a sync starts in the background, while the download goes on. */
const SYNC_EVERY = 32 * 1024 * 1024;

export class BlockWriter {
  /** Allocated when first filled, no larger than the file: a 2 KiB result takes 2 KiB, not
   *  two 1 MiB blocks (a thousand small files made 2 GiB of buffers to collect, otherwise). */
  private readonly blocks: (Buffer | undefined)[] = [undefined, undefined];
  private readonly size: number;
  /** The block being filled, and how full it is; the other may be on its way to disk. */
  private filling = 0;
  private fill = 0;
  private writing: Promise<void> | undefined;
  /** Bytes that found no room: only if a sender went on after take() said stop. */
  private spill: Buffer[] = [];
  private written = 0;
  private syncedUpTo = 0;
  private syncing: Promise<void> | undefined;
  private failure: unknown;
  private stopped = false;
  private readonly handle: FileHandle;
  private readonly onWritten: (bytes: number) => void;
  /** Called when a sender told to stop may go on, or the writer has failed (see failed()). */
  onDrain: (() => void) | undefined;

  /** `expectedBytes`: the announced length, if any (bytes beyond it are never handed in). */
  constructor(handle: FileHandle, onWritten: (bytes: number) => void, expectedBytes?: number) {
    this.handle = handle;
    this.onWritten = onWritten;
    this.size = expectedBytes !== undefined && expectedBytes > 0 ? Math.min(BLOCK, expectedBytes) : BLOCK;
  }

  /** The writer's own failure (a write or a background sync), if it had one. */
  failed(): unknown {
    return this.failure;
  }

  /** Copies `bytes` in. False: hold the next bytes until onDrain (a further read might not fit
   *  while a block is on its way to disk). */
  take(bytes: Uint8Array): boolean {
    this.copyIn(bytes);
    this.stopped = !this.hasRoom() || this.failure !== undefined;
    return !this.stopped;
  }

  /** Writes what is left and waits for every write and sync; throws the writer's failure. */
  async finish(): Promise<void> {
    for (;;) {
      await this.writing;
      if (this.failure !== undefined) throw this.failure;
      if (this.fill === 0 && this.spill.length === 0) break;
      if (!this.writing) this.startWrite();
    }
    await this.syncing;
    if (this.failure !== undefined) throw this.failure;
  }

  /** Resolves once no write or sync is running (so the file can be closed), whatever happened. */
  async settled(): Promise<void> {
    while (this.writing || this.syncing) await Promise.all([this.writing, this.syncing]);
  }

  /** Another read's worth fits without spilling. */
  private hasRoom(): boolean {
    return this.spill.length === 0 && (this.size - this.fill >= READ_BUFFER || !this.writing);
  }

  /** Spilled bytes stay in order: while any wait, the filling block is full and written after
   *  the one on its way, so later bytes spill behind them. */
  private copyIn(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      if (this.fill === this.size) {
        if (this.writing) {
          this.spill.push(Buffer.from(bytes.subarray(at)));
          return;
        }
        this.startWrite();
      }
      const count = Math.min(this.size - this.fill, bytes.length - at);
      const block = this.blocks[this.filling] ?? Buffer.allocUnsafe(this.size);
      this.blocks[this.filling] = block;
      block.set(bytes.subarray(at, at + count), this.fill);
      this.fill += count;
      at += count;
    }
    if (this.fill === this.size && !this.writing) this.startWrite();
  }

  private startWrite(): void {
    const block = this.blocks[this.filling] ?? Buffer.alloc(0);
    const length = this.fill;
    this.filling ^= 1;
    this.fill = 0;
    this.writing = this.writeOut(block, length).then(
      () => {
        this.writing = undefined;
        this.afterWrite();
      },
      (error: unknown) => {
        this.writing = undefined;
        this.failure ??= error;
        this.onDrain?.();
      },
    );
  }

  private async writeOut(block: Buffer, length: number): Promise<void> {
    let offset = 0;
    while (offset < length) {
      const { bytesWritten } = await this.handle.write(block, offset, length - offset, this.written);
      if (bytesWritten === 0) throw Object.assign(new Error('nothing written'), { code: 'EIO' });
      offset += bytesWritten;
      this.written += bytesWritten;
    }
    if (!this.syncing && this.written - this.syncedUpTo >= SYNC_EVERY) this.startSync();
    this.onWritten(this.written);
  }

  private startSync(): void {
    this.syncedUpTo = this.written;
    this.syncing = this.handle.datasync().then(
      () => {
        this.syncing = undefined;
      },
      (error: unknown) => {
        this.syncing = undefined;
        this.failure ??= error;
      },
    );
  }

  private afterWrite(): void {
    const spilled = this.spill;
    this.spill = [];
    for (const bytes of spilled) this.copyIn(bytes);
    if (this.fill === this.size && !this.writing) this.startWrite();
    if (this.stopped && (this.failure !== undefined || this.hasRoom())) {
      this.stopped = false;
      this.onDrain?.();
    }
  }
}
