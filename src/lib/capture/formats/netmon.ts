/**
 * Microsoft Network Monitor 1.x and 2.x capture files (.cap), after Wireshark's
 * wiretap/netmon.c (facts only; layout in netmon-header.ts).
 *
 * Records are found only through the frame table, which sits near the end of the file
 * (and may list records out of file order, or skip holes), so this reader seeks: it reads
 * the table and the records through RangeWindows with the next read already in flight.
 * Several record windows are kept, so a table that alternates between a few regions of the
 * file reads each region once, in order, instead of seeking at every frame.
 *
 * Record header: 1.x = time delta in ms (u32), original length (u16), captured length (u16);
 * 2.x = time delta in µs (u64, signed in practice), original length (u32), captured length (u32).
 * From 2.1 a trailer follows the data: media type (u16); 2.2 adds a process-info index (u32);
 * 2.3 adds a UTC FILETIME (u64, 100 ns units since 1601) and a time-zone index (u8).
 */
import type { ByteSource } from '../records';
import { CaptureErrorCode, LinkType, type FileInfo, type FrameRecord } from '../records';
import { hex, u16le, u32le } from '../../io/bytes';
import { DEFAULT_CHUNK_SIZE } from '../../io/chunk-source';
import { RangeWindow } from '../../io/range-window';
import { TickClock } from '../time';
import { countSkipped, emptyRecord, formatError, MAX_PACKET_BYTES, noteLinkType } from './format-common';
import { NETMON_HEADER_BYTES, parseNetmonHeader, type NetmonHeader } from './netmon-header';
import { BaseRecordReader, checkCancelled } from './sequential-reader';

/** Record windows held at once (see windowFor). */
const RECORD_WINDOWS = 4;
/** Seconds from 1601-01-01 (FILETIME epoch) to 1970-01-01. */
const FILETIME_EPOCH_OFFSET_SECONDS = 11_644_473_600;
/** Wireshark's cap: 32-bit offsets with 8-byte 1.x headers cannot address more records. */
const MAX_FRAME_TABLE_ENTRIES = 512 * 1024 * 1024;
/** Media types with no tcpdump LINKTYPE are passed on as this base + the NetMon media type (outside LINKTYPE's 16 bits). */
export const NETMON_UNMAPPED_MEDIA_BASE = 0x10000;

/** NetMon 3 frames that carry no packet. Wireshark delivers the first three as frames and drops the rest. */
const SPECIAL_DELIVERED: Record<number, string> = { 0xffe0: 'netmon-event', 0xfffb: 'netmon-network-info-ex', 0xffff: 'netmon-filter' };
const SPECIAL_DROPPED: Record<number, string> = { 0xfffc: 'netmon-payload-header', 0xfffd: 'netmon-network-info', 0xfffe: 'netmon-dns-cache' };
const SKIP = -2;

/** tcpdump LINKTYPE for a NetMon media type, LinkType.NETMON_SPECIAL, SKIP, or an unmapped value. */
export function linkTypeForMedia(media: number): number {
  switch (media) {
    case 0: // Some NetMon 3.4 VPN captures say 0 for Ethernet frames (netmon.c).
    case 1:
      return LinkType.ETHERNET;
    case 2:
      return 6; // LINKTYPE_IEEE802_5, token ring
    case 3:
      return 10; // LINKTYPE_FDDI
    case 6:
      return LinkType.IEEE802_11; // after the NetMon 802.11 metadata header is stripped
    case 7: // tunnel interfaces
    case 8: // wireless WAN
    case 9: // raw IP frames
      return LinkType.RAW;
    case 0xe080:
      return LinkType.IEEE802_11; // Message Analyzer "WiFi Message"
  }
  if (media in SPECIAL_DELIVERED) return LinkType.NETMON_SPECIAL;
  if (media in SPECIAL_DROPPED) return SKIP;
  // 0xE000 | LINKTYPE: a pcap file converted by NetMon; 0xE081..0xE08A are Message Analyzer types, not LINKTYPEs.
  if ((media & 0xf000) === 0xe000 && !(media >= 0xe081 && media <= 0xe08a)) return media & 0x0fff;
  return NETMON_UNMAPPED_MEDIA_BASE + media;
}

interface RecordWalk {
  /** Offset of the next record. */
  next: number;
  /** Where records stop (recordsEnd). */
  end: number;
  /** What is wrong with the table, said once the walk ends. */
  fault: string;
}

