/**
 * Findings about the trace itself on public captures: files that stop before their first packet,
 * and traces with no TCP this tool could decode. The facts come from the corpus manifest
 * (tshark/capinfos); without the corpus folder the suite is skipped.
 */
import { describe, expect, it } from 'vitest';
import { NOT_IP_REASON, type Finding } from '../../../../src/lib/capture/report';
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
    // MANIFEST: tcpdump__hoobr_juniper3.pcap, link type field 0x30000084, link type 132; `tcpdump -nn -r` prints
    // "link-type JUNIPER_ES (Juniper Encryption Services PIC)", a link type this tool does not decode.
    const [linkType] = await findingsOf('tcpdump__hoobr_juniper3.pcap', 'no-tcp');
    expect(linkType.severity).toBe('warning');
    expect(linkType.summary).toMatch(/could not decode it \(Juniper Encryption Services PIC \(link type 132\): 1\), which may be TCP\. .*or capture again on the network adapter the connection uses/);
    // A DNS-only trace read in full still gets the plain verdict.
    const [dnsOnly] = await findingsOf('gopacket__test_dns.pcap', 'no-tcp');
    expect(dnsOnly).toMatchObject({ severity: 'info', step: GUIDE_STEPS.collectIpNetstat });
    // tshark -r gopacket__test_dns.pcap: 10 DNS packets over UDP, which the DNS findings read.
    expect(dnsOnly.summary).toMatch(/^The trace holds 10 packets but no TCP at all: if a connection was the question, this capture missed it .* what it holds over UDP, such as DNS, is read here all the same\.$/);
  });

  it('keeps the re-save advice for a part this tool does not read after some packets', async () => {
    // MANIFEST: gopacket__be_test901.pcapng, 1 packet, then "pcapng: unknown SHB version 2.0" (capinfos).
    const [unsupported] = await findingsOf('gopacket__be_test901.pcapng', 'capture-damaged');
    expect(unsupported).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.collectWireshark });
    expect(unsupported.summary).toMatch(/does not read at byte 492 .*covers the 1 packet before that point\. If Wireshark opens it, save it again as pcapng/);
  });

  it('reads 802.11 ACK control frames as not IP, and so finds no TCP at all in a Wi-Fi trace', async () => {
    // `tshark -r tcpdump__ieee802.11_exthdr.pcap -T fields -e frame.number -e wlan.fc.type -e wlan.fc.subtype`:
    // 26 frames, type 0 (management) and type 1 subtype 13 (ACK: frames 2, 5, 8, 11, 14, 17, 20, 23), and two
    // null-function data frames (25, 26); nothing is IP.
    const report = await analyze('tcpdump__ieee802.11_exthdr.pcap');
    expect(report.undecoded).toEqual({ [NOT_IP_REASON]: 26 });
    const [noTcp] = report.findings.filter((finding) => finding.kind === 'no-tcp');
    expect(noTcp).toMatchObject({ severity: 'info', step: GUIDE_STEPS.collectIpNetstat });
    // `tshark -r libpcap__http_PPI.pcap -Y "wlan.fc.type == 1"`: frames 2 and 4, 802.11 ACKs inside PPI.
    expect((await analyze('libpcap__http_PPI.pcap')).undecoded).toEqual({ [NOT_IP_REASON]: 2 });
  });

  it('reads Broadcom-tagged Ethernet, which Wireshark 4.0 refuses and tcpdump decodes', async () => {
    // `tcpdump -nn -r tcpdump__brcm-tag.pcap`: "link-type DSA_TAG_BRCM (Broadcom tag)", 23 packets:
    // 8 BOOTP/DHCP (UDP), 9 ICMP echo, 6 ARP; `| grep -c BOOTP` gives 8, `| grep -c ARP` gives 6.
    const report = await analyze('tcpdump__brcm-tag.pcap');
    expect([report.packets, report.udp.packets, report.undecoded]).toEqual([23, 8, { [NOT_IP_REASON]: 6 }]);
    const [noTcp] = report.findings.filter((finding) => finding.kind === 'no-tcp');
    expect(noTcp).toMatchObject({ severity: 'info' });
  });

  it('names a link type that never carries IP and points to the adapter the connection uses', async () => {
    // capinfos: "File encapsulation: Linux vsock" (10 packets), "Linux Netlink" (13), "BACnet MS/TP" (10).
    for (const [file, packets, name] of [
      ['tcpdump__vsock-1.pcapng', 10, 'Linux vsock \\(link type 271\\)'],
      ['pcapplusplus__microsecs_big_endian.pcap', 13, 'Linux netlink \\(link type 253\\)'],
      ['libpcap__mstp_20140225214217.pcap', 10, 'BACnet MS/TP \\(link type 165\\)'],
    ] as const) {
      const [noTcp] = await findingsOf(file, 'no-tcp');
      expect(noTcp.severity).toBe('info');
      expect(noTcp.summary).toMatch(new RegExp(`^The trace holds ${packets} packets but no TCP at all: it was recorded on ${name}, which never carries IP, so not on the network adapter the connection uses\\.`));
    }
  });

  it('says which packets carry impossible time stamps and builds no delay verdict on them', async () => {
    // `tshark -r tcpdump__timestamp_invalid_nano.pcap -T fields -e frame.number -e frame.time_epoch`:
    //   1  1418145369.999999999   2  1418145370.1000000000   3  -1418145370.2147483648
    // (nanosecond fields 1,000,000,000 and 2,147,483,648); capinfos: "Last packet time: 2014-12-09 17:16:10.-2147483648".
    const report = await analyze('tcpdump__timestamp_invalid_nano.pcap');
    expect([report.packets, report.firstTime, report.lastTime]).toEqual([3, '2014-12-09T17:16:09.999999999Z', '2014-12-09T17:16:10.000000000Z']);
    // Carried into the seconds, the SYN-ACK read 1.0 s after the SYN: a slow-connect warning built on a broken field.
    expect(report.findings.map((finding) => finding.kind)).not.toContain('slow-connect');
    const [damaged] = report.findings.filter((finding) => finding.kind === 'capture-damaged');
    expect(damaged).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.collectWireshark, evidence: { frames: [] } });
    expect(damaged.summary).toMatch(/^tcpdump__timestamp_invalid_nano\.pcap: 2 packets, the first being packet 2 of the file, carry impossible time stamps \(a nanosecond part of a whole second or more\)\. .*off by up to a second/);
  });
});
