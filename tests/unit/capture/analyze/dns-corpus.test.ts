/**
 * DNS verdicts on real captures from the public corpus, each against what tshark shows in them
 * (the command is quoted at each case). The capture files are never copied into the repository;
 * without the folder the suite is skipped.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSource } from '../../../../src/cli/file-source';
import { CaptureAnalyzer } from '../../../../src/lib/capture/analyze/capture-analyzer';
import { openTrace } from '../../../../src/lib/capture/read-trace';
import type { CaptureReport, Finding } from '../../../../src/lib/capture/report';
import { CORPUS_MISSING, PUBLIC_CORPUS } from '../public-corpus';

const ADOD_UNJOIN = 'prot-od-netcaps__MS-ADOD_Example1_4_WS2019v2004_X64_Win10v2004_X64_Domain_UnjoiningADomainMember.pcapng';
const ADOD_LDAP = 'prot-od-netcaps__MS-ADOD_Example2_10_WS2019v2004_X64_Win10v2004_X64_Domain_ObtainAListOfUserAccountsUsingTheLDAPProtocol.pcapng';
const WSUS_ICMP_ONLY = 'prot-od-netcaps__MS-WSUSOD_Example3_W2K16_X64_Win10_X64_Domain.cap';
const GPOD_REVERSE = 'prot-od-netcaps__MS-GPOD_Example4_Win2016_X64_Win10_X64.cap';
const NXDOMAIN_REVERSE = 'pcapplusplus__many_interfaces-1.pcapng';
const CCROD_ISOLATED = 'prot-od-netcaps__MS-CCROD_Example2Peer2_Win2016_X64_Win10_X64_Domain_CePark.cap';
const CCROD_NO_FORWARDER = 'prot-od-netcaps__MS-CCROD_Example2Peer1Version2_Win2016_X64_Win10_X64_Domain_CePark.cap';
const ADOD_ACCESS = 'prot-od-netcaps__MS-ADOD_Example2_18_Win2016_X64_Win2016_X64_Domain_ManageAccessControlOnDirectoryObjects.cap';
const FASOD_WORKGROUP = 'prot-od-netcaps__MS-FASOD_Example1_Win2019v2004_X64_Win10v2004_X64_Workgroup.pcapng';

/** The report of a corpus file, or of its first `lastFrame` frames: the same trace as if the capture had stopped there. */
async function analyze(file: string, lastFrame = Number.POSITIVE_INFINITY): Promise<CaptureReport> {
  const source = await openFileSource(join(PUBLIC_CORPUS as string, file));
  try {
    const trace = await openTrace([source]);
    const analyzer = new CaptureAnalyzer();
    do {
      for (let record = trace.next(); record !== null; record = trace.next()) {
        if (record.frameNumber <= lastFrame) analyzer.addFrame(record);
      }
    } while (await trace.load());
    for (let record = trace.next(); record !== null; record = trace.next()) if (record.frameNumber <= lastFrame) analyzer.addFrame(record);
    return analyzer.report(trace);
  } finally {
    await source.close();
  }
}

function citing(report: CaptureReport, frame: number): Finding[] {
  return report.findings.filter((finding) => finding.evidence.frames.includes(frame));
}

const dnsFindings = (report: CaptureReport) => report.findings.filter((finding) => finding.kind.startsWith('dns'));

