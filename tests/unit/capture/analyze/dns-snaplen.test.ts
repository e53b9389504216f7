/**
 * A DNS message the capture cut short (tcpdump -s, a small snap length) is not malformed: its
 * flags, and so its answer code, are still there. Run on the dns fixture, each frame cut as a
 * 60-byte snap length would cut it (Ethernet, IPv4 and UDP headers, then 18 bytes of DNS).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openFileSource } from '../../../../src/cli/file-source';
import { CaptureAnalyzer } from '../../../../src/lib/capture/analyze/capture-analyzer';
import { openTrace } from '../../../../src/lib/capture/read-trace';
import type { CaptureReport } from '../../../../src/lib/capture/report';

const fixture = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/capture/dns/dns.pcap');
const SNAP_LENGTH = 60;

interface Expected {
  dns: { queries: number; responses: number; answers: Array<{ rcode: string; captureCopy: boolean }> };
}

async function analyzeCut(path: string, snapLength: number): Promise<CaptureReport> {
  const source = await openFileSource(path);
  try {
    const trace = await openTrace([source]);
    const analyzer = new CaptureAnalyzer();
    const feed = () => {
      for (let record = trace.next(); record !== null; record = trace.next()) {
        analyzer.addFrame({ ...record, capturedLength: Math.min(record.capturedLength, snapLength) });
      }
    };
    do feed();
    while (await trace.load());
    feed();
    return analyzer.report(trace);
  } finally {
    await source.close();
  }
}

describe('DNS cut by the snap length', () => {
  it('keeps the answer codes tshark reads and calls nothing malformed', async () => {
    const expected = JSON.parse(readFileSync(`${fixture}.expected.json`, 'utf8')) as Expected;
    const report = await analyzeCut(fixture, SNAP_LENGTH);
    expect([report.dns.queries, report.dns.responses]).toEqual([expected.dns.queries, expected.dns.responses]);
    const errorCodes = expected.dns.answers.filter((answer) => answer.rcode !== 'NOERROR' && !answer.captureCopy).map((answer) => answer.rcode);
    expect(report.dns.failures.filter((failure) => failure.rcode !== 'no response').map((failure) => failure.rcode)).toEqual(errorCodes);
    expect(report.findings.filter((finding) => /well-formed/.test(finding.summary))).toEqual([]);
    // The cut reaches into the question names, which a whole message would have.
    expect(report.dns.failures.filter((failure) => failure.name === '(no question)').length).toBeGreaterThan(0);
  });
});
