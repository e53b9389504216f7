/**
 * Opens one or more files as one trace: detects each file's format from its bytes, builds
 * a record reader for it, and merges the readers in time order (a k-way merge over each
 * reader's next record; equal times keep file order), numbering frames 1..N across the
 * whole trace. A chained Network Monitor set (name.cap, name(1).cap, ...) therefore comes
 * out in capture order whatever order the files were given in.
 */
import { DEFAULT_CHUNK_SIZE, sequentialChunks } from '../io/chunk-source';
import { DETECTION_HEAD_BYTES, detectFormat } from './formats/detect';
import { openCompressed } from './formats/gzip-reader';
import { NetmonRecordReader } from './formats/netmon';
import { notACapture, sequentialParser, type OpenedFile, type ReaderOptions } from './formats/registry';
import { checkCancelled, SequentialRecordReader } from './formats/sequential-reader';
import { CaptureErrorCode, type ByteSource, type CaptureFault, type FileInfo, type FrameRecord, type RecordReader } from './records';

export interface TraceReader {
  /** One per source that opened as a capture, in the order given. FrameRecord.fileIndex indexes this list. */
  readonly files: FileInfo[];
  /** Next record over bytes already loaded, merged across files in time order, numbered 1..N. null => call load(). */
  next(): FrameRecord | null;
  /** Loads more bytes; resolves false when every file is finished (ended or faulted). */
  load(): Promise<boolean>;
  readonly bytesRead: number;
  readonly bytesTotal: number;
  /** Faults so far; also one per source that is not a capture (unknown-format / unsupported, with a hint). */
  readonly faults: CaptureFault[];
  /** Per opened file (same index as files): its records, captured bytes, skipped-by-kind counts. */
  readonly perFile: FileCounts[];
}

export interface FileCounts {
  /** Records read from the file, those passed over as repeats included. */
  packets: number;
  bytes: number;
  skipped: Record<string, number>;
  /** Records that repeated another file's, time and bytes alike, and were delivered once (see MergedTrace). */
  repeated?: { ofFile: number; packets: number };
}

export type { ReaderOptions as OpenTraceOptions } from './formats/registry';

export async function openTrace(sources: ByteSource[], options: ReaderOptions = {}): Promise<TraceReader> {
  const readers: RecordReader[] = [];
  const openFaults: CaptureFault[] = [];
  let unreadableBytes = 0;
  for (const source of sources) {
    checkCancelled(options.signal, source.name, 0);
    const opened = await openFile(source, readers.length, options);
    if ('fault' in opened) {
      openFaults.push(opened.fault);
      unreadableBytes += source.size;
    } else {
      readers.push(opened.reader);
    }
  }
  const bytesTotal = sources.reduce((sum, source) => sum + source.size, 0);
  return new MergedTrace(readers, openFaults, unreadableBytes, bytesTotal, options.signal);
}

async function openFile(source: ByteSource, fileIndex: number, options: ReaderOptions): Promise<OpenedFile> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  let head: Uint8Array;
  try {
    head = await source.read(0, DETECTION_HEAD_BYTES);
  } catch (error) {
    return { fault: { code: CaptureErrorCode.ShortRead, file: source.name, offset: 0, reason: `the file could not be read: ${(error as Error).message}` } };
  }
  const detection = detectFormat(head);
  switch (detection.kind) {
    case 'pcap':
    case 'pcapng':
    case 'snoop':
      // The reader's ByteWindow copies what straddles chunks, so the chunk buffers can be reused.
      return { reader: new SequentialRecordReader(sequentialParser(detection.kind, source.name, head, fileIndex), sequentialChunks(source, chunkSize, true), options.signal) };
    case 'netmon':
      return { reader: new NetmonRecordReader(source, head, fileIndex, options) };
    case 'gzip':
      return openCompressed(source, fileIndex, options);
    default:
      return notACapture(source.name, detection);
  }
}

const WAITING = 1;
const FINISHED = 2;

class MergedTrace implements TraceReader {
  readonly files: FileInfo[];
  readonly perFile: FileCounts[];
  private readonly heads: Array<FrameRecord | null>;
  private readonly states: Uint8Array;
  /** Reader whose head was handed out last; its next record is fetched on the following call, so the data stays valid until then. */
  private emitted = -1;
  private frameNumber = 0;

