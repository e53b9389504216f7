/** Limits and small helpers every format reader shares. */
import { CaptureError, type CaptureErrorCode, type FileInfo, type FrameRecord } from '../records';

/**
 * Largest captured length we accept for one packet: Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD
 * (262144), the snapshot length tcpdump and dumpcap use by default. A larger value is far more
 * likely a damaged length field than a real packet, and it bounds what one record can make us hold.
 */
export const MAX_PACKET_BYTES = 262_144;

/** A fault naming this file and its format; `reason` names the field, its value and the limit. */
export function formatError(code: CaptureErrorCode, info: FileInfo, offset: number, reason: string, hint?: string): CaptureError {
  return new CaptureError({ code, file: info.name, format: info.format, offset, reason, hint });
}

/** Adds a link type to FileInfo.linkTypes the first time it is seen (a short array, scanned linearly). */
export function noteLinkType(info: FileInfo, linkType: number): void {
  if (!info.linkTypes.includes(linkType)) info.linkTypes.push(linkType);
}

/** The one FrameRecord a reader reuses for every packet. */
export function emptyRecord(fileIndex: number): FrameRecord {
  return {
    fileIndex,
    frameNumber: 0,
    offset: 0,
    linkType: 0,
    tsSec: 0,
    tsNsec: 0,
    capturedLength: 0,
    originalLength: 0,
    data: new Uint8Array(0),
    dataOffset: 0,
    interfaceId: 0,
  };
}

/**
 * Sets record times from whole seconds and a count of sub-second units (pcap, snoop), one call per
 * record in file order.
 *
 * A sub-second field of a whole second or more is impossible, and real files hold it (tcpdump's
 * timestamp_invalid_nano.pcap: 1,000,000,000 and 2,147,483,648 ns). Carrying the excess into the
 * seconds moved such a packet up to 4,294 s later and built delay verdicts on that; printing it raw,
 * as tshark does, puts it before the packets around it. Such a record keeps its seconds field (the
 * part tcpdump and capinfos still print sensibly) at the start of that second, no earlier than the
 * record before it in the same second: off by less than a second, and never reordered. It is
 * counted in FileInfo.impossibleTimes so the report can say which times to distrust.
 */
export class RecordTimes {
  private records = 0;
  private previousSeconds = -1;
  private previousNanoseconds = 0;
  private readonly nanosecondsPerUnit: number;

  constructor(
    private readonly info: FileInfo,
    private readonly unitsPerSecond: 1_000_000 | 1_000_000_000,
  ) {
    this.nanosecondsPerUnit = 1_000_000_000 / unitsPerSecond;
  }

  set(record: FrameRecord, seconds: number, units: number): void {
    this.records++;
    record.tsSec = seconds;
    if (units < this.unitsPerSecond) {
      record.tsNsec = units * this.nanosecondsPerUnit;
    } else {
      record.tsNsec = seconds === this.previousSeconds ? this.previousNanoseconds : 0;
      const damage = (this.info.impossibleTimes ??= { records: 0, firstRecord: this.records });
      damage.records++;
    }
    this.previousSeconds = seconds;
    this.previousNanoseconds = record.tsNsec;
  }
}

/** Counts a record skipped on purpose, by kind. */
export function countSkipped(skipped: Record<string, number>, kind: string): void {
  skipped[kind] = (skipped[kind] ?? 0) + 1;
}
