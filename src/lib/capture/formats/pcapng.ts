/**
 * pcapng: https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-03.html
 * Checks follow Wireshark's wiretap/pcapng.c: a block's length is judged only after the
 * Section Header Block magic told us the file is pcapng, so other files are never called
 * "bad pcapng".
 *
 * Every block: type (4), total length (4), body, total length again (4). A file is one or
 * more sections, each an SHB (with its own byte order) followed by IDBs and packets; an
 * interface id is an index into the IDBs of the current section.
 */
import type { ByteWindow } from '../../io/byte-window';
import { hex, u16, u32, u32le } from '../../io/bytes';
import { CaptureErrorCode, type FileInfo, type FrameRecord } from '../records';
import { MAX_TICKS_PER_SECOND, TickClock } from '../time';
import { emptyRecord, formatError, MAX_PACKET_BYTES, noteLinkType } from './format-common';
import type { SequentialParser } from './sequential-reader';

export const BLOCK_TYPE_SHB = 0x0a0d0d0a;
const BLOCK_TYPE_IDB = 0x00000001;
const BLOCK_TYPE_PB = 0x00000002;
const BLOCK_TYPE_SPB = 0x00000003;
const BLOCK_TYPE_EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BYTE_ORDER_MAGIC_SWAPPED = 0x4d3c2b1a;

/** Header + trailer of every block. */
const BLOCK_OVERHEAD = 12;
/** A switch, not an object keyed by block type: 0x0a0d0d0a as a key puts an object in slow dictionary mode, and this runs per block. */
function minimumLength(type: number): number {
  switch (type) {
    case BLOCK_TYPE_SHB:
      return 28;
    case BLOCK_TYPE_IDB:
      return 20;
    case BLOCK_TYPE_PB:
    case BLOCK_TYPE_EPB:
      return 32;
    case BLOCK_TYPE_SPB:
      return 16;
    default:
      return BLOCK_OVERHEAD;
  }
}
const BLOCK_NAMES: Record<number, string> = {
  [BLOCK_TYPE_SHB]: 'SHB',
  [BLOCK_TYPE_IDB]: 'IDB',
  [BLOCK_TYPE_PB]: 'PB',
  [BLOCK_TYPE_SPB]: 'SPB',
  [BLOCK_TYPE_EPB]: 'EPB',
};
/**
 * Our cap on one block: a packet block holds at most MAX_PACKET_BYTES of data, and the
 * metadata blocks we skip (name resolution, statistics, decryption secrets, custom) are far
 * smaller in practice. 16 MiB bounds what one damaged length can make us buffer.
 */
export const MAX_BLOCK_BYTES = 16 * 1024 * 1024;
/** Our cap on IDBs per section, so a file of nothing but IDBs cannot grow the interface table without bound. */
const MAX_INTERFACES = 65_536;
const OPTION_IF_TSRESOL = 9;
const OPTION_IF_TSOFFSET = 14;

interface Interface {
  linkType: number;
  snapLength: number;
  clock: TickClock;
  offsetSeconds: number;
}

export function sniff(head: Uint8Array): 'mine' | 'not-mine' {
  return head.length >= 4 && u32le(head, 0) === BLOCK_TYPE_SHB ? 'mine' : 'not-mine';
}

export function describe(head: Uint8Array): { label: string; version?: string } {
  if (head.length < 16) return { label: 'pcapng' };
  const magic = u32le(head, 8);
  if (magic !== BYTE_ORDER_MAGIC && magic !== BYTE_ORDER_MAGIC_SWAPPED) return { label: 'pcapng' };
  const little = magic === BYTE_ORDER_MAGIC;
  return { label: `pcapng (${little ? 'little' : 'big'}-endian)`, version: `${u16(head, 12, little)}.${u16(head, 14, little)}` };
}

