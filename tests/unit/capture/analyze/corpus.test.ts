/**
 * The analyzer against Wireshark on real captures: for every file of the public corpus that
 * tshark read without error, our report must give the numbers MANIFEST.json recorded from
 * tshark 4.0 / capinfos (definitions in the manifest's ground_truth_definitions). The capture
 * files are never copied into the repository; without the folder the suite is skipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureReport } from '../../../../src/lib/capture/report';
import { analyzeCorpusFile, CORPUS_MISSING, PUBLIC_CORPUS as corpus } from '../public-corpus';

interface RstTruth {
  frame: number;
  src: string;
  dst: string;
  sport: string;
  dport: string;
  ip_ttl?: number | string;
  ipv6_hlim?: number | string;
}

interface GroundTruth {
  packets: number;
  error: string | null;
  tcp_conversations: number;
  tcp_rst_packets: number;
  rst_packets: RstTruth[];
  syn_retransmissions: number;
  dns_queries: number;
  dns_responses: number;
  dns_nxdomain: number;
  tls_sni: string[];
}

type Measured = ReturnType<typeof measured>;

/**
 * The RSTs left once each one the capture copied is dropped: as far as the manifest's fields show
 * a copy (scripts/fixtures/expected.py checks the whole rule), an RST in the frame right after
 * one alike in endpoints and TTL.
 */
function withoutCopiedResets(resets: string[]): string[] {
  const parts = resets.map((reset) => {
    const space = reset.indexOf(' ');
    return { frame: Number(reset.slice(0, space)), rest: reset.slice(space) };
  });
  return resets.filter((_reset, index) => index === 0 || parts[index - 1].frame !== parts[index].frame - 1 || parts[index - 1].rest !== parts[index].rest);
}

/**
 * Where we knowingly differ from tshark, and why. Every other file must match on every count.
 * Each entry gives, from the truth, the fields we report otherwise.
 */
const TOLERATED: Record<string, { reason: string; expected: (truth: Measured) => Partial<Measured> }> = {
  'tcpdump__quic_handshake.pcap': { reason: 'the SNI is inside a QUIC Initial packet, which tshark decrypts with keys derived from the connection id; we do not decode QUIC', expected: () => ({ serverNames: [] }) },
  'zeek__quic_win11_firefox_google.pcap': { reason: 'QUIC Initial SNI, as above', expected: () => ({ serverNames: [] }) },
  ...Object.fromEntries(
    ['tcpdump__pptp.pcap', 'zeek__m57-long-49583-80.pcap', 'zeek__vnd.ms-cab-compressed-multi-conn.pcap', 'zeek__ctu-62604-80.pcap', 'zeek__rdp-no-cookie-mstshash.pcap'].map((file) => [
      file,
      {
        reason:
          'the capture holds every packet twice, microseconds apart (a mirror port or two interfaces): tshark takes the copied SYNs for retransmissions ' +
          'and lists each RST twice; we count them as copies, as the same rule applied to tshark\'s fields by scripts/fixtures/expected.py does',
        expected: (truth: Measured) => {
          const resets = withoutCopiedResets(truth.resets);
          return { synRetransmissions: 0, resets, rstPackets: resets.length };
        },
      },
    ]),
  ),
  'tcpdump__bigtcp-ipv6.pcap': { reason: 'BIG TCP over IPv6 sets payload length 0 with a jumbo option (RFC 2675); tshark 4.0 stops there, we read the segment', expected: () => ({ tcpConversations: 1 }) },
};

function measured(report: CaptureReport) {
  return {
    packets: report.packets,
    tcpConversations: report.tcp.conversations.length,
    rstPackets: report.tcp.resets.length,
    resets: report.tcp.resets.map((reset) => `${reset.frame} ${reset.src}:${reset.srcPort} > ${reset.dst}:${reset.dstPort} ttl ${reset.ttl}`),
    synRetransmissions: report.tcp.synRetransmissions,
    dnsQueries: report.dns.queries,
    dnsResponses: report.dns.responses,
    dnsNxdomain: report.dns.failures.filter((failure) => failure.rcode === 'NXDOMAIN').length,
    serverNames: report.tls.serverNames,
  };
}

function truthOf(truth: GroundTruth): Measured {
  return {
    packets: truth.packets,
    tcpConversations: truth.tcp_conversations,
    rstPackets: truth.tcp_rst_packets,
    resets: truth.rst_packets.map((rst) => `${rst.frame} ${rst.src}:${rst.sport} > ${rst.dst}:${rst.dport} ttl ${rst.ip_ttl ?? rst.ipv6_hlim}`),
    synRetransmissions: truth.syn_retransmissions,
    dnsQueries: truth.dns_queries,
    dnsResponses: truth.dns_responses,
    dnsNxdomain: truth.dns_nxdomain,
    serverNames: truth.tls_sni ?? [],
  };
}

if (corpus === undefined) {
  describe.skip(`public capture corpus ${CORPUS_MISSING}`, () => {
    it('needs the corpus', () => undefined);
  });
} else {
  const manifest = JSON.parse(readFileSync(join(corpus, 'MANIFEST.json'), 'utf8')) as { files: Array<{ file: string; ground_truth: GroundTruth }> };
  // Files tshark itself could not read whole are the file layer's business (formats/corpus.test.ts).
  const readable = manifest.files.filter((entry) => entry.ground_truth.error === null);

  describe(`analysis matches tshark on ${readable.length} public captures`, () => {
    const cases = readable.map((entry) => {
      const tolerated = TOLERATED[entry.file];
      return [tolerated === undefined ? entry.file : `${entry.file} (known difference: ${tolerated.reason})`, entry.file, entry.ground_truth] as const;
    });
    it.each(cases)('%s', async (_title, file, truth) => {
      const report = await analyzeCorpusFile(file);
      const fromTshark = truthOf(truth);
      const expected = { ...fromTshark, ...TOLERATED[file]?.expected(fromTshark) };
      expect(measured(report)).toEqual(expected);
    });

    it('lists only tolerated differences that still exist in the corpus', () => {
      const names = new Set(manifest.files.map((entry) => entry.file));
      expect(Object.keys(TOLERATED).filter((file) => !names.has(file))).toEqual([]);
    });
  });
}
