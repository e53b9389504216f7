import { ByteWindow } from '../../io/byte-window';
import type { ChunkPuller } from '../../io/chunk-source';
import { CaptureError, CaptureErrorCode, type CaptureFault, type FileInfo, type FrameRecord, type RecordReader } from '../records';

/**
 * A format whose records follow one another (pcap, pcapng). `next` parses at
 * `window.position`: it returns the next record, or null when the window holds no complete
 * record (the caller then advances the window or appends a chunk, or, when `window.final`
 * is set, the file ended cleanly). Damage is thrown as a CaptureError; a record cut by the end of the file is
 * thrown as ShortRead at that record's offset.
 */
export interface SequentialParser {
  readonly info: FileInfo;
  readonly skipped: Record<string, number>;
  next(window: ByteWindow): FrameRecord | null;
}

/** What every RecordReader shares: the fault slot and the "done" latch. */
export abstract class BaseRecordReader implements RecordReader {
  abstract readonly info: FileInfo;
  abstract readonly skipped: Record<string, number>;
  abstract readonly bytesRead: number;
  fault: CaptureFault | null = null;
  protected done = false;

  abstract next(): FrameRecord | null;
  abstract load(): Promise<boolean>;

  /**
   * Ends this file. A CaptureError becomes its fault. Other errors become a fault only when they
   * come from reading (`fromSource`: a corrupt gzip stream, a failed Blob read); from parsing
   * they are bugs and propagate.
   */
  protected stop(error: unknown, offset: number, fromSource: boolean): void {
    this.done = true;
    if (error instanceof CaptureError) {
      this.fault = error.toFault();
      return;
    }
    if (!fromSource || !(error instanceof Error)) throw error;
    this.fault = {
      code: CaptureErrorCode.BadFile,
      file: this.info.name,
      format: this.info.format,
      offset,
      // For gzip input the offset counts inflated bytes, so say so.
      reason: this.info.compressed
        ? `gzip data could not be inflated after ${offset} bytes of output: ${error.message}`
        : `reading stopped: ${error.message}`,
    };
  }
}

export function checkCancelled(signal: AbortSignal | undefined, file: string, offset: number): void {
  if (signal?.aborted) {
    throw new CaptureError({ code: CaptureErrorCode.Cancelled, file, offset, reason: 'cancelled by the user' });
  }
}

/** Drives a SequentialParser with chunks from a ChunkPuller. */
export class SequentialRecordReader extends BaseRecordReader {
  private readonly window = new ByteWindow();

  constructor(
    private readonly parser: SequentialParser,
    private readonly chunks: ChunkPuller,
    private readonly signal?: AbortSignal,
  ) {
    super();
  }

  get info(): FileInfo {
    return this.parser.info;
  }

  get skipped(): Record<string, number> {
    return this.parser.skipped;
  }

  get bytesRead(): number {
    return this.chunks.bytesConsumed;
  }

  next(): FrameRecord | null {
    if (this.done) return null;
    const window = this.window;
    try {
      for (;;) {
        const record = this.parser.next(window);
        if (record !== null) return record;
        // The parser lacks bytes: a bridged chunk boundary may still hold them.
        if (!window.advance()) break;
      }
      if (window.final) this.done = true;
      return null;
    } catch (error) {
      this.stop(error, this.window.fileOffset, false);
      return null;
    }
  }

  async load(): Promise<boolean> {
    if (this.done) return false;
    checkCancelled(this.signal, this.info.name, this.window.fileOffset);
    try {
      const chunk = await this.chunks.pull();
      if (chunk === null) this.window.finish();
      else this.window.append(chunk);
    } catch (error) {
      this.stop(error, this.window.end, true);
      this.chunks.cancel();
      return false;
    }
    return true;
  }
}
