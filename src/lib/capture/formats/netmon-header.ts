/**
 * Microsoft Network Monitor capture file header, after Wireshark's wiretap/netmon.c (facts
 * only) and the Network Monitor 3.x help's "Capture File Format" pages.
 *
 * 128 bytes, little-endian: magic "RTSS" (1.x) or "GMBU" (2.x); minor and major version
 * (one byte each); media type (u16); capture start as a SYSTEMTIME (8 x u16: year, month,
 * day of week, day, hour, minute, second, millisecond); then u32 offset/length pairs:
 * frame table @24/28, user data @32/36, comments @40/44, process info offset/count @48/52,
 * network info @56/60.
 */
import { startsWithAscii, u16le, u32le } from '../../io/bytes';

export const NETMON_HEADER_BYTES = 128;

export interface NetmonHeader {
  major: number;
  minor: number;
  mediaType: number;
  /** Capture start from the SYSTEMTIME, read as UTC (the file does not say which zone it was taken in). */
  startSeconds: number;
  startNanoseconds: number;
  frameTableOffset: number;
  frameTableLength: number;
  /** Where user data, comments, process info and network info start (0 when absent): records end before them. */
  otherRegionOffsets: number[];
}

export function sniff(head: Uint8Array): 'mine' | 'not-mine' {
  return startsWithAscii(head, 'RTSS') || startsWithAscii(head, 'GMBU') ? 'mine' : 'not-mine';
}

export function describe(head: Uint8Array): { label: string; version?: string } {
  if (head.length < 6) return { label: 'Network Monitor' };
  const version = `${head[5]}.${head[4]}`;
  return { label: `Network Monitor ${version}`, version };
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Parses the fixed header; the caller has checked the magic and that 128 bytes exist. */
export function parseNetmonHeader(head: Uint8Array): NetmonHeader {
  const days = daysFromCivil(u16le(head, 8), u16le(head, 10), u16le(head, 14));
  return {
    minor: head[4],
    major: head[5],
    mediaType: u16le(head, 6),
    startSeconds: days * 86_400 + u16le(head, 16) * 3600 + u16le(head, 18) * 60 + u16le(head, 20),
    startNanoseconds: u16le(head, 22) * 1_000_000,
    frameTableOffset: u32le(head, 24),
    frameTableLength: u32le(head, 28),
    otherRegionOffsets: [32, 40, 48, 56].map((field) => u32le(head, field)),
  };
}
