/**
 * Files people drop on a capture analyzer that are not captures we read. Each is recognised
 * by its magic bytes and named, with the next step to take.
 */
import { startsWithAscii, u16le, u32le } from '../../io/bytes';
import type { NonCaptureKind } from '../records';

export interface UnsupportedKind {
  kind: NonCaptureKind;
  label: string;
  hint: string;
  sniff(head: Uint8Array): 'mine' | 'not-mine';
}

/**
 * ETL (Event Trace Log, written by `pktmon` and `netsh trace`) has no file magic. It starts
 * with a 72-byte WMI buffer header whose first field is the buffer size (a multiple of 1 KiB),
 * followed by the logfile header event: a system trace header (version 2, header type 1 or 2
 * for 32/64-bit, flags 0xC0 = trace header + event trace) whose hook id is 0 (EVENT_TRACE_GROUP_HEADER,
 * type INFO). We test those fields together.
 */
function sniffEtl(head: Uint8Array): 'mine' | 'not-mine' {
  if (head.length < 0x50) return 'not-mine';
  const bufferSize = u32le(head, 0);
  const headerType = head[0x4a];
  const flags = head[0x4b];
  const plausibleSize = bufferSize >= 1024 && bufferSize % 1024 === 0 && bufferSize <= 64 * 1024 * 1024;
  const systemHeader = (headerType === 1 || headerType === 2) && (flags & 0xc0) === 0xc0;
  return plausibleSize && systemHeader && u16le(head, 0x4c) === 0 ? 'mine' : 'not-mine';
}

/**
 * Mostly printable UTF-8 or UTF-16 text: a log pasted into a file, not a trace. Binary
 * formats almost always have NUL or control bytes within their first few hundred bytes.
 */
function sniffText(head: Uint8Array): 'mine' | 'not-mine' {
  if (head.length === 0) return 'not-mine';
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return 'mine';
  let printable = 0;
  for (let index = 0; index < head.length; index++) {
    const byte = head[index];
    if (byte === 0) return 'not-mine';
    if (byte >= 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) printable++;
  }
  return printable / head.length >= 0.95 ? 'mine' : 'not-mine';
}

export const UNSUPPORTED_KINDS: readonly UnsupportedKind[] = [
  {
    kind: 'etl',
    label: 'Windows event trace (ETL)',
    hint:
      'This is an ETL event trace, not a packet capture. For a pktmon trace run ' +
      '`pktmon etl2pcap file.etl --out file.pcapng` and open file.pcapng. For a `netsh trace` .etl, convert it with ' +
      'etl2pcapng (github.com/microsoft/etl2pcapng): `etl2pcapng file.etl file.pcapng`.',
    sniff: sniffEtl,
  },
  {
    kind: 'evtx',
    label: 'Windows event log (EVTX)',
    hint:
      'This is a Windows event log, not a packet capture. Open it in Event Viewer, export the relevant events as text ' +
      '(or run `wevtutil qe file.evtx /lf:true /f:text`), and paste them into the log analyzer.',
    sniff: (head) => (startsWithAscii(head, 'ElfFile\0') ? 'mine' : 'not-mine'),
  },
  {
    kind: 'zip',
    label: 'zip archive',
    hint: 'This is a zip archive. Extract it first, then open the .cap, .pcap or .pcapng files inside.',
    sniff: (head) => (startsWithAscii(head, 'PK\x03\x04') || startsWithAscii(head, 'PK\x05\x06') ? 'mine' : 'not-mine'),
  },
  {
    kind: 'text',
    label: 'plain text',
    hint: 'This looks like a text log, not a packet capture. Paste it into the log analyzer instead.',
    sniff: sniffText,
  },
];