export class NetmonRecordReader extends BaseRecordReader {
  readonly info: FileInfo;
  readonly skipped: Record<string, number> = {};
  private readonly record: FrameRecord;
  private readonly header: NetmonHeader;
  private readonly recordHeaderBytes: number;
  private readonly trailerBytes: number;
  private readonly clock = new TickClock(10_000_000);
  private table: RangeWindow | null = null;
  /** Most recently used first. */
  private readonly recordWindows: RangeWindow[] = [];
  /** Link type of the previous frame, so FileInfo.linkTypes is searched only when it changes. */
  private lastLinkType = Number.NaN;
  private frameCount = 0;
  private frameIndex = 0;
  /**
   * Set when the frame table lies past the end of the file: Network Monitor writes the table last,
   * so a file copied while the capture ran, or cut short on the way, has records but no table. They
   * are then read one after another from the header's end up to `end`; `fault` names the missing table.
   */
  private walk: RecordWalk | null = null;
  private opened = false;
  private pending: { window: RangeWindow; offset: number; length: number } | null = null;

  /**
   * @param reportedSize size to report progress against (the compressed size when `source` holds inflated gzip data).
   */
  constructor(
    private readonly source: ByteSource,
    head: Uint8Array,
    fileIndex: number,
    private readonly options: { chunkSize?: number; signal?: AbortSignal; reportedSize?: number; name?: string } = {},
  ) {
    super();
    this.header = parseNetmonHeader(head.length >= NETMON_HEADER_BYTES ? head : padded(head));
    const { major, minor } = this.header;
    this.recordHeaderBytes = major === 1 ? 8 : 16;
    this.trailerBytes = major !== 2 || minor === 0 ? 0 : minor === 1 ? 2 : minor === 2 ? 6 : 15;
    this.record = emptyRecord(fileIndex);
    // Precision as capinfos 4.0 prints it: 1.x counts milliseconds (3 digits); every 2.x file gets 9 digits,
    // even 2.0-2.2 whose deltas count microseconds.
    const digits = major === 1 ? 3 : 9;
    this.info = { name: options.name ?? source.name, format: 'netmon', version: `${major}.${minor}`, linkTypes: [], timePrecisionDigits: digits };
  }

  get bytesRead(): number {
    const total = this.options.reportedSize ?? this.source.size;
    if (this.done) return total;
    let fetched = this.table?.fetched ?? 0;
    for (const window of this.recordWindows) fetched += window.fetched;
    return Math.min(total, Math.floor((fetched / Math.max(1, this.source.size)) * total));
  }

  next(): FrameRecord | null {
    if (this.done || !this.opened || this.pending) return null;
    try {
      return this.readFrame();
    } catch (error) {
      this.stop(error, this.record.offset, false);
      return null;
    }
  }

  async load(): Promise<boolean> {
    if (this.done) return false;
    checkCancelled(this.options.signal, this.info.name, this.record.offset);
    try {
      if (!this.opened) {
        this.open();
        this.opened = true;
      } else if (this.pending) {
        const { window, offset, length } = this.pending;
        await window.ensure(offset, length);
        if (!window.has(offset, length)) {
          throw formatError(CaptureErrorCode.ShortRead, this.info, offset, `netmon: source returned fewer bytes than its size ${this.source.size} promised`);
        }
        this.pending = null;
      }
    } catch (error) {
      this.stop(error, this.pending?.offset ?? 0, true);
      return false;
    }
    return true;
  }

  /** Header checks, in netmon.c's order; nothing here reads beyond the header already in hand. */
  private open(): void {
    const size = this.source.size;
    if (size < NETMON_HEADER_BYTES) {
      throw formatError(CaptureErrorCode.ShortRead, this.info, 0, `netmon file header needs ${NETMON_HEADER_BYTES} bytes, file has ${size}`);
    }
    const { major, minor, mediaType, frameTableOffset, frameTableLength } = this.header;
    if (major !== 1 && major !== 2) {
      throw formatError(CaptureErrorCode.Unsupported, this.info, 5, `netmon major version ${major} unsupported (1 and 2 are defined)`);
    }
    if (major === 1 || minor === 0) {
      const linkType = linkTypeForMedia(mediaType);
      if (linkType < 0) throw formatError(CaptureErrorCode.BadFile, this.info, 6, `netmon file media type ${hex(mediaType)} is not a network type`);
      noteLinkType(this.info, linkType);
    }
    if (frameTableLength % 4 !== 0) {
      throw formatError(CaptureErrorCode.BadFile, this.info, 28, `netmon frame table length ${frameTableLength} is not a multiple of 4`);
    }
    if (frameTableLength === 0) {
      throw formatError(CaptureErrorCode.BadFile, this.info, 28, 'netmon frame table length 0 holds no frame');
    }
    if (frameTableLength / 4 > MAX_FRAME_TABLE_ENTRIES) {
      throw formatError(CaptureErrorCode.BadFile, this.info, 28, `netmon frame table length ${frameTableLength} > maximum ${MAX_FRAME_TABLE_ENTRIES * 4}`);
    }
    if (frameTableOffset > size || frameTableLength > size - frameTableOffset) {
      this.walk = {
        next: NETMON_HEADER_BYTES,
        end: this.recordsEnd(),
        fault: `netmon frame table offset ${hex(frameTableOffset)} + length ${hex(frameTableLength)} points past end of file (size ${hex(size)})`,
      };
      return;
    }
    this.frameCount = frameTableLength / 4;
    this.table = new RangeWindow(this.source, Math.min(this.options.chunkSize ?? DEFAULT_CHUNK_SIZE, frameTableLength), frameTableOffset + frameTableLength);
  }

