const EMPTY = new Uint8Array(0);
/**
 * Bytes of a new chunk first copied behind a straddling tail. Enough for the rest of most
 * records (an Ethernet frame with its header); a longer record doubles the bridge until it fits.
 */
const FIRST_BRIDGE_BYTES = 2048;

/**
 * The bytes of a file that a sequential parser can see right now. Parsers read at `position`
 * and advance it; when they lack bytes they return, and the reader calls `advance()` and then,
 * if that finds nothing, appends the next chunk.
 *
 * A record that straddles two chunks must be contiguous, but copying the whole new chunk behind
 * the old tail (as a plain concatenation would) copies the file once more and allocates a
 * chunk-sized array per chunk, which measured as the largest cost of reading. Instead the tail
 * and the head of the new chunk are copied into a small reused "bridge" buffer; once the parser
 * has read past the tail, `advance()` moves it onto the new chunk itself, so only the straddling
 * record's bytes are copied.
 */
export class ByteWindow {
  /** What the parser reads: a chunk as received, or the bridge. */
  bytes: Uint8Array = EMPTY;
  /** Read position inside `bytes`. */
  position = 0;
  /** File offset of `bytes[0]`. */
  base = 0;
  /** The chunk whose head is copied into the bridge behind the carried tail; null when `bytes` is a chunk. */
  private waiting: Uint8Array | null = null;
  /** Length of the carried tail at the start of the bridge (bytes before the waiting chunk). */
  private carried = 0;
  /** Reused bridge storage: record data handed out from it is valid only until the next `append`. */
  private scratch: Uint8Array = EMPTY;
  private ended = false;

  /** True once the source has no more chunks and every byte received is visible: a parser that still lacks bytes has hit the end of the file. */
  get final(): boolean {
    return this.ended && this.waiting === null;
  }

  get remaining(): number {
    return this.bytes.length - this.position;
  }

  /** File offset of the read position, for error messages and FrameRecord.offset. */
  get fileOffset(): number {
    return this.base + this.position;
  }

  /** File offset just past the last byte received. */
  get end(): number {
    return this.waiting === null ? this.base + this.bytes.length : this.base + this.carried + this.waiting.length;
  }

  /** The source has no more chunks. */
  finish(): void {
    this.ended = true;
  }

  append(chunk: Uint8Array): void {
    // Readers advance until nothing is waiting before they append; if one did not, keep every byte anyway.
    if (this.waiting !== null) {
      if (this.position >= this.carried) this.enterWaiting();
      else this.joinWaiting();
    }
    const start = this.position;
    const tail = this.bytes.length - start;
    this.base += start;
    this.position = 0;
    if (tail === 0) {
      this.bytes = chunk;
    } else if (start === 0 && this.bytes.buffer === this.scratch.buffer) {
      // Still gathering a record longer than a chunk (nothing parsed since the last join): add the whole chunk.
      this.join(0, tail, chunk);
    } else {
      this.bridge(start, tail, chunk, Math.min(chunk.length, FIRST_BRIDGE_BYTES));
    }
  }

  /**
   * Called when the parser returned for want of bytes. Moves onto the waiting chunk once the
   * parser has read past the carried tail; otherwise the straddling record is longer than the
   * bridge, which is doubled (or, past the whole chunk, joined with it). False when there is
   * nothing more to show without a new chunk.
   */
  advance(): boolean {
    const waiting = this.waiting;
    if (waiting === null) return false;
    if (this.position >= this.carried) {
      this.enterWaiting();
      return true;
    }
    const bridged = this.bytes.length - this.carried;
    if (bridged < waiting.length) {
      const start = this.position;
      this.base += start;
      this.position = 0;
      this.bridge(start, this.carried - start, waiting, Math.min(waiting.length, bridged * 2));
    } else {
      this.joinWaiting();
    }
    return true;
  }

  /** The parser has read past the carried tail: continue in the waiting chunk itself. */
  private enterWaiting(): void {
    this.bytes = this.waiting as Uint8Array;
    this.base += this.carried;
    this.position -= this.carried;
    this.waiting = null;
  }

  /** A record longer than the rest of the waiting chunk: hold its start and the whole chunk, then wait for more. */
  private joinWaiting(): void {
    const start = this.position;
    this.base += start;
    this.position = 0;
    this.join(start, this.carried - start, this.waiting as Uint8Array);
  }

  /** Makes `bytes` = current bytes[start, start + tail) then next[0, extra), in the scratch buffer; `next` waits. */
  private bridge(start: number, tail: number, next: Uint8Array, extra: number): void {
    const scratch = this.carry(start, tail, tail + extra);
    scratch.set(next.subarray(0, extra), tail);
    this.bytes = scratch.subarray(0, tail + extra);
    this.carried = tail;
    this.waiting = next;
  }

  /** Makes `bytes` = current bytes[start, start + tail) then all of `next`, in the scratch buffer. */
  private join(start: number, tail: number, next: Uint8Array): void {
    const scratch = this.carry(start, tail, tail + next.length);
    scratch.set(next, tail);
    this.bytes = scratch.subarray(0, tail + next.length);
    this.waiting = null;
  }

  /**
   * Moves current bytes[start, start + tail) to the front of the scratch buffer, growing it to
   * at least `capacity` by doubling, so gathering a long record chunk by chunk stays linear.
   */
  private carry(start: number, tail: number, capacity: number): Uint8Array {
    const from = this.bytes;
    let scratch = this.scratch;
    if (scratch.length < capacity) {
      scratch = new Uint8Array(Math.max(capacity, scratch.length * 2));
      scratch.set(from.subarray(start, start + tail));
      this.scratch = scratch;
    } else if (from.buffer !== scratch.buffer) {
      scratch.set(from.subarray(start, start + tail));
    } else if (start > 0) {
      // `bytes` is already a view of the scratch from offset 0.
      scratch.copyWithin(0, start, start + tail);
    }
    return scratch;
  }
}
