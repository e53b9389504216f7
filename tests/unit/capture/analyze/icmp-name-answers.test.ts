/**
 * Name-service answers an ICMP "port unreachable" turned away, told by what the trace shows of the
 * look-up they answer. Built frame by frame; the same cases on real captures, against tshark, are
 * in dns-corpus.test.ts (ADOD2_10's spare answers, CCROD's late ones, FASOD's LLMNR answer).
 */
import { describe, expect, it } from 'vitest';
import type { CaptureReport, Finding } from '../../../../src/lib/capture/report';
import { analyzeFrames, at } from './analyze-helpers';
import { dnsQuery, dnsResponse, ethernet, ipv4, udp } from './frame-builder';

const client = '10.0.0.9';
const resolver = '10.0.0.53';
const responder = '10.0.0.7';
const SERVFAIL = 2;
const NXDOMAIN = 3;

const query = (id: number, name: string, port: number) => ethernet(ipv4(client, resolver, 17, udp(port, 53, dnsQuery(id, name)), 128));
const answerPacket = (id: number, name: string, rcode: number, port: number) => ipv4(resolver, client, 17, udp(53, port, dnsResponse(id, name, rcode)), 127);
const answer = (id: number, name: string, rcode: number, port: number) => ethernet(answerPacket(id, name, rcode, port));
/** The client's ICMP port unreachable quoting the packet it turned away. */
const turnedAway = (quoted: Uint8Array, to = resolver) => ethernet(ipv4(client, to, 1, Uint8Array.from([3, 3, 0, 0, 0, 0, 0, 0, ...quoted]), 128));
const llmnrAnswer = (id: number, name: string, port: number) => ipv4(responder, client, 17, udp(5355, port, dnsResponse(id, name, 0)), 128);

const icmpFindings = (report: CaptureReport): Finding[] => report.findings.filter((finding) => finding.kind === 'icmp-unreachable');

describe('DNS answers turned away', () => {
  it('an answer to a look-up the client already had is a spare, judged by the first answer', () => {
    // Asked at 0 s and again at 2 s with the same id; answered at 8 s, then once more at 9 s (the repeat), which meets a closed port.
    const report = analyzeFrames([
      at(0, query(7, 'app.contoso.example', 50001)),
      at(2, query(7, 'app.contoso.example', 50001)),
      at(8, answer(7, 'app.contoso.example', 0, 50001)),
      at(9, answer(7, 'app.contoso.example', 0, 50001)),
      at(9.0001, turnedAway(answerPacket(7, 'app.contoso.example', 0, 50001))),
    ]);
    const [spare] = icmpFindings(report);
    expect(spare).toMatchObject({ severity: 'info', evidence: { frames: [5] } });
    expect(spare.summary).toMatch(/^10\.0\.0\.9 turned away 1 DNS answer .*it replied to a repeat of a query 10\.0\.0\.53 had already answered \(after 8\.0 s\)/);
  });

  it('an answer that is the first its look-up got, turned away, shows a slow server', () => {
    const report = analyzeFrames([
      at(0, query(7, 'app.contoso.example', 50001)),
      at(11, answer(7, 'app.contoso.example', 0, 50001)),
      at(11.0001, turnedAway(answerPacket(7, 'app.contoso.example', 0, 50001))),
    ]);
    expect(icmpFindings(report)).toMatchObject([{ severity: 'warning', summary: expect.stringMatching(/came after it had stopped waiting, so that DNS server answers too slowly/) }]);
  });

  it('a server failing every name it is asked, within milliseconds, is one finding that does not blame slow forwarders', () => {
    const report = analyzeFrames([
      at(0, query(1, 'one.example', 50001)),
      at(0.02, answer(1, 'one.example', SERVFAIL, 50001)),
      at(1, query(2, 'two.example', 50002)),
      at(1.03, answer(2, 'two.example', SERVFAIL, 50002)),
    ]);
    const failures = report.findings.filter((finding) => finding.kind === 'dns-failure');
    expect(failures).toMatchObject([{ severity: 'error', evidence: { frames: [2, 4] } }]);
    expect(failures[0].summary).toMatch(/^The DNS server 10\.0\.0\.53 resolved no name in this trace: it answered SERVFAIL for 2 names \(one\.example and two\.example\)\. Its failures took up to 30 ms\. Most likely/);
  });

  it('a server that resolved a name is not said to resolve none, but to resolve nothing outside that zone', () => {
    const report = analyzeFrames([
      at(0, query(1, 'one.example', 50001)),
      at(0.02, answer(1, 'one.example', SERVFAIL, 50001)),
      at(1, query(2, 'two.example', 50002)),
      at(1.03, answer(2, 'two.example', SERVFAIL, 50002)),
      at(2, query(3, 'host.other.example', 50003)),
      at(2.01, answer(3, 'host.other.example', 0, 50003)),
    ]);
    const failures = report.findings.filter((finding) => finding.kind === 'dns-failure');
    expect(failures.map((finding) => finding.summary)).toEqual([expect.stringMatching(/^The DNS server 10\.0\.0\.53 resolves nothing outside other\.example: .*SERVFAIL for 2 names outside it/)]);
  });
});

describe('LLMNR answers turned away', () => {
  it('says DNS did not resolve the name only when DNS was asked for it and failed', () => {
    // Windows adds its DNS suffix to a single-label name before asking DNS.
    const report = analyzeFrames([
      at(0, query(1, 'sut01.contoso.example', 50001)),
      at(0.01, answer(1, 'sut01.contoso.example', NXDOMAIN, 50001)),
      at(0.1, turnedAway(llmnrAnswer(9, 'SUT01', 50002), responder)),
    ]);
    const [llmnr] = icmpFindings(report);
    expect(llmnr).toMatchObject({ severity: 'info' });
    expect(llmnr.summary).toMatch(/turned away 1 LLMNR answer for SUT01 .*Nothing to fix there, but DNS did not resolve SUT01\.$/);
  });

  it('does not blame DNS for a name DNS was never asked', () => {
    const report = analyzeFrames([at(0, turnedAway(llmnrAnswer(9, 'files.contoso.example', 50002), responder))]);
    expect(icmpFindings(report)[0].summary).toMatch(/Nothing to fix there; DNS was not asked for files\.contoso\.example in this trace\.$/);
  });
});