  private readFrame(): FrameRecord | null {
    const walk = this.walk;
    const size = walk === null ? this.source.size : walk.end;
    for (;;) {
      const offset = walk === null ? this.tableEntry() : this.walkOffset(walk);
      if (offset < 0) return null;
      const frameNumber = this.frameIndex + 1;
      this.record.offset = offset;
      // The usual case, a record in the window last used, costs one check.
      const last = this.recordWindows[0];
      const records = last !== undefined && last.has(offset, this.recordHeaderBytes) ? last : this.windowFor(offset);
      if (!records.has(offset, this.recordHeaderBytes)) return this.wait(records, offset, this.recordHeaderBytes);
      const bytes = records.bytes;
      const at = offset - records.base;
      const wide = this.recordHeaderBytes === 16;
      const originalLength = wide ? u32le(bytes, at + 8) : u16le(bytes, at + 4);
      const capturedLength = wide ? u32le(bytes, at + 12) : u16le(bytes, at + 6);
      if (capturedLength > MAX_PACKET_BYTES) {
        throw formatError(CaptureErrorCode.BadFile, this.info, offset, `netmon frame ${frameNumber} captured length ${capturedLength} > maximum ${MAX_PACKET_BYTES}`);
      }
      const total = this.recordHeaderBytes + capturedLength + this.trailerBytes;
      if (total > size - offset) {
        throw formatError(CaptureErrorCode.ShortRead, this.info, offset,
          `netmon frame ${frameNumber} needs ${total} bytes, file ends after ${size - offset}${walk === null ? '' : `; ${this.walkedNote()}`}`);
      }
      if (walk !== null && originalLength < capturedLength) {
        throw formatError(CaptureErrorCode.BadFile, this.info, offset,
          `netmon frame ${frameNumber} original length ${originalLength} < captured length ${capturedLength}: no record starts here; ${this.walkedNote()}`);
      }
      if (!records.has(offset, total)) return this.wait(records, offset, total);
      this.frameIndex++;
      if (walk !== null) walk.next = offset + total;
      const record = this.fillRecord(records.bytes, offset - records.base, capturedLength, originalLength, frameNumber);
      if (record) return record;
    }
  }

  /** The next frame's record offset from the table, or -1 when the table is done or being read. */
  private tableEntry(): number {
    const table = this.table as RangeWindow;
    if (this.frameIndex >= this.frameCount) {
      this.done = true;
      return -1;
    }
    const entry = this.header.frameTableOffset + this.frameIndex * 4;
    if (!table.has(entry, 4)) {
      this.wait(table, entry, 4);
      return -1;
    }
    const offset = u32le(table.bytes, entry - table.base);
    if (offset > this.source.size - this.recordHeaderBytes) {
      throw formatError(CaptureErrorCode.BadFile, this.info, entry,
        `netmon frame table entry ${this.frameIndex + 1} offset ${hex(offset)} points past end of file (size ${hex(this.source.size)})`);
    }
    return offset;
  }

  /** The next record in file order, or the missing table's fault once the records run out. */
  private walkOffset(walk: RecordWalk): number {
    if (walk.end - walk.next < this.recordHeaderBytes) {
      throw formatError(CaptureErrorCode.BadFile, this.info, 24, `${walk.fault}; ${this.walkedNote()}`);
    }
    return walk.next;
  }

  private walkedNote(): string {
    // Records, not frames: NetMon 3 special records are counted here though no packet comes of them.
    const records = this.frameIndex === 1 ? '1 record was' : `${this.frameIndex} records were`;
    return `the file was cut short before its frame table, and ${records} read in file order without it`;
  }

  /**
   * Where the records stop when there is no table to say: at the first region the header places
   * after them (frame table, user data, comments, process and network info), or the file's end.
   */
  private recordsEnd(): number {
    const regions = [this.header.frameTableOffset, ...this.header.otherRegionOffsets];
    return regions.reduce((end, offset) => (offset > NETMON_HEADER_BYTES && offset < end ? offset : end), this.source.size);
  }

