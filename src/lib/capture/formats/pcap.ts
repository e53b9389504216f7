/**
 * libpcap capture files: https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html
 * Variant record headers ("modified" pcap) after Wireshark's wiretap/libpcap.h.
 *
 * File header (24 bytes): magic, major, minor, thiszone, sigfigs, snaplen, link type field.
 * Record header (16 bytes): seconds, sub-second units, captured length, original length.
 * Patched libpcaps appended fields: with magic 0xa1b2cd34, interface index, protocol and
 * packet type (24 bytes, Alexey Kuznetsov's patch as shipped from 1999-10-29) or also two CPU
 * bytes and padding (28 bytes, SuSE 6.3); with the standard magic, the same 24 bytes (Red Hat
 * 6.1) or 4 unknown bytes (20, Nokia). We pick the layout as Wireshark does: the one under
 * which the first records look sane.
 */
import type { ByteWindow } from '../../io/byte-window';
import { hex, u16, u32, u32le } from '../../io/bytes';
import { CaptureErrorCode, type FileInfo, type FrameRecord } from '../records';
import { emptyRecord, formatError, MAX_PACKET_BYTES, noteLinkType, RecordTimes } from './format-common';
import type { SequentialParser } from './sequential-reader';

export const PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4;
export const PCAP_MAGIC_NANOSECONDS = 0xa1b23c4d;
export const PCAP_MAGIC_MODIFIED = 0xa1b2cd34;
const FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
/** Candidate record header sizes per magic, most common first. */
const LAYOUTS_STANDARD = [16, 24, 20];
const LAYOUTS_NANOSECONDS = [16];
const LAYOUTS_MODIFIED = [24, 28];
/** Records examined when choosing a layout, and the bytes we wait for (or the end of file) before choosing. */
const LAYOUT_PROBE_RECORDS = 3;
const LAYOUT_PROBE_BYTES = 4096;
/** Bits 16..25 of the link type field are reserved and must be zero (the draft's LinkType and additional information). */
const LINK_TYPE_RESERVED_MASK = 0x03ff0000;

interface PcapHeader {
  littleEndian: boolean;
  magic: number;
}

function readMagic(head: Uint8Array): PcapHeader | null {
  if (head.length < 4) return null;
  const little = u32le(head, 0);
  for (const magic of [PCAP_MAGIC_MICROSECONDS, PCAP_MAGIC_NANOSECONDS, PCAP_MAGIC_MODIFIED]) {
    if (little === magic) return { littleEndian: true, magic };
    if (u32(head, 0, false) === magic) return { littleEndian: false, magic };
  }
  return null;
}

export function sniff(head: Uint8Array): 'mine' | 'not-mine' {
  return readMagic(head) ? 'mine' : 'not-mine';
}

export function describe(head: Uint8Array): { label: string; version?: string } {
  const header = readMagic(head);
  if (!header) return { label: 'pcap' };
  const order = header.littleEndian ? 'little-endian' : 'big-endian';
  const kind = header.magic === PCAP_MAGIC_NANOSECONDS ? 'nanosecond' : header.magic === PCAP_MAGIC_MODIFIED ? 'modified, microsecond' : 'microsecond';
  const version = head.length >= 8 ? `${u16(head, 4, header.littleEndian)}.${u16(head, 6, header.littleEndian)}` : undefined;
  return { label: `pcap (${kind}, ${order})`, version };
}

export class PcapParser implements SequentialParser {
  readonly info: FileInfo;
  readonly skipped: Record<string, number> = {};
  private readonly record: FrameRecord;
  private readonly littleEndian: boolean;
  private readonly unitsPerSecond: 1_000_000 | 1_000_000_000;
  private readonly layouts: number[];
  private readonly times: RecordTimes;
  private recordHeaderBytes = RECORD_HEADER_BYTES;
  private linkType = 0;
  private headerDone = false;

  constructor(name: string, head: Uint8Array, fileIndex: number) {
    const header = readMagic(head);
    this.littleEndian = header?.littleEndian ?? true;
    const nanoseconds = header?.magic === PCAP_MAGIC_NANOSECONDS;
    this.layouts = header?.magic === PCAP_MAGIC_MODIFIED ? LAYOUTS_MODIFIED : nanoseconds ? LAYOUTS_NANOSECONDS : LAYOUTS_STANDARD;
    this.unitsPerSecond = nanoseconds ? 1_000_000_000 : 1_000_000;
    this.record = emptyRecord(fileIndex);
    this.info = {
      name,
      format: 'pcap',
      version: describe(head).version,
      linkTypes: [],
      timePrecisionDigits: nanoseconds ? 9 : 6,
    };
    this.times = new RecordTimes(this.info, this.unitsPerSecond);
  }

