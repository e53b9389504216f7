import { concatBytes } from './bytes';

const EMPTY = new Uint8Array(0);

/**
 * The bytes of a file that a sequential parser can see right now: the unread tail of the
 * previous chunk followed by the newest chunk. Parsers read at `position` and advance it;
 * a record that straddles two chunks stays unread until `append` brings the rest, and only
 * that tail is copied (never the whole file).
 */
export class ByteWindow {
  bytes: Uint8Array = EMPTY;
  /** Read position inside `bytes`. */
  position = 0;
  /** File offset of `bytes[0]`. */
  base = 0;
  /** Set once the source has no more chunks: a parser that still lacks bytes has hit the end of the file. */
  final = false;

  get remaining(): number {
    return this.bytes.length - this.position;
  }

  /** File offset of the read position, for error messages and FrameRecord.offset. */
  get fileOffset(): number {
    return this.base + this.position;
  }

  append(chunk: Uint8Array): void {
    const tail = this.bytes.length - this.position;
    this.base += this.position;
    this.bytes = tail === 0 ? chunk : concatBytes(this.bytes.subarray(this.position), chunk);
    this.position = 0;
  }
}