export class PcapngParser implements SequentialParser {
  readonly info: FileInfo;
  readonly skipped: Record<string, number> = {};
  private readonly record: FrameRecord;
  private littleEndian = true;
  private inSection = false;
  private interfaces: Interface[] = [];
  /** Interfaces described in earlier sections, so FrameRecord.interfaceId is unique within the file. */
  private interfaceBase = 0;
  private sawInterface = false;

  constructor(name: string, head: Uint8Array, fileIndex: number) {
    this.record = emptyRecord(fileIndex);
    this.info = { name, format: 'pcapng', version: describe(head).version, linkTypes: [], timePrecisionDigits: 6 };
  }

  next(window: ByteWindow): FrameRecord | null {
    for (;;) {
      const bytes = window.bytes;
      const start = window.position;
      const available = bytes.length - start;
      if (available < 12) {
        if (window.final && available > 0) {
          throw formatError(CaptureErrorCode.ShortRead, this.info, window.fileOffset,
            `pcapng block header needs 12 bytes, file ends after ${available}`);
        }
        return null;
      }
      let type = u32(bytes, start, this.littleEndian);
      if (u32le(bytes, start) === BLOCK_TYPE_SHB) {
        type = BLOCK_TYPE_SHB;
        this.readByteOrder(bytes, start, window.fileOffset);
      } else if (!this.inSection) {
        throw formatError(CaptureErrorCode.BadFile, this.info, window.fileOffset,
          `pcapng block type ${hex(type)} before any section header block`);
      }
      const length = this.checkLength(bytes, start, type, window.fileOffset);
      if (available < length) {
        if (window.final) {
          throw formatError(CaptureErrorCode.ShortRead, this.info, window.fileOffset,
            `pcapng ${blockName(type)} block needs ${length} bytes, file ends after ${available}`);
        }
        return null;
      }
      const trailing = u32(bytes, start + length - 4, this.littleEndian);
      if (trailing !== length) {
        throw formatError(CaptureErrorCode.BadFile, this.info, window.fileOffset,
          `pcapng ${blockName(type)} trailing block length ${trailing} != leading length ${length}`);
      }
      const record = this.readBlock(bytes, start, length, type, window.fileOffset);
      window.position = start + length;
      if (record) return record;
    }
  }

  private readByteOrder(bytes: Uint8Array, start: number, offset: number): void {
    const magic = u32le(bytes, start + 8);
    if (magic !== BYTE_ORDER_MAGIC && magic !== BYTE_ORDER_MAGIC_SWAPPED) {
      throw formatError(CaptureErrorCode.BadFile, this.info, offset + 8,
        `pcapng byte-order magic ${hex(magic)} is neither ${hex(BYTE_ORDER_MAGIC)} nor ${hex(BYTE_ORDER_MAGIC_SWAPPED)}`);
    }
    this.littleEndian = magic === BYTE_ORDER_MAGIC;
  }

  private checkLength(bytes: Uint8Array, start: number, type: number, offset: number): number {
    const length = u32(bytes, start + 4, this.littleEndian);
    const minimum = minimumLength(type);
    if (length < minimum) {
      throw formatError(CaptureErrorCode.BadFile, this.info, offset, `pcapng ${blockName(type)} block length ${length} < minimum ${minimum}`);
    }
    if (length % 4 !== 0) {
      throw formatError(CaptureErrorCode.BadFile, this.info, offset, `pcapng ${blockName(type)} block length ${length} is not a multiple of 4`);
    }
    if (length > MAX_BLOCK_BYTES) {
      throw formatError(CaptureErrorCode.BadFile, this.info, offset, `pcapng ${blockName(type)} block length ${length} > maximum ${MAX_BLOCK_BYTES}`);
    }
    return length;
  }

