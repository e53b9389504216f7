/**
 * The seam between file formats and protocol decoders, as Wireshark's wiretap/epan wall:
 * a format reader turns bytes into FrameRecords and knows no protocol; decoders see only
 * the link type number and the frame bytes.
 */

/** LINKTYPE_* values from https://www.tcpdump.org/linktypes.html; formats map their own media types onto these. */
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  IEEE802_11: 105,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
  /** Not a tcpdump link type: a Network Monitor 3 special frame (NetEvent, network info, ...) that carries no packet. */
  NETMON_SPECIAL: -1,
} as const;

export type CaptureFormat = 'pcap' | 'pcapng' | 'netmon' | 'snoop';

/**
 * One captured frame. Readers reuse a single instance and `data` is the current chunk, the
 * frame being `data[dataOffset, dataOffset + capturedLength)`: it is valid only until the
 * reader's next `next()` call, so consumers copy what they keep.
 */
export interface FrameRecord {
  /** Index of the file in the list given to the reader set (0-based). */
  fileIndex: number;
  /** 1-based frame number within the whole (merged) trace; set by the merger. */
  frameNumber: number;
  /** Byte offset of the record header in its file, for evidence and error messages. */
  offset: number;
  /** Link type (LinkType.*, or any tcpdump LINKTYPE number). */
  linkType: number;
  /** Whole seconds since the Unix epoch (UTC). */
  tsSec: number;
  /** Nanoseconds within the second, 0..999_999_999. */
  tsNsec: number;
  /** Bytes present in `data`. */
  capturedLength: number;
  /** Length of the frame on the wire (>= capturedLength). */
  originalLength: number;
  /**
   * The bytes holding the frame, usually the reader's whole chunk: handing out the chunk and an
   * offset, not a view per record, spares an allocation per packet that was 5-10% of the analysis
   * (more young garbage means more scavenges, each copying the analysis' live young objects).
   */
  data: Uint8Array;
  dataOffset: number;
  /** pcapng interface id / NetMon adapter index; 0 where the format has one interface. */
  interfaceId: number;
}

/** What a reader learned about one file from its headers. */
export interface FileInfo {
  name: string;
  format: CaptureFormat;
  /** e.g. "2.4" for pcap, "1.0" for pcapng, "2.3" for NetMon, "2" for snoop. */
  version?: string;
  /** Every link type seen so far (headers and records), in first-seen order. */
  linkTypes: number[];
  /** Decimal digits of timestamp precision the file carries (6 for microsecond pcap, 9 for nanosecond). */
  timePrecisionDigits: number;
  /** True when the bytes were gzip-compressed and inflated on the fly. */
  compressed?: boolean;
  /**
   * Records whose sub-second time field held a whole second or more: how many, and the first one's
   * number in this file (1-based). Readers place them at the start of their second (see RecordTimes).
   */
  impossibleTimes?: { records: number; firstRecord: number };
}

/** Error categories, after wiretap's wtap.h. Unsupported is deliberately a different code from corrupt. */
export const CaptureErrorCode = {
  /** The file ends inside a header or record. */
  ShortRead: 'short-read',
  /** A field holds a value the format does not allow (bad length, pointer outside the file, ...). */
  BadFile: 'bad-file',
  /** A format or version we recognise but do not read (ETL, EVTX, zip, NetMon 3 "version 3" ...). */
  Unsupported: 'unsupported',
  /** Nothing in the file looks like a capture format we know. */
  UnknownFormat: 'unknown-format',
  /** Data pushed after the final chunk, or the caller cancelled. */
  StreamFinished: 'stream-finished',
  Cancelled: 'cancelled',
} as const;
export type CaptureErrorCode = (typeof CaptureErrorCode)[keyof typeof CaptureErrorCode];

/** Plain data, so it survives structured clone between worker and page. */
export interface CaptureFault {
  code: CaptureErrorCode;
  file: string;
  format?: CaptureFormat;
  offset: number;
  /** Names field, value and limit: "pcapng block length 12 < minimum 28". */
  reason: string;
  /** What the user can do next, when we know (e.g. how to convert an ETL file). */
  hint?: string;
  /** What the file is instead, when it was recognised as something other than a capture. */
  notCapture?: NonCaptureKind;
}

/** Files people give a capture analyzer that are no capture: ETL traces, event logs, archives, text. */
export type NonCaptureKind = 'etl' | 'evtx' | 'zip' | 'text';

export class CaptureError extends Error implements CaptureFault {
  readonly code: CaptureErrorCode;
  readonly file: string;
  readonly format?: CaptureFormat;
  readonly offset: number;
  readonly reason: string;
  readonly hint?: string;

  constructor(fault: CaptureFault) {
    const where = `${fault.file} @0x${fault.offset.toString(16)}`;
    super(`${where}: ${fault.reason}`);
    this.name = 'CaptureError';
    this.code = fault.code;
    this.file = fault.file;
    this.format = fault.format;
    this.offset = fault.offset;
    this.reason = fault.reason;
    this.hint = fault.hint;
  }

  toFault(): CaptureFault {
    const { code, file, format, offset, reason, hint } = this;
    return { code, file, format, offset, reason, hint };
  }
}

/**
 * Random access to one file's bytes. Browser: Blob.slice().arrayBuffer(); Node: a file handle;
 * tests: a Uint8Array. `read` may return fewer bytes than asked only at the end of the file.
 */
export interface ByteSource {
  readonly name: string;
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Sequential streaming from offset 0, when the source can do it faster than repeated reads. */
  stream?(): ReadableStream<Uint8Array>;
  /**
   * Reads up to `target.length` bytes at `offset` into `target` and resolves how many (0 at the
   * end), when the source can fill a caller's buffer: sequential readers then reuse a few
   * buffers instead of allocating one per chunk.
   */
  readInto?(offset: number, target: Uint8Array): Promise<number>;
}

/**
 * A pull reader over one file. `next()` is synchronous over the bytes already loaded so the hot
 * loop pays no promise per packet; when it returns null, call `load()` for more, which resolves
 * false at the end of the file or after a fault (then `fault` says why).
 */
export interface RecordReader {
  readonly info: FileInfo;
  next(): FrameRecord | null;
  load(): Promise<boolean>;
  /** Bytes of the file consumed so far (compressed bytes for gzip input), for progress. */
  readonly bytesRead: number;
  /** Set when parsing stopped at damage; records before it were delivered. */
  readonly fault: CaptureFault | null;
  /** Counts of records skipped on purpose (NetMon special frames), by kind. */
  readonly skipped: Record<string, number>;
}

/** The frame's own bytes, as a view: for tests and code off the hot path. */
export function frameBytes(record: FrameRecord): Uint8Array {
  return record.data.subarray(record.dataOffset, record.dataOffset + record.capturedLength);
}
