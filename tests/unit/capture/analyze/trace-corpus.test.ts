/**
 * Findings about the trace itself on public captures: files that stop before their first packet,
 * and traces with no TCP this tool could decode. The facts come from the corpus manifest
 * (tshark/capinfos); without the corpus folder the suite is skipped.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../src/lib/capture/report';
import { GUIDE_STEPS } from '../../../../src/lib/guide/steps';
import { analyzeCorpusFile as analyze, CORPUS_MISSING, PUBLIC_CORPUS } from '../public-corpus';

async function findingsOf(file: string, kind: Finding['kind']): Promise<Finding[]> {
  return (await analyze(file)).findings.filter((finding) => finding.kind === kind);
}

describe.skipIf(PUBLIC_CORPUS === undefined)(`Findings about the trace itself${PUBLIC_CORPUS === undefined ? ` ${CORPUS_MISSING}` : ''}`, () => {
  it('calls a file that stops before its first packet unreadable, an error, with a next step', async () => {
    // MANIFEST: libpcap__pcap-invalid-version-1.pcap, pcap header version 1.x, 0 packets read by tshark.
    const [unreadable] = await findingsOf('libpcap__pcap-invalid-version-1.pcap', 'capture-damaged');
    expect(unreadable).toMatchObject({ severity: 'error', step: GUIDE_STEPS.collectWireshark });
    expect(unreadable.summary).toMatch(/^libpcap__pcap-invalid-version-1\.pcap could not be read: .*pcap major version 1.*, before its first packet\. If Wireshark opens it, save it again as pcapng/);
    expect(unreadable.summary).not.toMatch(/0 packets/);
  });

  it('keeps a file damaged after some packets a warning that says what was covered', async () => {
    // MANIFEST: dpkt__truncated_dns_2.pcap, 247 bytes, 1 packet; the second record header is cut short at byte 240.
    const [damaged] = await findingsOf('dpkt__truncated_dns_2.pcap', 'capture-damaged');
    expect(damaged).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.collectStop });
    expect(damaged.summary).toMatch(/is damaged at byte 240 .*; the analysis covers the 1 packet before that point\.$/);
  });

  it('does not claim "no TCP at all" for packets it could not decode', async () => {
    // MANIFEST: tcpdump__heapoverflow-tcp_print.pcap, 1 Ethernet packet; tshark -V decodes it as TCP (IPv4 protocol 6) with
    // nonsense flags and options, where our decoder finds the TCP header cut short.
    const [cutShort] = await findingsOf('tcpdump__heapoverflow-tcp_print.pcap', 'no-tcp');
    expect(cutShort.severity).toBe('warning');
    expect(cutShort.summary).toMatch(/could not decode it \(transport header cut short: 1\), which may be TCP/);
    // MANIFEST: tcpdump__brcm-tag.pcap, pcap link type 281 (Broadcom switch tag), which tshark cannot read either.
    const [linkType] = await findingsOf('tcpdump__brcm-tag.pcap', 'no-tcp');
    expect(linkType.summary).toMatch(/holds 23 packets and no TCP this tool could read, but it could not decode any of them \(link type 281: 23\)/);
    // A DNS-only trace read in full still gets the plain verdict.
    const [dnsOnly] = await findingsOf('gopacket__test_dns.pcap', 'no-tcp');
    expect(dnsOnly).toMatchObject({ severity: 'info', step: GUIDE_STEPS.collectIpNetstat });
    expect(dnsOnly.summary).toMatch(/but no TCP at all/);
  });
});
