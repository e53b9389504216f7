import type { ByteSource } from '../capture/records';

const EMPTY = new Uint8Array(0);
/**
 * Bytes read at a seek (an offset outside what is held and not where the read ahead starts).
 * A whole chunk per seek made a frame table that alternates between two regions of a 100 MB
 * file take 47 s; a short read costs little when access then proves sequential.
 */
const SEEK_BYTES = 16 * 1024;
/** Chunk buffers reused when the source can fill them: the held chunk, the read ahead, and one for a seek. */
const REUSED_BUFFERS = 3;

/** A reusable chunk buffer; `reading` until the read into it settles (a discarded read ahead may still be writing). */
interface Slot {
  buffer: Uint8Array;
  reading: boolean;
}

/**
 * Random access to a byte range of a source, for formats that must seek (NetMon's frame
 * table points at records anywhere in the file). Holds the last chunk read and, while access
 * goes forward, keeps the read of the following chunk in flight so reading overlaps parsing.
 *
 * A range that straddles the end of the held chunk is served from a small reused "bridge":
 * its bytes from the held chunk and the head of the next chunk copied together, while the
 * next chunk becomes the held one. Copying the whole next chunk behind the tail instead
 * measured as a large share of reading time, and allocated a chunk-sized array per chunk.
 * When the source has `readInto`, chunks are read into a few reused buffers rather than new
 * arrays (fresh ones cost as much CPU as the reads, and garbage between collections).
 */
export class RangeWindow {
  /** What callers read: the held chunk, or a bridge into it. */
  bytes: Uint8Array = EMPTY;
  /** Source offset of bytes[0]. */
  base = 0;
  /** Bytes fetched from the source so far (progress). */
  fetched = 0;
  /** The last chunk read from the source and its offset; a bridge ends inside it. */
  private chunk: Uint8Array = EMPTY;
  private chunkBase = 0;
  /** Reused bridge storage: data handed out from it is valid only until the next `ensure`. */
  private scratch: Uint8Array = EMPTY;
  private ahead: { offset: number; length: number; promise: Promise<Uint8Array> } | null = null;
  private readonly slots: Slot[] = [];

  /** Reads stay below `end` (the end of the range this window serves). */
  constructor(
    private readonly source: ByteSource,
    private readonly chunkSize: number,
    private readonly end: number,
  ) {}

  has(offset: number, length: number): boolean {
    return offset >= this.base && offset + length <= this.base + this.bytes.length;
  }

  /**
   * Makes [offset, offset + length) available. Stops early if the source returns less (it is
   * shorter than its declared size); callers check `has`.
   */
  async ensure(offset: number, length: number): Promise<void> {
    if (this.has(offset, length)) return;
    const chunkBase = this.chunkBase;
    const chunkEnd = chunkBase + this.chunk.length;
    const rangeEnd = offset + length;
    // Held bytes run contiguously from `base` (the bridge, when there is one) to the chunk's end.
    if (offset >= this.base && offset < chunkEnd) {
      if (rangeEnd <= chunkEnd) {
        if (offset >= chunkBase) this.show(this.chunk, chunkBase);
        else this.bridge(offset, chunkBase - offset, this.chunk, rangeEnd - chunkBase);
        return;
      }
      if (offset >= chunkBase && chunkEnd < this.end) {
        const size = this.onwardSize();
        const next = await this.fetch(chunkEnd, Math.min(Math.max(size, length), this.end - chunkEnd));
        const tail = chunkEnd - offset;
        if (tail + next.length >= length) {
          this.bridge(offset, tail, next, length - tail);
          this.chunkBase = chunkEnd;
          if (size === this.chunkSize) this.prefetch(chunkEnd + next.length);
          return;
        }
      }
    }
    // Right after the held chunk (access goes on in order), a seek, or a range longer than what
    // is held plus one chunk: read it directly.
    const onward = offset === chunkEnd && chunkEnd > chunkBase;
    const size = onward ? this.onwardSize() : Math.min(this.chunkSize, SEEK_BYTES);
    const chunk = await this.fetch(offset, Math.min(Math.max(size, length), this.end - offset));
    this.chunkBase = offset;
    this.show(chunk, offset);
    if (onward && size === this.chunkSize) this.prefetch(offset + chunk.length);
  }

