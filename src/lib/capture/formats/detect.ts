/**
 * Which kind of file this is, from its first bytes only (never its name: people rename
 * .pcapng to .cap and back). Capture formats and recognised non-captures each live in their
 * own module with a `sniff(head)`; this file is the explicit registry, in test order.
 */
import { u32be } from '../../io/bytes';
import * as gzip from './gzip';
import * as netmon from './netmon-header';
import * as pcap from './pcap';
import * as pcapng from './pcapng';
import * as snoop from './snoop';
import { UNSUPPORTED_KINDS } from './unsupported';

export type DetectedKind = 'pcap' | 'pcapng' | 'netmon' | 'gzip' | 'etl' | 'evtx' | 'zip' | 'snoop' | 'text' | 'unknown';

export interface Detection {
  kind: DetectedKind;
  /** "pcapng (little-endian)", "Network Monitor 2.3", "pcap (nanosecond, big-endian)", "gzip-compressed data". */
  label: string;
  version?: string;
  supported: boolean;
  /** What to do next, for kinds we do not read. */
  hint?: string;
}

interface CaptureFormatModule {
  kind: 'pcap' | 'pcapng' | 'netmon' | 'snoop';
  sniff(head: Uint8Array): 'mine' | 'not-mine';
  describe(head: Uint8Array): { label: string; version?: string };
}

/** The formats we read, tried in this order. */
export const CAPTURE_FORMATS: readonly CaptureFormatModule[] = [
  { kind: 'pcapng', sniff: pcapng.sniff, describe: pcapng.describe },
  { kind: 'pcap', sniff: pcap.sniff, describe: pcap.describe },
  { kind: 'netmon', sniff: netmon.sniff, describe: netmon.describe },
  { kind: 'snoop', sniff: snoop.sniff, describe: snoop.describe },
];

/** Enough leading bytes for every sniffer (ETL needs 0x50; text needs a few hundred to judge). */
export const DETECTION_HEAD_BYTES = 4096;

export function detectFormat(head: Uint8Array): Detection {
  for (const format of CAPTURE_FORMATS) {
    if (format.sniff(head) === 'mine') return { kind: format.kind, supported: true, ...format.describe(head) };
  }
  if (gzip.sniff(head) === 'mine') return { kind: 'gzip', label: 'gzip-compressed data', supported: true };
  for (const other of UNSUPPORTED_KINDS) {
    if (other.sniff(head) === 'mine') return { kind: other.kind, label: other.label, supported: false, hint: other.hint };
  }
  const first = head.length >= 4 ? `0x${u32be(head, 0).toString(16).padStart(8, '0')}` : head.length === 0 ? 'none, the file is empty' : `only ${head.length}`;
  return {
    kind: 'unknown',
    label: head.length === 0 ? 'empty file' : 'unknown format',
    supported: false,
    hint:
      `Not a capture format we recognise (first bytes: ${first}). Save the capture as pcapng or pcap ` +
      '(Wireshark, tcpdump, `pktmon etl2pcap`) or as a Network Monitor .cap and try again.',
  };
}
