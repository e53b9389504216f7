import { CaptureAnalyzer } from '../../../../src/lib/capture/analyze/capture-analyzer';
import type { CaptureReport } from '../../../../src/lib/capture/report';
import { frameRecord, type Path, type TimedFrame } from './frame-builder';

export const T0 = 1_700_000_000;

/** A frame `seconds` after T0, for scenarios whose timing matters. */
export const at = (seconds: number, bytes: Uint8Array): TimedFrame => ({ bytes, time: T0 + seconds });

/** Runs frames straight through the analyzer, as one microsecond pcap file would deliver them. */
export function analyzeFrames(frames: Array<Uint8Array | TimedFrame>, ladderLimit?: number): CaptureReport {
  const analyzer = new CaptureAnalyzer({ ladderLimit });
  frames.forEach((frame, index) => {
    const timed = frame instanceof Uint8Array ? { bytes: frame, time: T0 + index * 0.01 } : frame;
    analyzer.addFrame(frameRecord(timed, index + 1));
  });
  return analyzer.report({
    files: [{ name: 'scenario.pcap', format: 'pcap', version: '2.4', linkTypes: [1], timePrecisionDigits: 6 }],
    perFile: [{ packets: frames.length, bytes: 0, skipped: {} }],
    faults: [],
  });
}

/** Captured on a Windows client (TTL 128, 0 hops); the Windows server is 21 hops away (TTL 107). */
export const clientToRemoteServer: Path = {
  client: '10.0.0.9',
  server: '10.20.30.40',
  clientPort: 50123,
  serverPort: 443,
  clientTtl: 128,
  serverTtl: 107,
};