  next(window: ByteWindow): FrameRecord | null {
    if (!this.headerDone && !this.readFileHeader(window)) return null;
    const bytes = window.bytes;
    const start = window.position;
    const available = bytes.length - start;
    if (available < this.recordHeaderBytes) {
      if (window.final && available > 0) {
        throw formatError(CaptureErrorCode.ShortRead, this.info, window.fileOffset,
          `pcap record header needs ${this.recordHeaderBytes} bytes, file ends after ${available}`);
      }
      return null;
    }
    const little = this.littleEndian;
    const capturedLength = u32(bytes, start + 8, little);
    if (capturedLength > MAX_PACKET_BYTES) {
      throw formatError(CaptureErrorCode.BadFile, this.info, window.fileOffset,
        `pcap record captured length ${capturedLength} > maximum ${MAX_PACKET_BYTES}`);
    }
    const total = this.recordHeaderBytes + capturedLength;
    if (available < total) {
      if (window.final) {
        throw formatError(CaptureErrorCode.ShortRead, this.info, window.fileOffset,
          `pcap record needs ${total} bytes (captured length ${capturedLength}), file ends after ${available}`);
      }
      return null;
    }
    const record = this.record;
    this.times.set(record, u32(bytes, start, little), u32(bytes, start + 4, little));
    record.offset = window.fileOffset;
    record.capturedLength = capturedLength;
    record.originalLength = u32(bytes, start + 12, little);
    record.linkType = this.linkType;
    record.data = bytes;
    record.dataOffset = start + this.recordHeaderBytes;
    window.position = start + total;
    return record;
  }

  private readFileHeader(window: ByteWindow): boolean {
    const bytes = window.bytes;
    if (bytes.length - window.position < FILE_HEADER_BYTES) {
      if (window.final) {
        throw formatError(CaptureErrorCode.ShortRead, this.info, 0,
          `pcap file header needs ${FILE_HEADER_BYTES} bytes, file has ${bytes.length - window.position}`);
      }
      return false;
    }
    const start = window.position;
    if (this.layouts.length > 1 && !window.final && bytes.length - start < FILE_HEADER_BYTES + LAYOUT_PROBE_BYTES) return false;
    const major = u16(bytes, start + 4, this.littleEndian);
    if (major !== 2) {
      throw formatError(CaptureErrorCode.Unsupported, this.info, 4, `pcap major version ${major} unsupported (only 2 is defined)`);
    }
    const linkField = u32(bytes, start + 20, this.littleEndian);
    if ((linkField & LINK_TYPE_RESERVED_MASK) !== 0) {
      throw formatError(CaptureErrorCode.Unsupported, this.info, 20,
        `pcap link type field ${hex(linkField)} has reserved bits ${hex(linkField & LINK_TYPE_RESERVED_MASK)} set (must be 0)`);
    }
    // The upper bits carry an optional FCS length; the link type itself is the low 16 bits.
    this.linkType = linkField & 0xffff;
    noteLinkType(this.info, this.linkType);
    window.position = start + FILE_HEADER_BYTES;
    this.recordHeaderBytes = this.chooseLayout(bytes, window.position);
    this.headerDone = true;
    return true;
  }

  /**
   * After Wireshark's test (libpcap.c): under each layout, walk the leading records while their
   * lengths look sane (within limits, captured <= original), counting those whose sub-second
   * field is also in range. A layout that walks every probed record, all of them sane, wins at
   * once. Otherwise a layout that walked them all beats one whose lengths went wrong, then more
   * sane records win, ties going to the more common layout. An out-of-range sub-second field does
   * not end the walk: real files carry them (RecordTimes), and a wrong layout that happens to read
   * a record or two sanely must not beat the right one over one damaged time stamp.
   */
  private chooseLayout(bytes: Uint8Array, firstRecord: number): number {
    let best = this.layouts[0];
    let bestRank = -1;
    for (const headerBytes of this.layouts) {
      let walked = 0;
      let sane = 0;
      let position = firstRecord;
      while (walked < LAYOUT_PROBE_RECORDS && position + headerBytes <= bytes.length) {
        const units = u32(bytes, position + 4, this.littleEndian);
        const captured = u32(bytes, position + 8, this.littleEndian);
        const original = u32(bytes, position + 12, this.littleEndian);
        if (captured > MAX_PACKET_BYTES || captured > original) break;
        walked++;
        if (units < this.unitsPerSecond) sane++;
        position += headerBytes + captured;
      }
      const complete = walked === LAYOUT_PROBE_RECORDS || position + headerBytes > bytes.length;
      if (complete && sane === walked) return headerBytes;
      const rank = (complete ? LAYOUT_PROBE_RECORDS + 1 : 0) + sane;
      if (rank > bestRank) {
        bestRank = rank;
        best = headerBytes;
      }
    }
    return best;
  }
}
