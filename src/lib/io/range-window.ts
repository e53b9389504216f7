import type { ByteSource } from '../capture/records';
import { concatBytes } from './bytes';

const EMPTY = new Uint8Array(0);

/**
 * Random access to a byte range of a source, for formats that must seek (NetMon's frame
 * table points at records anywhere in the file). Holds one window of at least `chunkSize`
 * bytes and keeps the read of the following window in flight, so reading overlaps parsing
 * when access is mostly forward, as it is in NetMon files.
 */
export class RangeWindow {
  bytes: Uint8Array = EMPTY;
  /** Source offset of bytes[0]. */
  base = 0;
  /** Bytes fetched from the source so far (progress). */
  fetched = 0;
  private ahead: { offset: number; promise: Promise<Uint8Array> } | null = null;

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
   * Makes [offset, offset + length) available, keeping any part already held. Stops early if
   * the source returns nothing (it is shorter than its declared size); callers check `has`.
   */
  async ensure(offset: number, length: number): Promise<void> {
    if (this.has(offset, length)) return;
    const held = offset >= this.base && offset < this.base + this.bytes.length;
    let kept = held ? this.bytes.subarray(offset - this.base) : EMPTY;
    let next = offset + kept.length;
    const wanted = Math.min(offset + length, this.end);
    while (next < wanted) {
      const chunk = await this.take(next, Math.min(Math.max(this.chunkSize, wanted - next), this.end - next));
      if (chunk.length === 0) break;
      this.fetched += chunk.length;
      kept = kept.length === 0 ? chunk : concatBytes(kept, chunk);
      next += chunk.length;
    }
    this.bytes = kept;
    this.base = offset;
    this.prefetch(next);
  }

  private take(offset: number, length: number): Promise<Uint8Array> {
    const ahead = this.ahead;
    this.ahead = null;
    if (ahead && ahead.offset === offset) return ahead.promise;
    return this.source.read(offset, length);
  }

  private prefetch(offset: number): void {
    if (offset >= this.end) return;
    const promise = this.source.read(offset, Math.min(this.chunkSize, this.end - offset));
    // A prefetch nobody takes must not become an unhandled rejection; a taken one rethrows to its taker.
    promise.catch(() => undefined);
    this.ahead = { offset, promise };
  }
}
