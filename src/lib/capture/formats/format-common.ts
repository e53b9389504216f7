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
 * Sets a record's time from whole seconds and a count of `unitsPerSecond` units. A sub-second
 * field of a whole second or more is damage seen in real files (tcpdump's
 * timestamp_invalid_nano.pcap); carrying it into the seconds keeps tsNsec in range.
 */
export function setRecordTime(record: FrameRecord, seconds: number, units: number, unitsPerSecond: 1_000_000 | 1_000_000_000): void {
  const nanosecondsPerUnit = 1_000_000_000 / unitsPerSecond;
  if (units < unitsPerSecond) {
    record.tsSec = seconds;
    record.tsNsec = units * nanosecondsPerUnit;
  } else {
    const carried = Math.floor(units / unitsPerSecond);
    record.tsSec = seconds + carried;
    record.tsNsec = (units - carried * unitsPerSecond) * nanosecondsPerUnit;
  }
}

/** Counts a record skipped on purpose, by kind. */
export function countSkipped(skipped: Record<string, number>, kind: string): void {
  skipped[kind] = (skipped[kind] ?? 0) + 1;
}
