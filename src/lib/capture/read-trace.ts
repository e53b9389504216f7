/**
 * Opens one or more files as one trace: detects each file's format from its bytes, builds
 * a record reader for it, and merges the readers in time order (a k-way merge over each
 * reader's next record; equal times keep file order), numbering frames 1..N across the
 * whole trace. A chained Network Monitor set (name.cap, name(1).cap, ...) therefore comes
 * out in capture order whatever order the files were given in.
 */
import { DEFAULT_CHUNK_SIZE, inflateChunks, sequentialChunks, type ChunkPuller } from '../io/chunk-source';
import { memorySource } from '../io/memory-source';
import { DETECTION_HEAD_BYTES, detectFormat } from './formats/detect';
import { NetmonRecordReader } from './formats/netmon';
import { PcapParser } from './formats/pcap';
import { PcapngParser } from './formats/pcapng';
import { checkCancelled, SequentialRecordReader, type SequentialParser } from './formats/sequential-reader';
import {
  CaptureError,
  CaptureErrorCode,
  type ByteSource,
  type CaptureFault,
  type FileInfo,
  type FrameRecord,
  type RecordReader,
} from './records';

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
  /** Per opened file (same index as files): records delivered, captured bytes, skipped-by-kind counts. */
  readonly perFile: Array<{ packets: number; bytes: number; skipped: Record<string, number> }>;
}

export interface OpenTraceOptions {
  signal?: AbortSignal;
  /** Bytes per read (default 2 MiB). */
  chunkSize?: number;
  /** Largest inflated size of a gzip-compressed NetMon file, which must be held in memory to seek (default 512 MiB). */
  maxInflatedNetmonBytes?: number;
}

/**
 * NetMon needs random access, and a gzip stream has none, so a compressed .cap is inflated
 * into memory first. 512 MiB keeps that within what a browser tab can hold.
 */
export const MAX_INFLATED_NETMON_BYTES = 512 * 1024 * 1024;

export async function openTrace(sources: ByteSource[], options: OpenTraceOptions = {}): Promise<TraceReader> {
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

type Opened = { reader: RecordReader } | { fault: CaptureFault };

async function openFile(source: ByteSource, fileIndex: number, options: OpenTraceOptions): Promise<Opened> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const head = await source.read(0, DETECTION_HEAD_BYTES);
  const detection = detectFormat(head);
  switch (detection.kind) {
    case 'pcap':
    case 'pcapng':
      return { reader: new SequentialRecordReader(sequentialParser(detection.kind, source.name, head, fileIndex), sequentialChunks(source, chunkSize), options.signal) };
    case 'netmon':
      return { reader: new NetmonRecordReader(source, head, fileIndex, options) };
    case 'gzip':
      return openCompressed(source, fileIndex, options);
    default:
      return {
        fault: {
          code: detection.kind === 'unknown' ? CaptureErrorCode.UnknownFormat : CaptureErrorCode.Unsupported,
          file: source.name,
          offset: 0,
          reason: `${detection.label}: not a packet capture this tool reads`,
          hint: detection.hint,
        },
      };
  }
}

function sequentialParser(kind: 'pcap' | 'pcapng', name: string, head: Uint8Array, fileIndex: number): SequentialParser {
  return kind === 'pcap' ? new PcapParser(name, head, fileIndex) : new PcapngParser(name, head, fileIndex);
}

