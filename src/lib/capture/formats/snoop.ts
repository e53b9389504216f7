/**
 * Sun snoop capture files (RFC 1761), read as Wireshark's wiretap/snoop.c reads them.
 *
 * File header (16 bytes): "snoop\0\0\0", version (u32), datalink type (u32). Record header
 * (24 bytes): original length, included length, record length (header + data + padding),
 * cumulative drops, seconds, microseconds; then the data, padded to the record length. Every
 * field is big-endian. Shomiti/Finisar Surveyor wrote the same layout with its own datalink
 * numbering and a 20-byte trailer in the padding; like wiretap, we tell the two apart by the
 * first record's padding.
 */
import type { ByteWindow } from '../../io/byte-window';
import { hex, startsWithAscii, u32be } from '../../io/bytes';
import { CaptureErrorCode, LinkType, type FileInfo, type FrameRecord } from '../records';
import { emptyRecord, formatError, MAX_PACKET_BYTES, noteLinkType, RecordTimes } from './format-common';
import type { SequentialParser } from './sequential-reader';

const MAGIC = 'snoop\0\0\0';
const FILE_HEADER_BYTES = 16;
const RECORD_HEADER_BYTES = 24;
/** Snoop itself writes version 2; Surveyor 3.0 wrote 3, 4 or 5 by capture hardware, with the same records. */
const KNOWN_VERSIONS = [2, 3, 4, 5];
/** Padding at least this long in the first record is a Surveyor trailer (wiretap's `struct shomiti_trailer`). */
const SHOMITI_TRAILER_BYTES = 20;
/**
 * Snoop pads a record to 4 bytes and Surveyor adds its 20-byte trailer, so a record length
 * leaving more padding than this is a damaged field; the bound also caps what one record holds.
 */
const MAX_RECORD_PADDING = 256;
/** Datalink types whose records wiretap sets apart with this bit (Solaris-private DL_ values). */
const PRIVATE_BIT = 0x80000000;

const CONVERT = 'convert it with `editcap -F pcapng file.snoop file.pcapng`';

/**
 * Datalink types we decode, after wiretap's `snoop_encap`: DL_CSMACD and DL_ETHER are Ethernet;
 * DL_OTHER and DL_LOOP are what wiretap reads as BSD loopback (LINKTYPE_NULL).
 */
const SNOOP_LINK_TYPES: ReadonlyMap<number, number> = new Map([
  [0, LinkType.ETHERNET],
  [4, LinkType.ETHERNET],
  [9, LinkType.NULL],
  [14, LinkType.NULL],
]);

/** Surveyor's numbering (wiretap's `shomiti_encap`): 802.3, Ethernet, Fast, Gigabit and 10 Gigabit Ethernet. Its frames keep their FCS. */
const SHOMITI_LINK_TYPES: ReadonlyMap<number, number> = new Map([
  [0, LinkType.ETHERNET],
  [4, LinkType.ETHERNET],
  [10, LinkType.ETHERNET],
  [12, LinkType.ETHERNET],
  [19, LinkType.ETHERNET],
]);

/** Datalink types wiretap reads but our decoders do not, named so the fault says what the file holds. */
const SNOOP_OTHER_MEDIA: ReadonlyMap<number, string> = new Map([
  [2, 'token ring'],
  [8, 'FDDI'],
  [16, 'IP over Fibre Channel'],
  [18, 'SunATM (ATM classical IP)'],
  [26, 'IP over InfiniBand'],
  [PRIVATE_BIT | 5, 'Solaris ipnet'],
]);
const SHOMITI_OTHER_MEDIA: ReadonlyMap<number, string> = new Map([
  [2, 'token ring'],
  [8, 'FDDI'],
  [11, 'token ring'],
  [13, 'token ring'],
  [14, 'token ring'],
  [18, '802.11 with radio header'],
]);

export function sniff(head: Uint8Array): 'mine' | 'not-mine' {
  return startsWithAscii(head, MAGIC) ? 'mine' : 'not-mine';
}

export function describe(head: Uint8Array): { label: string; version?: string } {
  return { label: 'Sun snoop', version: head.length >= 12 ? String(u32be(head, 8)) : undefined };
}

export class SnoopParser implements SequentialParser {
  readonly info: FileInfo;
  readonly skipped: Record<string, number> = {};
  private readonly record: FrameRecord;
  private readonly times: RecordTimes;
  private linkType = 0;
  private headerDone = false;

  constructor(name: string, head: Uint8Array, fileIndex: number) {
    this.record = emptyRecord(fileIndex);
    this.info = { name, format: 'snoop', version: describe(head).version, linkTypes: [], timePrecisionDigits: 6 };
    this.times = new RecordTimes(this.info, 1_000_000);
  }

