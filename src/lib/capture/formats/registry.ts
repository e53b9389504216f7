/**
 * Which reader each capture kind gets, and the fault for files that are not captures.
 * Detection itself (magic bytes -> kind) is the registry in detect.ts.
 */
import type { CaptureFault, NonCaptureKind, RecordReader } from '../records';
import { CaptureErrorCode } from '../records';
import type { Detection } from './detect';
import { PcapParser } from './pcap';
import { PcapngParser } from './pcapng';
import { SnoopParser } from './snoop';
import type { SequentialParser } from './sequential-reader';

export interface ReaderOptions {
  signal?: AbortSignal;
  /** Bytes per read (default 2 MiB). */
  chunkSize?: number;
  /** Largest inflated size of a gzip-compressed NetMon file, which must be held in memory to seek (default 512 MiB). */
  maxInflatedNetmonBytes?: number;
}

export type OpenedFile = { reader: RecordReader } | { fault: CaptureFault };

/** The formats whose records follow one another, read by a SequentialParser. */
export type SequentialKind = 'pcap' | 'pcapng' | 'snoop';

export function isSequential(kind: string): kind is SequentialKind {
  return kind === 'pcap' || kind === 'pcapng' || kind === 'snoop';
}

export function sequentialParser(kind: SequentialKind, name: string, head: Uint8Array, fileIndex: number): SequentialParser {
  switch (kind) {
    case 'pcap':
      return new PcapParser(name, head, fileIndex);
    case 'pcapng':
      return new PcapngParser(name, head, fileIndex);
    case 'snoop':
      return new SnoopParser(name, head, fileIndex);
  }
}

/** The fault for a file we recognised as something other than a capture we read (or did not recognise). */
export function notACapture(file: string, detection: Detection, wrapper = ''): { fault: CaptureFault } {
  return {
    fault: {
      code: detection.kind === 'unknown' ? CaptureErrorCode.UnknownFormat : CaptureErrorCode.Unsupported,
      file,
      offset: 0,
      reason: `${wrapper}${detection.label}: not a packet capture this tool reads`,
      hint: detection.hint,
      ...(detection.kind !== 'unknown' ? { notCapture: detection.kind as NonCaptureKind } : {}),
    },
  };
}