  constructor(
    private readonly readers: RecordReader[],
    private readonly openFaults: CaptureFault[],
    private readonly unreadableBytes: number,
    readonly bytesTotal: number,
    private readonly signal?: AbortSignal,
  ) {
    this.files = readers.map((reader) => reader.info);
    this.perFile = readers.map((reader) => ({ packets: 0, bytes: 0, skipped: reader.skipped }));
    this.heads = readers.map(() => null);
    // Every reader starts waiting: nothing is loaded yet.
    this.states = new Uint8Array(readers.length).fill(WAITING);
  }

  get bytesRead(): number {
    let total = this.unreadableBytes;
    for (const reader of this.readers) total += reader.bytesRead;
    return total;
  }

  get faults(): CaptureFault[] {
    const faults = [...this.openFaults];
    for (const reader of this.readers) if (reader.fault) faults.push(reader.fault);
    return faults;
  }

  next(): FrameRecord | null {
    const heads = this.heads;
    if (this.emitted >= 0) {
      heads[this.emitted] = null;
      this.emitted = -1;
    }
    let best = -1;
    let bestSeconds = 0;
    let bestNanoseconds = 0;
    for (let index = 0; index < heads.length; index++) {
      if (this.states[index] !== 0) {
        if (this.states[index] === FINISHED) continue;
        return null;
      }
      let head = heads[index];
      if (head === null) {
        head = this.readers[index].next();
        if (head === null) {
          this.states[index] = WAITING;
          return null;
        }
        heads[index] = head;
      }
      if (best < 0 || head.tsSec < bestSeconds || (head.tsSec === bestSeconds && head.tsNsec < bestNanoseconds)) {
        best = index;
        bestSeconds = head.tsSec;
        bestNanoseconds = head.tsNsec;
      }
    }
    if (best < 0) return null;
    if (heads.length > 1) best = this.passOverRepeats(best);
    const record = heads[best] as FrameRecord;
    this.emitted = best;
    record.frameNumber = ++this.frameNumber;
    const counts = this.perFile[best];
    counts.packets++;
    counts.bytes += record.capturedLength;
    return record;
  }

  /**
   * The same packet in two files (a capture given twice, or a copy of it in another format) is one
   * packet of the trace: another file's next record with the same link type and bytes, and the same
   * time to the coarser file's precision (a microsecond copy of a nanosecond capture), is passed
   * over and counted for that file. Of the two, the one with the finer clock is kept. Captures made
   * at two points differ in time and TTL. Returns the file whose record goes out.
   */
  private passOverRepeats(best: number): number {
    let kept = best;
    for (let index = 0; index < this.heads.length; index++) {
      const other = this.heads[index];
      const record = this.heads[kept] as FrameRecord;
      if (index === kept || other === null || !this.sameTime(kept, record, index, other) || !sameFrame(other, record)) continue;
      const finer = this.files[index].timePrecisionDigits > this.files[kept].timePrecisionDigits;
      const passed = finer ? kept : index;
      if (finer) kept = index;
      const counts = this.perFile[passed];
      counts.packets++;
      counts.bytes += (this.heads[passed] as FrameRecord).capturedLength;
      counts.repeated = { ofFile: counts.repeated?.ofFile ?? kept, packets: (counts.repeated?.packets ?? 0) + 1 };
      this.heads[passed] = null;
    }
    return kept;
  }

  /** Times within one tick of the coarser of the two files' clocks. */
  private sameTime(leftFile: number, left: FrameRecord, rightFile: number, right: FrameRecord): boolean {
    const digits = Math.min(this.files[leftFile].timePrecisionDigits, this.files[rightFile].timePrecisionDigits, 9);
    const differenceNs = (left.tsSec - right.tsSec) * 1e9 + (left.tsNsec - right.tsNsec);
    return Math.abs(differenceNs) < 10 ** (9 - digits);
  }

  async load(): Promise<boolean> {
    checkCancelled(this.signal, this.files[0]?.name ?? '', 0);
    let open = false;
    for (let index = 0; index < this.readers.length; index++) {
      if (this.states[index] === WAITING) {
        const more = await this.readers[index].load();
        this.states[index] = more ? 0 : FINISHED;
      }
      if (this.states[index] !== FINISHED) open = true;
    }
    return open;
  }
}

function sameFrame(left: FrameRecord, right: FrameRecord): boolean {
  if (left.linkType !== right.linkType || left.capturedLength !== right.capturedLength || left.originalLength !== right.originalLength) return false;
  for (let offset = 0; offset < left.capturedLength; offset++) {
    if (left.data[left.dataOffset + offset] !== right.data[right.dataOffset + offset]) return false;
  }
  return true;
}