  next(window: ByteWindow): FrameRecord | null {
    if (!this.headerDone && !this.readFileHeader(window)) return null;
    const bytes = window.bytes;
    const start = window.position;
    const available = bytes.length - start;
    if (available < RECORD_HEADER_BYTES) {
      if (window.final && available > 0) {
        throw formatError(CaptureErrorCode.ShortRead, this.info, window.fileOffset,
          `snoop record header needs ${RECORD_HEADER_BYTES} bytes, file ends after ${available}`);
      }
      return null;
    }
    const originalLength = u32be(bytes, start);
    const includedLength = u32be(bytes, start + 4);
    const recordLength = u32be(bytes, start + 8);
    this.checkLengths(window.fileOffset, originalLength, includedLength, recordLength);
    if (available < recordLength) {
      if (window.final) {
        throw formatError(CaptureErrorCode.ShortRead, this.info, window.fileOffset,
          `snoop record needs ${recordLength} bytes (included length ${includedLength}), file ends after ${available}`);
      }
      return null;
    }
    const record = this.record;
    this.times.set(record, u32be(bytes, start + 16), u32be(bytes, start + 20));
    record.offset = window.fileOffset;
    record.capturedLength = includedLength;
    record.originalLength = originalLength;
    record.linkType = this.linkType;
    record.data = bytes;
    record.dataOffset = start + RECORD_HEADER_BYTES;
    window.position = start + recordLength;
    return record;
  }

  /** wiretap's limits, plus a bound on padding so a damaged record length cannot make us wait for gigabytes. */
  private checkLengths(offset: number, originalLength: number, includedLength: number, recordLength: number): void {
    const bad = (reason: string) => formatError(CaptureErrorCode.BadFile, this.info, offset, reason);
    if (originalLength > MAX_PACKET_BYTES) throw bad(`snoop record original length ${originalLength} > maximum ${MAX_PACKET_BYTES}`);
    if (includedLength > MAX_PACKET_BYTES) throw bad(`snoop record included length ${includedLength} > maximum ${MAX_PACKET_BYTES}`);
    const least = RECORD_HEADER_BYTES + includedLength;
    if (recordLength < least) {
      throw bad(`snoop record length ${recordLength} < ${RECORD_HEADER_BYTES}-byte header + included length ${includedLength}`);
    }
    if (recordLength - least > MAX_RECORD_PADDING) {
      throw bad(`snoop record length ${recordLength} leaves ${recordLength - least} bytes of padding after included length ${includedLength} (at most ${MAX_RECORD_PADDING})`);
    }
  }

  /** Reads the file header and the first record header, whose padding says snoop or Surveyor. */
  private readFileHeader(window: ByteWindow): boolean {
    const bytes = window.bytes;
    const start = window.position;
    const available = bytes.length - start;
    if (available < FILE_HEADER_BYTES) {
      if (window.final) {
        throw formatError(CaptureErrorCode.ShortRead, this.info, 0, `snoop file header needs ${FILE_HEADER_BYTES} bytes, file has ${available}`);
      }
      return false;
    }
    if (available < FILE_HEADER_BYTES + RECORD_HEADER_BYTES && !window.final) return false;
    const version = u32be(bytes, start + 8);
    if (!KNOWN_VERSIONS.includes(version)) {
      throw formatError(CaptureErrorCode.Unsupported, this.info, 8, `snoop version ${version} unsupported (versions 2 to 5 are defined)`);
    }
    const first = start + FILE_HEADER_BYTES;
    // An empty capture has no record to judge by; its link type matters to nothing, so it counts as snoop.
    const shomiti = available >= FILE_HEADER_BYTES + RECORD_HEADER_BYTES
      && u32be(bytes, first + 8) >= RECORD_HEADER_BYTES + u32be(bytes, first + 4) + SHOMITI_TRAILER_BYTES;
    this.linkType = this.linkTypeOf(u32be(bytes, start + 12), shomiti);
    noteLinkType(this.info, this.linkType);
    window.position = first;
    this.headerDone = true;
    return true;
  }

  private linkTypeOf(datalink: number, shomiti: boolean): number {
    const linkType = (shomiti ? SHOMITI_LINK_TYPES : SNOOP_LINK_TYPES).get(datalink);
    if (linkType !== undefined) return linkType;
    const media = (shomiti ? SHOMITI_OTHER_MEDIA : SNOOP_OTHER_MEDIA).get(datalink);
    const kind = shomiti ? 'Shomiti/Surveyor snoop datalink type' : 'snoop datalink type';
    const reason = `${kind} ${datalink >= PRIVATE_BIT ? hex(datalink) : datalink}${media ? ` (${media})` : ''} is not decoded here: only Ethernet and loopback are`;
    const hint = media
      ? `Wireshark reads this capture: open it there, or ${CONVERT} to keep it for other tools.`
      : 'Wireshark does not read this datalink type either, so `editcap` cannot convert it; check that the file is a whole snoop capture.';
    throw formatError(CaptureErrorCode.Unsupported, this.info, 12, reason, hint);
  }
}
