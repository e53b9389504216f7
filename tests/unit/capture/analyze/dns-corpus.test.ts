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

  // tshark -r ADOD_LDAP -Y 'dns || icmp': frames 60, 88, 103 quote answers to the queries of frames 30, 42 and 67.
  it('answers turned away after their query in the trace still show a slow server', async () => {
    const report = await analyze(ADOD_LDAP);
    expect(citing(report, 60)).toMatchObject([{ kind: 'icmp-unreachable', severity: 'warning' }]);
    expect(citing(report, 60)[0].summary).toMatch(/DNS server answers too slowly/);
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

  // tshark -r ADOD_LDAP -Y 'dns.flags.rcode == 2 && dns.qry.name == slscr.update.microsoft.com' -T fields -e frame.number -e dns.id:
  // 8 answers (40, 59, 66, 84-87, 101, 102, 119; 84-86 are one answer captured thrice) to 4 queries (0x93eb, 0x1325, 0x266c, 0x7c7a).
  it('counts the look-ups that failed, not the answers', async () => {
    const report = await analyze(ADOD_LDAP);
    const [finding] = citing(report, 40);
    expect(finding.summary).toMatch(/slscr\.update\.microsoft\.com \(4 look-ups\)/);
  });

  // tshark -r CCROD_ISOLATED -Y 'dns.flags.response == 1 && udp.srcport == 53 && !icmp' -T fields -e dns.flags.rcode -e dns.qry.name:
  // 192.168.0.201 answers sut01.contoso.com (NOERROR) and SERVFAIL for 6 names outside contoso.com, first in frames 113, 119, 127, 710, 759, 830.
  // In ADOD_LDAP 192.168.0.1 only denies wpad.contoso.com (NXDOMAIN, frame 100), resolves no name at all, and SERVFAILs 2 names (40, 76).
  it('one finding for a server that resolves nothing outside its own zone', async () => {
    const isolated = await analyze(CCROD_ISOLATED);
    const servfail = dnsFindings(isolated).filter((finding) => / SERVFAIL /.test(finding.summary));
    expect(servfail).toMatchObject([{ kind: 'dns-failure', severity: 'error', evidence: { frames: [113, 119, 127, 710, 759, 830] } }]);
    expect(servfail[0].summary).toMatch(/^The DNS server 192\.168\.0\.201 resolves nothing outside contoso\.com: .* SERVFAIL for 6 names outside it/);
    // A server seen resolving nothing is not said to serve a zone on the strength of one NXDOMAIN: each failure stands alone.
    const ldap = await analyze(ADOD_LDAP);
    const ldapFailures = dnsFindings(ldap).filter((finding) => / SERVFAIL /.test(finding.summary));
    expect(ldapFailures.map((finding) => finding.evidence.frames[0])).toEqual([40, 76]);
    expect(ldapFailures.map((finding) => finding.summary)).toEqual(ldapFailures.map(() => expect.stringMatching(/^The DNS server 192\.168\.0\.1 answered SERVFAIL for /)));
    // One name failing outside the zone is judged on its own (GPOD: 2008::c9 fails only ssw.live.com, 34 distinct dns.id, besides reverse names).
    const single = await analyze(GPOD_REVERSE);
    expect(citing(single, 1007)[0].summary).toMatch(/^The DNS server 2008::c9 answered SERVFAIL for ssw\.live\.com \(34 look-ups\)/);
  });

  // tshark -r GPOD_REVERSE -Y 'frame.number in {115 559}' -T fields -e dns.qry.name -e dns.flags.rcode: two reverse names, rcode 2.
  // tshark -r NXDOMAIN_REVERSE -Y 'frame.number == 12': 255.1.168.192.in-addr.arpa, rcode 3.
  it('says a reverse name is missing only for NXDOMAIN, not SERVFAIL', async () => {
    const servfail = await analyze(GPOD_REVERSE);
    for (const frame of [115, 559]) {
      const [finding] = citing(servfail, frame);
      expect(finding).toMatchObject({ kind: 'dns-failure', severity: 'info' });
      expect(finding.summary).toMatch(/failed \(SERVFAIL\): a reverse look-up the server did not complete/);
      expect(finding.summary).not.toMatch(/has no reverse/);
    }
    const nxdomain = await analyze(NXDOMAIN_REVERSE);
    expect(citing(nxdomain, 12)[0].summary).toMatch(/^255\.1\.168\.192\.in-addr\.arpa failed \(NXDOMAIN\): a reverse look-up, and 192\.168\.1\.255 has no reverse \(PTR\) name/);
  });
});