  /**
   * Size of the read that goes on after the held chunk: reads double from a seek's short one up
   * to a chunk, and only whole-chunk reads have the next one read ahead, so scattered access
   * reads little and forward access soon reads in chunks with reading and parsing overlapped.
   */
  private onwardSize(): number {
    return Math.min(this.chunkSize, Math.max(2 * this.chunk.length, SEEK_BYTES));
  }

  /** True when `offset` lies in the held bytes or right after them, where reading on needs no seek. */
  reaches(offset: number): boolean {
    return offset >= this.base && offset <= this.chunkBase + this.chunk.length;
  }

  private show(chunk: Uint8Array, base: number): void {
    this.chunk = chunk;
    this.bytes = chunk;
    this.base = base;
  }

  /**
   * Makes `bytes` = the held bytes [offset, offset + tail) then next[0, extra), in the scratch
   * buffer, and `next` the held chunk. The tail comes from the chunk or from the current bridge.
   */
  private bridge(offset: number, tail: number, next: Uint8Array, extra: number): void {
    const fromBridge = offset < this.chunkBase;
    const from = fromBridge ? this.bytes : this.chunk;
    const start = offset - (fromBridge ? this.base : this.chunkBase);
    let scratch = this.scratch;
    if (scratch.length < tail + extra) {
      scratch = new Uint8Array(Math.max(tail + extra, scratch.length * 2));
      scratch.set(from.subarray(start, start + tail));
      this.scratch = scratch;
    } else if (fromBridge) {
      // `bytes` is a view of the scratch at offset 0.
      scratch.copyWithin(0, start, start + tail);
    } else {
      scratch.set(from.subarray(start, start + tail));
    }
    scratch.set(next.subarray(0, extra), tail);
    this.bytes = scratch.subarray(0, tail + extra);
    this.base = offset;
    this.chunk = next;
  }

  private async fetch(offset: number, length: number): Promise<Uint8Array> {
    const ahead = this.ahead;
    this.ahead = null;
    // The read ahead asked for one chunk; a longer range is read whole instead.
    const useAhead = ahead !== null && ahead.offset === offset && ahead.length >= length;
    const chunk = await (useAhead ? ahead.promise : this.read(offset, length));
    this.fetched += chunk.length;
    return chunk;
  }

  private prefetch(offset: number): void {
    if (offset >= this.end) return;
    const length = Math.min(this.chunkSize, this.end - offset);
    const promise = this.read(offset, length);
    // A prefetch nobody takes must not become an unhandled rejection; a taken one rethrows to its taker.
    promise.catch(() => undefined);
    this.ahead = { offset, length, promise };
  }

  private read(offset: number, length: number): Promise<Uint8Array> {
    const readInto = this.source.readInto;
    const slot = readInto && length <= this.chunkSize ? this.freeSlot() : null;
    if (readInto === undefined || slot === null) return this.source.read(offset, length);
    slot.reading = true;
    const settled = (count: number): Uint8Array => {
      slot.reading = false;
      return slot.buffer.subarray(0, count);
    };
    return readInto.call(this.source, offset, slot.buffer.subarray(0, length)).then(settled, (error: unknown) => {
      slot.reading = false;
      throw error;
    });
  }

  /** A buffer neither held (what `bytes` and handed-out data may view) nor being read into; null when all are in use. */
  private freeSlot(): Slot | null {
    for (const slot of this.slots) {
      if (!slot.reading && slot.buffer.buffer !== this.chunk.buffer) return slot;
    }
    if (this.slots.length === REUSED_BUFFERS) return null;
    const slot = { buffer: new Uint8Array(Math.min(this.chunkSize, this.end)), reading: false };
    this.slots.push(slot);
    return slot;
  }
}