/** Inflates the start to see what is inside, then streams pcap/pcapng or buffers NetMon (which must seek). */
async function openCompressed(source: ByteSource, fileIndex: number, options: OpenTraceOptions): Promise<Opened> {
  const inflated = inflateChunks(sequentialChunks(source, options.chunkSize ?? DEFAULT_CHUNK_SIZE));
  const start: Uint8Array[] = [];
  let startBytes = 0;
  let rest: ChunkPuller = inflated;
  try {
    while (startBytes < DETECTION_HEAD_BYTES) {
      const chunk = await inflated.pull();
      if (chunk === null) break;
      start.push(chunk);
      startBytes += chunk.length;
    }
  } catch (error) {
    inflated.cancel();
    if (startBytes === 0) {
      return { fault: { code: CaptureErrorCode.BadFile, file: source.name, offset: 0, reason: `gzip data could not be inflated: ${(error as Error).message}` } };
    }
    // Keep what did inflate: its records are delivered and the reader faults where the damage begins.
    rest = failingPuller(inflated, error);
  }
  const head = joinChunks(start);
  const inner = detectFormat(head);
  if (inner.kind === 'pcap' || inner.kind === 'pcapng') {
    const parser = sequentialParser(inner.kind, source.name, head, fileIndex);
    parser.info.compressed = true;
    return { reader: new SequentialRecordReader(parser, replayThen(head, rest), options.signal) };
  }
  if (inner.kind === 'netmon') return inflateNetmon(source, fileIndex, head, rest, options);
  inflated.cancel();
  return {
    fault: {
      code: inner.kind === 'unknown' ? CaptureErrorCode.UnknownFormat : CaptureErrorCode.Unsupported,
      file: source.name,
      offset: 0,
      reason: `gzip-compressed ${inner.label}: not a packet capture this tool reads`,
      hint: inner.hint,
    },
  };
}

async function inflateNetmon(source: ByteSource, fileIndex: number, head: Uint8Array, inflated: ChunkPuller, options: OpenTraceOptions): Promise<Opened> {
  const limit = options.maxInflatedNetmonBytes ?? MAX_INFLATED_NETMON_BYTES;
  const parts: Uint8Array[] = [head];
  let total = head.length;
  try {
    for (;;) {
      if (total > limit) {
        inflated.cancel();
        return {
          fault: {
            code: CaptureErrorCode.Unsupported,
            file: source.name,
            format: 'netmon',
            offset: 0,
            reason: `gzip-compressed Network Monitor file inflates to more than ${limit} bytes, the most held in memory to seek its frame table`,
            hint: 'Decompress the file (for example with 7-Zip or `gunzip`) and open the .cap itself.',
          },
        };
      }
      checkCancelled(options.signal, source.name, inflated.bytesConsumed);
      const chunk = await inflated.pull();
      if (chunk === null) break;
      total += chunk.length;
      parts.push(chunk);
    }
  } catch (error) {
    if (error instanceof CaptureError) throw error;
    return { fault: { code: CaptureErrorCode.BadFile, file: source.name, format: 'netmon', offset: 0, reason: `gzip data could not be inflated: ${(error as Error).message}` } };
  }
  const bytes = joinChunks(parts);
  const reader = new NetmonRecordReader(memorySource(source.name, bytes), head, fileIndex, { ...options, reportedSize: source.size });
  reader.info.compressed = true;
  return { reader };
}

function joinChunks(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const joined = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let position = 0;
  for (const chunk of chunks) {
    joined.set(chunk, position);
    position += chunk.length;
  }
  return joined;
}

/** A puller that first yields bytes already taken for detection, then the rest of `rest`. */
function replayThen(first: Uint8Array, rest: ChunkPuller): ChunkPuller {
  let replayed = first.length === 0;
  return {
    get bytesConsumed() {
      return rest.bytesConsumed;
    },
    pull() {
      if (replayed) return rest.pull();
      replayed = true;
      return Promise.resolve(first);
    },
    cancel: () => rest.cancel(),
  };
}

/** A puller whose source already failed: it reports `error` on the next pull. */
function failingPuller(source: ChunkPuller, error: unknown): ChunkPuller {
  return {
    get bytesConsumed() {
      return source.bytesConsumed;
    },
    pull: () => Promise.reject(error),
    cancel: () => undefined,
  };
}

const WAITING = 1;
const FINISHED = 2;

class MergedTrace implements TraceReader {
  readonly files: FileInfo[];
  readonly perFile: Array<{ packets: number; bytes: number; skipped: Record<string, number> }>;
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
    const record = heads[best] as FrameRecord;
    this.emitted = best;
    record.frameNumber = ++this.frameNumber;
    const counts = this.perFile[best];
    counts.packets++;
    counts.bytes += record.capturedLength;
    return record;
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