  private readBlock(bytes: Uint8Array, start: number, length: number, type: number, offset: number): FrameRecord | null {
    switch (type) {
      case BLOCK_TYPE_SHB:
        this.readSectionHeader(bytes, start, length, offset);
        return null;
      case BLOCK_TYPE_IDB:
        this.readInterface(bytes, start, length, offset);
        return null;
      case BLOCK_TYPE_EPB:
        return this.readPacket(bytes, start, length, offset, u32(bytes, start + 8, this.littleEndian), 'EPB');
      case BLOCK_TYPE_PB:
        return this.readPacket(bytes, start, length, offset, u16(bytes, start + 8, this.littleEndian), 'PB');
      case BLOCK_TYPE_SPB:
        return this.readSimplePacket(bytes, start, length, offset);
      default:
        // Name resolution, interface statistics, decryption secrets, custom and unknown blocks carry no packet.
        return null;
    }
  }

  private readSectionHeader(bytes: Uint8Array, start: number, length: number, offset: number): void {
    const major = u16(bytes, start + 12, this.littleEndian);
    const minor = u16(bytes, start + 14, this.littleEndian);
    // 1.2 was written by some early tools for what is 1.0; Wireshark accepts both.
    if (major !== 1 || (minor !== 0 && minor !== 2)) {
      throw formatError(CaptureErrorCode.Unsupported, this.info, offset + 12, `pcapng section header version ${major}.${minor} unsupported (1.0 expected)`);
    }
    this.walkOptions(bytes, start, start + 24, start + length - 4, offset, 'SHB', null);
    this.inSection = true;
    this.interfaceBase += this.interfaces.length;
    this.interfaces = [];
  }

  private readInterface(bytes: Uint8Array, start: number, length: number, offset: number): void {
    if (this.interfaces.length >= MAX_INTERFACES) {
      throw formatError(CaptureErrorCode.BadFile, this.info, offset, `pcapng section has more than ${MAX_INTERFACES} interfaces`);
    }
    const linkType = u16(bytes, start + 8, this.littleEndian);
    const iface: Interface = { linkType, snapLength: u32(bytes, start + 12, this.littleEndian), clock: new TickClock(1_000_000), offsetSeconds: 0 };
    this.walkOptions(bytes, start, start + 16, start + length - 4, offset, 'IDB', iface);
    this.interfaces.push(iface);
    noteLinkType(this.info, linkType);
    const digits = iface.clock.digits;
    this.info.timePrecisionDigits = this.sawInterface ? Math.max(this.info.timePrecisionDigits, digits) : digits;
    this.sawInterface = true;
  }

  /** Checks every option's length against the block; reads if_tsresol and if_tsoffset into `iface`. */
  private walkOptions(bytes: Uint8Array, blockStart: number, position: number, end: number, offset: number, block: string,
    iface: Interface | null): void {
    while (end - position >= 4) {
      const code = u16(bytes, position, this.littleEndian);
      const length = u16(bytes, position + 2, this.littleEndian);
      if (code === 0) return;
      const padded = (length + 3) & ~3;
      const left = end - position - 4;
      if (padded > left) {
        throw formatError(CaptureErrorCode.BadFile, this.info, offset + (position - blockStart),
          `pcapng ${block} option ${code} length ${length} > ${left} bytes left in block`);
      }
      if (iface && code === OPTION_IF_TSRESOL && length === 1) {
        iface.clock = this.clockFor(bytes[position + 4], offset);
      } else if (iface && code === OPTION_IF_TSOFFSET && length === 8) {
        iface.offsetSeconds = this.readSigned64(bytes, position + 4, offset);
      }
      position += 4 + padded;
    }
  }

  private clockFor(tsresol: number, offset: number): TickClock {
    const exponent = tsresol & 0x7f;
    const binary = (tsresol & 0x80) !== 0;
    const rate = binary ? 2 ** exponent : 10 ** exponent;
    if (rate > MAX_TICKS_PER_SECOND) {
      throw formatError(CaptureErrorCode.Unsupported, this.info, offset,
        `pcapng if_tsresol ${hex(tsresol)} (${binary ? 2 : 10}^-${exponent} s) is finer than the 2^-37 s we convert exactly`);
    }
    return new TickClock(rate, binary ? exponent : -1);
  }