describe.skipIf(PUBLIC_CORPUS === undefined)(`DNS verdicts on the public corpus${PUBLIC_CORPUS === undefined ? ` ${CORPUS_MISSING}` : ''}`, () => {
  // tshark -r ADOD_UNJOIN -Y 'dns.flags.opcode == 5' -T fields -e frame.number -e dns.flags.response -e dns.flags.rcode
  //   32 0 / 33 1 5 (REFUSED) / 41 0 / 45 1 0: Windows' unsigned update refused, then its signed one accepted.
  it('a dynamic update refused, then accepted signed, is not a failed look-up', async () => {
    const report = await analyze(ADOD_UNJOIN);
    // tshark counts 4 queries (dns.flags.response == 0), 2 of them standard (dns.flags.opcode == 0).
    expect([report.dns.queries, report.dns.unicastQueries]).toEqual([4, 2]);
    expect(report.dns.failures.map((failure) => failure.frame)).not.toContain(33);
    expect(citing(report, 33)).toEqual([]);
    // The standard query in frame 3 (SERVFAIL for www.wireshark.org) still is one.
    expect(citing(report, 3)).toMatchObject([{ kind: 'dns-failure', severity: 'error' }]);
  });

  it('a dynamic update refused and never accepted is told, as info', async () => {
    // The same trace stopped before the signed update (TKEY starts at frame 37).
    const report = await analyze(ADOD_UNJOIN, 36);
    const [finding] = citing(report, 33);
    expect(finding).toMatchObject({ kind: 'dns-failure', severity: 'info' });
    expect(finding.summary).toMatch(/REFUSED to 1 dynamic update of the zone contoso\.com from 192\.168\.0\.101/);
  });

  // tshark -r tcpdump__dns-badlabel.pcap -V: opcode Unknown (15), Questions: 64259, [Malformed Packet]
  it('a malformed message is named as such, not reported as a failed look-up', async () => {
    const report = await analyze('tcpdump__dns-badlabel.pcap');
    expect(report.dns.responses).toBe(1);
    expect(report.dns.failures).toEqual([]);
    expect(dnsFindings(report)).toMatchObject([{ kind: 'dns-failure', severity: 'info', evidence: { frames: [1] } }]);
    expect(dnsFindings(report)[0].summary).toMatch(/^1 packet from 156\.118\.17\.235:53 on a DNS port is not a well-formed DNS message \(unassigned opcode 15; 64259 questions claimed/);
  });

  // tshark -r WSUS_ICMP_ONLY -Y 'dns.flags.response == 0 && udp.dstport == 53' shows nothing; the 20 queries tshark
  // counts are LLMNR (udp.dstport == 5355) and the 7 answers are quoted in ICMP port unreachables (frames 184-429).
  it('answers quoted in ICMP without their query in the trace do not make a server slow', async () => {
    const report = await analyze(WSUS_ICMP_ONLY);
    expect([report.dns.queries, report.dns.responses]).toEqual([20, 7]);
    // tshark -Y 'dns.flags.response == 0 && udp.dstport == 53 && dns.flags.opcode == 0 && !icmp': no frame.
    expect(report.dns.unicastQueries).toBe(0);
    expect(report.findings.filter((finding) => /too slowly|slow to resolve/.test(finding.summary))).toEqual([]);
    expect(dnsFindings(report)).toEqual([]);
    // Nor a closed port "where nothing listens": the answers are named for what they are, and why the trace cannot judge them.
    const turnedAway = citing(report, 184);
    expect(turnedAway).toMatchObject([{ kind: 'icmp-unreachable', severity: 'info' }]);
    expect(turnedAway[0].summary).toMatch(/^192\.168\.0\.101 turned away 7 DNS answers with "port unreachable".*the look-up itself is not in this trace/);
  });

  // tshark -r ADOD_LDAP -Y 'dns || icmp' -T fields -e frame.number -e frame.time_relative -e dns.id -e icmp.type: frames 60, 88
  // and 103 quote answers to 0x93eb, 0x1325 and 0x266c, which the client had already accepted (SERVFAIL in 40, 66 and 84,
  // 7.5 s, 8.2 s and 7.2 s after their first queries 30, 42 and 67); the turned-away answers (59, 87, 102) reply to repeats.
  it('an answer turned away after the client had its first answer is a spare, not a slow server', async () => {
    const report = await analyze(ADOD_LDAP);
    const [spare] = citing(report, 60);
    expect(spare).toMatchObject({ kind: 'icmp-unreachable', severity: 'info', evidence: { frames: [60, 88, 103] } });
    expect(spare.summary).toMatch(/turned away 3 DNS answers .*each replied to a repeat of a query 192\.168\.0\.1 had already answered \(after 7\.2 s to 8\.2 s\)/);
    expect(report.findings.filter((finding) => /too slowly/.test(finding.summary))).toEqual([]);
  });

  // tshark -r CCROD_NO_FORWARDER -Y 'frame.number <= 104 && (dns.id == 0xaade || icmp)' -T fields -e frame.number -e frame.time_relative:
  // queries 74 (0.68 s), 82, 89; SERVFAIL 103 (11.36 s), its only answer; 104 the port unreachable quoting it.
  it('an answer turned away with no earlier answer still shows a slow server', async () => {
    const report = await analyze(CCROD_NO_FORWARDER, 104);
    const [late] = citing(report, 104);
    expect(late).toMatchObject({ kind: 'icmp-unreachable', severity: 'warning' });
    expect(late.summary).toMatch(/^192\.168\.0\.65 turned away 1 DNS answer .*came after it had stopped waiting, so that DNS server answers too slowly/);
  });

  // tshark -r ADOD_LDAP -Y dns: 192.168.0.1 answered the look-ups of frames 30 and 42 after 7.5 s (40) and 8.2 s (66);
  // go.microsoft.com (105) and v20.events.data.microsoft.com (111) are unanswered, and the trace ends 4.1 s and 2.3 s later.
  it('an unanswered query is not a warning when the trace ends sooner than that server answers elsewhere', async () => {
    const report = await analyze(ADOD_LDAP);
    for (const frame of [105, 111]) {
      const [finding] = citing(report, frame);
      expect(finding).toMatchObject({ kind: 'dns-no-response', severity: 'info' });
      expect(finding.summary).toMatch(/this server took up to 8\.2 s to answer other look-ups in it: too soon to tell/);
    }
  });

  // tshark -r ADOD_LDAP -Y 'dns.qry.name in {"go.microsoft.com" "v20.events.data.microsoft.com"}' -T fields -e frame.number -e udp.srcport -e dns.id:
  // go.microsoft.com from port 60865, id 0x79b1, in 105, 109, 115, 118; v20… from 52238, id 0xbff6, in 111, 116, 117; no answers.
  it('counts an unanswered look-up once, and says how often the client asked', async () => {
    const report = await analyze(ADOD_LDAP);
    expect(citing(report, 105)[0].summary).toMatch(/^1 look-up \(asked 4 times\) for go\.microsoft\.com to 192\.168\.0\.1 went unanswered/);
    expect(citing(report, 111)[0].summary).toMatch(/^1 look-up \(asked 3 times\) for v20\.events\.data\.microsoft\.com to 192\.168\.0\.1 went unanswered/);
  });

  // tshark -r ADOD_LDAP -Y 'dns.flags.rcode == 2 && dns.qry.name == slscr.update.microsoft.com' -T fields -e frame.number -e dns.id:
  // 8 answers (40, 59, 66, 84-87, 101, 102, 119; 84-86 are one answer captured thrice) to 4 queries (0x93eb, 0x1325, 0x266c, 0x7c7a).
  it('counts the look-ups that failed, not the answers', async () => {
    const report = await analyze(ADOD_LDAP);
    const [finding] = citing(report, 40);
    expect(finding.summary).toMatch(/slscr\.update\.microsoft\.com \(4 look-ups\)/);
  });

  // tshark -r CCROD_ISOLATED -Y 'dns.flags.response == 1 && udp.srcport == 53 && !icmp' -T fields -e dns.flags.rcode -e dns.qry.name:
  // 192.168.0.201 answers sut01.contoso.com (NOERROR) and SERVFAIL for 6 names outside contoso.com, first in frames 113, 119, 127, 710, 759, 830.
  // tshark -r CCROD_ISOLATED -Y icmp -T fields -e frame.number -e dns.qry.name: 121, 741, 817, 832, 837 turn away SERVFAILs for those names.
  it('one finding for a server that resolves nothing outside its own zone', async () => {
    const isolated = await analyze(CCROD_ISOLATED);
    const servfail = dnsFindings(isolated).filter((finding) => / SERVFAIL /.test(finding.summary));
    expect(servfail).toMatchObject([{ kind: 'dns-failure', severity: 'error', evidence: { frames: [113, 119, 121, 127, 710, 741, 759, 817, 830, 832, 837] } }]);
    expect(servfail[0].summary).toMatch(/^The DNS server 192\.168\.0\.201 resolves nothing outside contoso\.com: .* SERVFAIL for 6 names outside it.* 5 answers came after the client had stopped waiting/);
    expect(isolated.findings.filter((finding) => finding.kind === 'icmp-unreachable')).toEqual([]);
    // One name failing outside the zone is judged on its own (GPOD: 2008::c9 fails only ssw.live.com, 34 distinct dns.id, besides reverse names).
    const single = await analyze(GPOD_REVERSE);
    expect(citing(single, 1007)[0].summary).toMatch(/^The DNS server 2008::c9 answered SERVFAIL for ssw\.live\.com \(34 look-ups\)/);
  });

  // tshark -r CCROD_NO_FORWARDER -Y 'dns.flags.response == 1 && udp.srcport == 53 && !icmp' -T fields -e dns.flags.rcode: 27 SERVFAIL, 1 NXDOMAIN
  // (wpad.contoso.com), no NOERROR. Distinct dns.id per SERVFAIL name: ssw.live.com 14, api.bing.com 9, go.microsoft.com 2, www.bing.com 1,
  // ieonline.microsoft.com 1. tshark -Y icmp: 104, 822, 859, 887, 931 quote SERVFAILs with no earlier answer (10.7 s to 12.7 s after
  // their first query). The longest wait: 0xeb76, first query 920 at 106.60 s, SERVFAIL 930 at 119.29 s (12.7 s).
  it('one finding for a server that resolves no name, with the answers it sent too late for the client folded in', async () => {
    const report = await analyze(CCROD_NO_FORWARDER);
    const servfail = dnsFindings(report).filter((finding) => /SERVFAIL/.test(finding.summary));
    expect(servfail).toMatchObject([{ kind: 'dns-failure', severity: 'error', evidence: { frames: [102, 104, 116, 119, 120, 822, 859, 887, 931, 973] } }]);
    expect(servfail[0].summary).toMatch(
      // Most asked for first: tshark -Y 'dns.flags.response==0 && !icmp' -T fields -e dns.qry.name -e dns.id -e udp.srcport | sort -u
      // counts ssw.live.com 14, api.bing.com 9, go.microsoft.com 2.
      /^The DNS server 192\.168\.0\.201 resolved no name in this trace: it answered SERVFAIL for 5 names \(ssw\.live\.com \(14 look-ups\), api\.bing\.com \(9 look-ups\), go\.microsoft\.com \(2 look-ups\) and 2 more\)\. Its failures took up to 12\.7 s, so long that 5 answers came after the client had stopped waiting and were turned away \(ICMP port unreachable\); failing that slowly means it waited on forwarders/,
    );
    // Those five turned-away answers are told there, not again as a slow server.
    expect(report.findings.filter((finding) => finding.kind === 'icmp-unreachable')).toEqual([]);
    // In ADOD_LDAP 192.168.0.1 also resolves no name (only NXDOMAIN for wpad.contoso.com, frame 100) and SERVFAILs 2 names (40, 76);
    // its slowest first answer is 0x1325's: query 42 at 26.33 s, SERVFAIL 66 at 34.48 s.
    const ldap = await analyze(ADOD_LDAP);
    const ldapFailures = dnsFindings(ldap).filter((finding) => /SERVFAIL/.test(finding.summary));
    expect(ldapFailures).toMatchObject([{ severity: 'error', evidence: { frames: [40, 76] } }]);
    expect(ldapFailures[0].summary).toMatch(/^The DNS server 192\.168\.0\.1 resolved no name in this trace: it answered SERVFAIL for 2 names \(slscr\.update\.microsoft\.com \(4 look-ups\) and settings-win\.data\.microsoft\.com\)\. Its failures took up to 8\.2 s/);
  });

  // tshark -r FASOD_WORKGROUP -Y 'dns || nbns || icmp' -T fields -e frame.number -e udp.dstport -e dns.qry.name -e nbns.name: SUT01 is asked
  // of NetBIOS (67) and LLMNR (73, 75) at once, never of DNS (port 53 carries only fp.msedge.net, checkappexec.microsoft.com,
  // www.wireshark.org); NetBIOS answers in 76, LLMNR in 83, and 84 turns that answer away.
  it('an LLMNR answer turned away does not blame DNS for a single-label name DNS was never asked', async () => {
    const report = await analyze(FASOD_WORKGROUP);
    const [llmnr] = citing(report, 84);
    expect(llmnr).toMatchObject({ kind: 'icmp-unreachable', severity: 'info' });
    expect(llmnr.summary).toMatch(/LLMNR answer for SUT01 .*SUT01 is a single-label name.*DNS was not asked for it in this trace/);
    expect(llmnr.summary).not.toMatch(/missing from DNS|DNS did not resolve/);
  });

  // tshark -r GPOD_REVERSE -Y 'dns && ipv6.addr == 2008::65 && frame.number >= 93 && frame.number <= 559' -T fields -e frame.number -e dns.flags.opcode
  //   -e dns.flags.response -e dns.qry.name -e dns.qry.type -e dns.flags.rcode: the dynamic update of contoso.com (95, opcode 5) answered NOERROR (96),
  //   then SOA queries (type 6) for …8.0.0.2.ip6.arpa (97, 106, 111) and 1.111.168.192.in-addr.arpa (117, 224, 521), SERVFAIL from 2008::c9 (115, 559).
  it("tells SOA failures for reverse names after the machine's own update as its PTR registration failing", async () => {
    const [finding] = citing(await analyze(GPOD_REVERSE), 115);
    expect(finding).toMatchObject({ kind: 'dns-failure', severity: 'info', evidence: { frames: [96, 115, 559] } });
    expect(finding.summary).toMatch(/^2008::65 could not register its reverse \(PTR\) records \(2008::65 and 192\.168\.111\.1\): after the answer to its dynamic update \(frame 96\) it asked 2008::c9 .*\(SOA\).* got SERVFAIL/);
  });

  // tshark -r NXDOMAIN_REVERSE -Y 'frame.number == 12': 255.1.168.192.in-addr.arpa, rcode 3.
  it('says a reverse name is missing for NXDOMAIN', async () => {
    const nxdomain = await analyze(NXDOMAIN_REVERSE);
    expect(citing(nxdomain, 12)[0].summary).toMatch(/^255\.1\.168\.192\.in-addr\.arpa failed \(NXDOMAIN\): a reverse look-up, and 192\.168\.1\.255 has no reverse \(PTR\) name/);
  });

  // tshark -r zeek__nmap-vsn.pcap -Y dns -T fields -e frame.number -e dns.id -e dns.flags.rcode -e dns.qry.name: nmap asks 192.168.1.1
  // for 6 reverse names (536-541, ids 0x11bf-0x11c4) and each gets NXDOMAIN (542-547), for .1, .50, .61, .69, .71 and .72.
  it('tells reverse look-ups one server found no name for as one finding', async () => {
    const report = await analyze('zeek__nmap-vsn.pcap');
    expect(dnsFindings(report)).toMatchObject([{ kind: 'dns-failure', severity: 'info', evidence: { frames: [542, 543, 544, 545, 546, 547] } }]);
    expect(dnsFindings(report)[0].summary).toMatch(/^6 reverse look-ups found no name \(NXDOMAIN from 192\.168\.1\.1\): 192\.168\.1\.1, 192\.168\.1\.50, 192\.168\.1\.61 and 3 more have no reverse \(PTR\) name/);
    expect(report.dns.lookups).toEqual({ asked: 6, resolved: 0, failed: 6, unanswered: 0, withoutQuery: { resolved: 0, failed: 0 } });
  });

  // Look-ups from tshark -Y 'dns && !icmp && udp.port == 53' -T fields -e udp.srcport -e dns.id -e dns.flags.response -e dns.flags.rcode,
  // a client port and id once until answered (the listings are quoted at the cases above):
  // - CCROD_NO_FORWARDER: 30 look-ups; 28 answered, all SERVFAIL but wpad.contoso.com's NXDOMAIN (898); 0x10eb and 0xd8ea (974, 976)
  //   unanswered. tshark counts 126 queries (122 to port 53 with retries, 4 LLMNR) and 33 responses (the 5 in ICMP errors, 104 ...).
  // - ADOD2_18: 0x5160 (NXDOMAIN), 0x0789, 0xb9d6 and 0xee79 (SERVFAIL) answered, 0x3009 (5825) never; 0xd9e3 (13, 346) and 0x4cb0 (14)
  //   answer queries from before the capture. All 11 answers are errors.
  it('counts look-ups by outcome, not the messages tshark counts', async () => {
    const ccrod = await analyze(CCROD_NO_FORWARDER);
    expect([ccrod.dns.queries, ccrod.dns.responses]).toEqual([126, 33]);
    expect(ccrod.dns.lookups).toEqual({ asked: 30, resolved: 0, failed: 28, unanswered: 2, withoutQuery: { resolved: 0, failed: 0 } });
    const adod = await analyze(ADOD_ACCESS);
    expect([adod.dns.queries, adod.dns.responses]).toEqual([21, 11]);
    expect(adod.dns.lookups).toEqual({ asked: 5, resolved: 0, failed: 4, unanswered: 1, withoutQuery: { resolved: 0, failed: 2 } });
    expect(citing(adod, 13)[0].summary).toMatch(/sls\.update\.microsoft\.com \(2 look-ups\)/);
  });
});
