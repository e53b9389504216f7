/**
 * DNS look-ups by outcome (report.dns.lookups), the counts the CLI and the page state: a query and
 * its retries once, judged by its first answer, never counting DNS quoted in ICMP errors. Checked
 * on the fixtures in every format variant against their tshark truth, and on built frames for
 * the cases no fixture holds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../../src/lib/capture/analyze-capture';
import { memorySource } from '../../../../src/lib/io/memory-source';
import { analyzeFrames, at } from './analyze-helpers';
import { dnsQuery, dnsResponse, dnsUpdateResponse, ethernet, ipv4, udp } from './frame-builder';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/capture');

interface Expected {
  dns: { queries: number; responses: number; answers: Array<{ rcode: string; captureCopy: boolean }>; unanswered: unknown[] };
}

function variants(folder: string): string[] {
  return readdirSync(join(FIXTURES, folder)).filter((name) => !name.endsWith('.json')).map((name) => join(FIXTURES, folder, name));
}

async function analyzeFile(path: string) {
  return analyzeCapture([memorySource(path.split('/').pop() ?? path, readFileSync(path))]);
}

const query = (id: number, name: string, clientPort = 50000, type = 1) => ethernet(ipv4('10.0.0.9', '10.0.0.53', 17, udp(clientPort, 53, dnsQuery(id, name, type))));
const answer = (id: number, name: string, rcode: number, clientPort = 50000, type = 1) => ethernet(ipv4('10.0.0.53', '10.0.0.9', 17, udp(53, clientPort, dnsResponse(id, name, rcode, type))));

describe('DNS look-ups by outcome', () => {
  // tshark -r dns.pcapng -T fields -e frame.number -e udp.srcport -e dns.id -e dns.flags.response -e dns.flags.rcode: 12 queries,
  // each with its own client port and id, and no retry; 9 answers, one per look-up (2, 17, 25 NOERROR; 4-14 NXDOMAIN or SERVFAIL);
  // 15, 18 and 19 never answered. So here every answer in the truth is a look-up's first.
  for (const path of variants('dns')) {
    it(`counts 12 look-ups, 3 resolved, 6 failed and 3 unanswered in ${path.split('/').pop()}`, async () => {
      const expected = JSON.parse(readFileSync(`${path}.expected.json`, 'utf8')) as Expected;
      const answers = expected.dns.answers.filter((entry) => !entry.captureCopy);
      const resolved = answers.filter((entry) => entry.rcode === 'NOERROR').length;
      const report = await analyzeFile(path);
      expect(report.dns.lookups).toEqual({
        asked: expected.dns.queries,
        resolved,
        failed: answers.length - resolved,
        unanswered: expected.dns.unanswered.length,
        withoutQuery: { resolved: 0, failed: 0 },
      });
      // The totals stay tshark's.
      expect([report.dns.queries, report.dns.responses]).toEqual([expected.dns.queries, expected.dns.responses]);
    });
  }

  // tshark -r dns-late.pcapng -T fields -e frame.number -e udp.dstport -e dns.flags.response -e icmp.type: 1 query to port 53 (1),
  // its NOERROR answer (2), an LLMNR query and answer on 5355 (4, 5), and ICMP errors quoting both answers (3, 6): tshark counts
  // 2 queries and 4 responses, but there is one look-up, resolved.
  for (const path of variants('dns-late')) {
    it(`leaves LLMNR and answers quoted in ICMP errors out of the look-ups in ${path.split('/').pop()}`, async () => {
      const expected = JSON.parse(readFileSync(`${path}.expected.json`, 'utf8')) as Expected;
      const report = await analyzeFile(path);
      expect([report.dns.queries, report.dns.responses]).toEqual([expected.dns.queries, expected.dns.responses]);
      expect(report.dns.lookups).toEqual({ asked: 1, resolved: 1, failed: 0, unanswered: 0, withoutQuery: { resolved: 0, failed: 0 } });
    });
  }

  it('counts a query and its retries once, judged by the first answer', () => {
    const report = analyzeFrames([at(0, query(7, 'a.example')), at(1, query(7, 'a.example')), at(1.2, answer(7, 'a.example', 2)), at(2.5, answer(7, 'a.example', 2))]);
    expect(report.dns.lookups).toEqual({ asked: 1, resolved: 0, failed: 1, unanswered: 0, withoutQuery: { resolved: 0, failed: 0 } });
  });

  it('counts an id the client reuses after its answer as a new look-up', () => {
    const report = analyzeFrames([at(0, query(7, 'a.example')), at(0.1, answer(7, 'a.example', 0)), at(5, query(7, 'b.example')), at(5.1, answer(7, 'b.example', 3))]);
    expect(report.dns.lookups).toEqual({ asked: 2, resolved: 1, failed: 1, unanswered: 0, withoutQuery: { resolved: 0, failed: 0 } });
  });

  it('judges a look-up asked once by whether its retry was due before the trace ended', () => {
    const noResponse = (frames: Parameters<typeof analyzeFrames>[0]) => analyzeFrames(frames).findings.filter((finding) => finding.kind === 'dns-no-response');
    // Asked once, the trace ending 1.5 s later: a Windows client asks again after 1 s, another may wait longer.
    const [early] = noResponse([at(0, query(7, 'a.example')), at(1.5, query(8, 'other.example', 50001))]);
    expect(early.severity).toBe('info');
    expect(early.summary).toMatch(/^1 look-up for a\.example to 10\.0\.0\.53 went unanswered, but the trace ends 1\.5 s later, .*too soon to tell/);
    // Asked three times (a capture's copy within a millisecond not counted), the last 1.5 s before the end: the client gave up waiting twice.
    const [retried] = noResponse([at(0, query(7, 'a.example')), at(0.0002, query(7, 'a.example')), at(1, query(7, 'a.example')), at(2, query(7, 'a.example')), at(3.5, query(8, 'other.example', 50001))]);
    expect(retried.summary).toMatch(/^1 look-up \(asked 3 times\) for a\.example to 10\.0\.0\.53 got no answer by the end of the trace: the DNS server is unreachable/);
    expect(retried.severity).toBe('warning');
    // Asked once, 2.5 s before the end: past a Windows client's retry.
    const [late] = noResponse([at(0, query(7, 'a.example')), at(2.5, query(8, 'other.example', 50001))]);
    expect(late.severity).toBe('warning');
  });

  it("tells SOA failures for reverse names after the client's own dynamic update as its PTR registration failing", () => {
    // The client's own address and another of its addresses, each asked about once and failed with SERVFAIL.
    const reverseNames = ['9.0.0.10.in-addr.arpa', '7.1.168.192.in-addr.arpa'];
    const failedReverse = (type: number) => reverseNames.flatMap((name, index) => [at(1 + index, query(20 + index, name, 50000, type)), at(1.1 + index, answer(20 + index, name, 2, 50000, type))]);
    const update = at(0.5, ethernet(ipv4('10.0.0.53', '10.0.0.9', 17, udp(53, 50000, dnsUpdateResponse(5, 'contoso.example', 0)))));
    const registration = analyzeFrames([update, ...failedReverse(6)]).findings.filter((finding) => finding.kind === 'dns-failure');
    expect(registration).toHaveLength(1);
    expect(registration[0]).toMatchObject({ severity: 'info', evidence: { frames: [1, 3, 5] } });
    expect(registration[0].summary).toMatch(/^10\.0\.0\.9 could not register its reverse \(PTR\) records \(10\.0\.0\.9 and 192\.168\.1\.7\): after the answer to its dynamic update \(frame 1\) it asked 10\.0\.0\.53 .*\(SOA\).* got SERVFAIL/);
    // PTR look-ups, or SOA ones with no update before them, are reverse look-ups the server did not complete.
    for (const frames of [[update, ...failedReverse(12)], failedReverse(6)]) {
      const [lookups] = analyzeFrames(frames).findings.filter((finding) => finding.kind === 'dns-failure');
      expect(lookups.summary).toMatch(/^2 reverse look-ups were not completed \(SERVFAIL from 10\.0\.0\.53\), so whether 10\.0\.0\.9 and 192\.168\.1\.7 have a reverse \(PTR\) name is unknown/);
    }
  });

  it('counts answers whose query the trace missed by look-up, and names the look-ups alike in the findings', () => {
    // Two answers to one query (port 50000, id 7) asked before the capture began, one to another (port 50001).
    const report = analyzeFrames([at(0, answer(7, 'gone.example', 2)), at(3, answer(7, 'gone.example', 2)), at(3.5, answer(8, 'gone.example', 2, 50001))]);
    expect(report.dns.lookups).toEqual({ asked: 0, resolved: 0, failed: 0, unanswered: 0, withoutQuery: { resolved: 0, failed: 2 } });
    const [finding] = report.findings.filter((entry) => entry.kind === 'dns-failure');
    expect(finding.summary).toContain('gone.example (2 look-ups)');
  });
});