  /**
   * The record window that holds `offset` or reads on towards it; otherwise a new window, or
   * the least recently used one, which then seeks. Most files use only the first.
   */
  private windowFor(offset: number): RangeWindow {
    const windows = this.recordWindows;
    if (windows.length > 0 && windows[0].reaches(offset)) return windows[0];
    let index = 1;
    while (index < windows.length && !windows[index].reaches(offset)) index++;
    let window: RangeWindow;
    if (index < windows.length) {
      window = windows.splice(index, 1)[0];
    } else if (windows.length < RECORD_WINDOWS) {
      window = new RangeWindow(this.source, this.options.chunkSize ?? DEFAULT_CHUNK_SIZE, this.source.size);
    } else {
      window = windows.pop() as RangeWindow;
    }
    windows.unshift(window);
    return window;
  }

  private wait(window: RangeWindow, offset: number, length: number): null {
    this.pending = { window, offset, length };
    return null;
  }

  private fillRecord(bytes: Uint8Array, at: number, capturedLength: number, originalLength: number, frameNumber: number): FrameRecord | null {
    const { major, minor, mediaType } = this.header;
    const dataStart = at + this.recordHeaderBytes;
    const trailer = dataStart + capturedLength;
    const media = this.trailerBytes > 0 ? u16le(bytes, trailer) : mediaType;
    const linkType = linkTypeForMedia(media);
    if (linkType === LinkType.NETMON_SPECIAL || linkType === SKIP) {
      countSkipped(this.skipped, (SPECIAL_DELIVERED[media] ?? SPECIAL_DROPPED[media]) as string);
      if (linkType === SKIP) return null;
    }
    const record = this.record;
    if (major === 2 && minor >= 3) {
      this.clock.set(u32le(bytes, trailer + 10), u32le(bytes, trailer + 6));
      record.tsSec = this.clock.seconds - FILETIME_EPOCH_OFFSET_SECONDS;
      record.tsNsec = this.clock.nanoseconds;
    } else {
      this.setRelativeTime(bytes, at, frameNumber);
    }
    if (linkType !== this.lastLinkType) {
      noteLinkType(this.info, linkType);
      this.lastLinkType = linkType;
    }
    record.linkType = linkType;
    record.interfaceId = 0;
    record.capturedLength = capturedLength;
    record.originalLength = originalLength;
    record.data = bytes;
    record.dataOffset = dataStart;
    if (media === 6) this.stripWirelessMetadata(record);
    return record;
  }

  /** 1.x and 2.0-2.2: the header's start time plus the record's delta. */
  private setRelativeTime(bytes: Uint8Array, at: number, frameNumber: number): void {
    const record = this.record;
    let seconds: number;
    let nanoseconds: number;
    if (this.header.major === 1) {
      const milliseconds = u32le(bytes, at);
      seconds = Math.floor(milliseconds / 1000);
      nanoseconds = (milliseconds - seconds * 1000) * 1_000_000;
    } else {
      // Microsoft documents an unsigned count, but writers store negative deltas; read it as signed.
      const high = u32le(bytes, at + 4) | 0;
      if (high > 0x1fffff || high < -0x200000) {
        throw formatError(CaptureErrorCode.BadFile, this.info, this.record.offset, `netmon frame ${frameNumber} time delta high word ${hex(high >>> 0)} is beyond ±2^53 µs`);
      }
      const microseconds = high * 4294967296 + u32le(bytes, at);
      seconds = Math.floor(microseconds / 1_000_000);
      nanoseconds = (microseconds - seconds * 1_000_000) * 1000;
    }
    nanoseconds += this.header.startNanoseconds;
    seconds += this.header.startSeconds;
    if (nanoseconds >= 1_000_000_000) {
      nanoseconds -= 1_000_000_000;
      seconds += 1;
    }
    record.tsSec = seconds;
    record.tsNsec = nanoseconds;
  }

  /**
   * NetMon 802.11 frames start with a metadata header (version u8, length u16 LE, then radio
   * fields) before the 802.11 frame; dropping it leaves what LINKTYPE_IEEE802_11 expects.
   */
  private stripWirelessMetadata(record: FrameRecord): void {
    if (record.capturedLength < 3) return;
    const length = u16le(record.data, record.dataOffset + 1);
    if (length < 3 || length > record.capturedLength) return;
    record.dataOffset += length;
    record.capturedLength -= length;
    record.originalLength = Math.max(record.capturedLength, record.originalLength - length);
  }
}

function padded(head: Uint8Array): Uint8Array {
  const full = new Uint8Array(NETMON_HEADER_BYTES);
  full.set(head);
  return full;
}