  private readSigned64(bytes: Uint8Array, position: number, offset: number): number {
    const first = u32(bytes, position, this.littleEndian);
    const second = u32(bytes, position + 4, this.littleEndian);
    const high = this.littleEndian ? second : first;
    const low = this.littleEndian ? first : second;
    const signedHigh = high | 0;
    if (signedHigh > 0x1fffff || signedHigh < -0x200000) {
      throw formatError(CaptureErrorCode.BadFile, this.info, offset, `pcapng if_tsoffset ${hex(high)}${low.toString(16).padStart(8, '0')} is beyond ±2^53 seconds`);
    }
    return signedHigh * 4294967296 + low;
  }

  private readPacket(bytes: Uint8Array, start: number, length: number, offset: number, interfaceId: number, name: string): FrameRecord {
    const iface = this.interfaceFor(interfaceId, offset, name);
    const capturedLength = u32(bytes, start + 20, this.littleEndian);
    const room = length - 32;
    if (capturedLength > room) {
      throw formatError(CaptureErrorCode.BadFile, this.info, offset, `pcapng ${name} captured length ${capturedLength} > ${room} bytes of block body`);
    }
    if (capturedLength > MAX_PACKET_BYTES) {
      throw formatError(CaptureErrorCode.BadFile, this.info, offset, `pcapng ${name} captured length ${capturedLength} > maximum ${MAX_PACKET_BYTES}`);
    }
    const clock = iface.clock;
    clock.set(u32(bytes, start + 12, this.littleEndian), u32(bytes, start + 16, this.littleEndian));
    const record = this.record;
    record.tsSec = clock.seconds + iface.offsetSeconds;
    record.tsNsec = clock.nanoseconds;
    return this.fill(record, bytes, start + 28, capturedLength, u32(bytes, start + 24, this.littleEndian), iface, interfaceId, offset);
  }

  /** An SPB has no timestamp; it keeps the previous packet's time so merged order stays stable. */
  private readSimplePacket(bytes: Uint8Array, start: number, length: number, offset: number): FrameRecord {
    const iface = this.interfaceFor(0, offset, 'SPB');
    const originalLength = u32(bytes, start + 8, this.littleEndian);
    let capturedLength = Math.min(originalLength, length - 16);
    if (iface.snapLength !== 0) capturedLength = Math.min(capturedLength, iface.snapLength);
    if (capturedLength > MAX_PACKET_BYTES) {
      throw formatError(CaptureErrorCode.BadFile, this.info, offset, `pcapng SPB captured length ${capturedLength} > maximum ${MAX_PACKET_BYTES}`);
    }
    return this.fill(this.record, bytes, start + 12, capturedLength, originalLength, iface, 0, offset);
  }

  private fill(record: FrameRecord, bytes: Uint8Array, dataStart: number, capturedLength: number, originalLength: number,
    iface: Interface, interfaceId: number, offset: number): FrameRecord {
    record.offset = offset;
    record.linkType = iface.linkType;
    record.interfaceId = this.interfaceBase + interfaceId;
    record.capturedLength = capturedLength;
    record.originalLength = originalLength;
    record.data = bytes;
    record.dataOffset = dataStart;
    return record;
  }

  private interfaceFor(interfaceId: number, offset: number, name: string): Interface {
    const iface = this.interfaces[interfaceId];
    if (!iface) {
      throw formatError(CaptureErrorCode.BadFile, this.info, offset,
        `pcapng ${name} interface id ${interfaceId} >= ${this.interfaces.length} interfaces described in this section`);
    }
    return iface;
  }
}

function blockName(type: number): string {
  return BLOCK_NAMES[type] ?? `block type ${hex(type)}`;
}
