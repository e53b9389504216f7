/**
 * What the fixture tests share: the truth tshark/capinfos wrote beside each capture in
 * tests/fixtures/capture (scripts/fixtures/expected.py), and the pipeline run on the capture itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeCapture } from '../../../src/lib/capture/analyze-capture';
import type { CaptureReport } from '../../../src/lib/capture/report';
import { memorySource } from '../../../src/lib/io/memory-source';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/capture');

interface TtlTruth { ttl: number; initialTtl: number; hops: number }
export interface Expected {
  format: string;
  version: string;
  compressed: boolean;
  linkTypes: number[];
  packets: number;
  timePrecisionDigits: number;
  firstTime: string | null;
  lastTime: string | null;
  tcp: {
    packets: number;
    conversations: Array<{
      client: string; server: string; state: string; packets: number; bytes: number;
      packetsToServer: number; packetsToClient: number; tsharkConvFrames: number | null;
      synRetransmits: number; firstFrame: number; lastFrame: number; firstTime: string;
      clientTtl: TtlTruth | null; serverTtl: TtlTruth | null;
      payloadToServer: number; payloadToClient: number;
      lastPayload: { frame: number; time: string; fromClient: boolean } | null;
    }>;
    resets: Array<TtlTruth & {
      frame: number; time: string; src: string; srcPort: number; dst: string; dstPort: number; sentBy: string;
      afterPeerFin: boolean; crossedPeerFin: boolean; afterOwnFin: boolean; crossingFinFrame?: number;
      previousFrame: number | null; previousTime: string | null; allAcknowledged: boolean;
      /** How far the RST's sequence number lies past its sender's furthest data in the trace. */
      pastOwnData: number;
    }>;
    duplicateFrames: number[];
    /**
     * tcp.analysis.retransmission segments with data: the frame that first carried the same bytes, and
     * whether the other end ever acknowledged them.
     */
    retransmissions: Array<{ frame: number; src: string; dst: string; seq: number; len: number; frameLength: number; originalFrame: number; acknowledged: boolean }>;
    synRetransmissions: number;
  };
  dns: { queries: number; responses: number; answers: Array<{ name: string; rcode: string; server: string; captureCopy: boolean }>; unanswered: Array<{ name: string; time: string; server: string }> };
  tls: {
    serverNames: string[];
    /** Plaintext alerts (tls.alert_message), with tshark's name for the description and the server name of their stream. */
    alerts: Array<{ frame: number; src: string; dst: string; level: number; description: number; descriptionName: string; serverName: string | null }>;
    /** Per packet with a Certificate message tshark decoded: its sender and the common names on the first certificate. */
    certificates: Array<{ frame: number; src: string; subject: string | null; issuer: string | null }>;
  };
  proxyTunnels: Array<{ frame: number; stream: number; target: string; statuses: number[] }>;
  icmpUnreachable: Array<{ frame: number; type: number; code: number; quotedUdpSourcePort: number | null }>;
}

const CAPTURE_FILE = /\.(pcap|pcapng|cap|snoop|gz)$/;

/** Every format variant of each scenario's capture (one folder per scenario). */
export function scenarioFilesOf(scenarios: string[]): Array<{ scenario: string; file: string; path: string }> {
  return scenarios.flatMap((scenario) =>
    readdirSync(join(FIXTURES, scenario))
      .filter((name) => CAPTURE_FILE.test(name))
      .map((name) => ({ scenario, file: `${scenario}/${name}`, path: join(FIXTURES, scenario, name) })),
  );
}

export function expectedFor(path: string): Expected {
  return JSON.parse(readFileSync(`${path}.expected.json`, 'utf8')) as Expected;
}

export function analyzeFiles(paths: string[]): Promise<CaptureReport> {
  return analyzeCapture(paths.map((path) => memorySource(basename(path), new Uint8Array(readFileSync(path)))));
}

/** Seconds since 1970 of an ISO time as the truth writes it (up to 9 fraction digits). */
export function isoSeconds(iso: string): number {
  const fraction = /\.(\d+)Z$/.exec(iso)?.[1] ?? '0';
  return Date.parse(`${iso.slice(0, 19)}Z`) / 1000 + Number(`0.${fraction}`);
}
