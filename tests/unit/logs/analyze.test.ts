import { describe, expect, it } from 'vitest';
import { GUIDE_STEPS, knownIssueLink } from '../../../src/lib/guide/steps';
import { analyzeLog, MAX_INPUT_CHARS } from '../../../src/lib/logs/analyze-log';
import { readableView } from '../../../src/lib/logs/text';
import { fixture } from './support';

describe('ranking', () => {
  it('puts the specific node issue above the generic socket error it contains', () => {
    const ids = analyzeLog(fixture('seed-8060-refused.txt')).matches.map((match) => match.id);
    expect(ids[0]).toBe('node-8060-refused');
    expect(ids).toContain('connection-refused');
    expect(ids.indexOf('connection-refused')).toBeGreaterThan(0);
  });

  it('ranks the DNS failure between nodes first for the second seed error', () => {
    const report = analyzeLog(fixture('seed-no-dns-entries.txt'));
    expect(report.matches[0]).toMatchObject({ id: 'node-dns-no-entries', category: 'node-communication', step: GUIDE_STEPS.nodeDnsNoEntries, link: knownIssueLink('node-dns-no-entries') });
    expect(report.matches.map((match) => match.id)).toContain('dns-remote-name-not-resolved');
  });

  it('ranks each issue of a mixed paste, best evidence first', () => {
    const mixed = [fixture('adf-sql-timeout.json'), fixture('event-8060-timeout.txt'), 'java.lang.OutOfMemoryError: Java heap space'].join('\n\n');
    const ids = analyzeLog(mixed).matches.map((match) => match.id);
    expect(ids).toEqual(expect.arrayContaining(['sql-network-related-error', 'node-8060-timeout', 'java-heap-space', 'connection-timed-out']));
    expect(ids.indexOf('node-8060-timeout')).toBeLessThan(ids.indexOf('connection-timed-out'));
  });

  // The shape of a hostile paste from a review: markup, control characters, a 50,000-character line, a
  // reset (10054) first and a timeout later. Evidence decides the order; position only breaks a tie, as
  // the earlier error is no surer a cause (a .NET chain prints its outer exception first).
  it('puts the earlier of two equally evidenced errors first in a hostile paste', () => {
    const text = [
      '<script>alert(1)</script><b>Copy failed</b>\u0007\u001b[31m',
      `ErrorCode=UserErrorFailedFileOperation ${'A'.repeat(50_000)}`,
      'System.Net.Sockets.SocketException (10054): An existing connection was forcibly closed by the remote host',
      '\u0000\u0008 <img src=x onerror=alert(2)>',
      'System.Net.WebException: The operation has timed out',
    ].join('\n');
    const report = analyzeLog(text);
    expect(report.matches.slice(0, 2).map((match) => [match.id, match.score])).toEqual([
      ['connection-forcibly-closed', 3],
      ['http-request-timeout', 3],
    ]);
    for (const match of report.matches) for (const evidence of match.evidence) expect(text.slice(evidence.start, evidence.end)).toBe(evidence.text);
  });

  it('gives evidence offsets that point at the matched text in the input', () => {
    const text = `prefix\r\n${fixture('seed-8060-refused.txt')}`;
    for (const match of analyzeLog(text).matches) {
      for (const evidence of match.evidence) expect(text.slice(evidence.start, evidence.end)).toBe(evidence.text);
    }
  });
  // Service-host patterns open with their domain and capture the name in a lookbehind (a 10 MB log is
  // scanned 15 times faster so); the evidence must still span the whole name, as the host patterns did.
  it('gives a host captured in a lookbehind as evidence from the start of the name', () => {
    const text = 'Failed to connect to contoso-adf.westeurope.datafactory.azure.net from this node';
    const evidence = analyzeLog(text).matches.find((match) => match.id === 'cloud-service-unreachable')?.evidence ?? [];
    expect(evidence.map((span) => span.text)).toContain('contoso-adf.westeurope.datafactory.azure.net');
    for (const span of evidence) expect(text.slice(span.start, span.end)).toBe(span.text);
  });
});

describe('input kinds', () => {
  it('recognises lines of the runtime\'s own trace files', () => {
    const report = analyzeLog('[14]0460.3404::0../21-00:23:32.2107988 [System] A fatal error occurred when attempting to access the TLS server credential private key. The error code returned from the cryptographic module is 0x8009030D. The internal error state is 10001.');
    expect(report.inputKinds).toEqual(['shir-trace']);
    expect(report.matches[0].id).toBe('certificate-private-key-access');
    expect(report.hresults.map((code) => code.name)).toEqual(['SEC_E_UNKNOWN_CREDENTIALS']);
  });
});

describe('when nothing matches', () => {
  it('says so and still returns entities and generic next steps with the values filled in', () => {
    const report = analyzeLog('Copy activity failed while talking to files.contoso.local:445 and https://api.contoso.example/v1/items');
    expect(report.matches).toEqual([]);
    expect(report.summary).toMatch(/No known issue/);
    expect(report.entities.hosts).toEqual(['files.contoso.local', 'api.contoso.example']);
    const powershell = report.commands.filter((command) => command.shell === 'powershell').map((command) => command.text);
    expect(powershell).toContain("Test-NetConnection -ComputerName 'files.contoso.local' -Port 445");
    expect(powershell).toContain("Resolve-DnsName -Name 'files.contoso.local'");
    expect(powershell.some((text) => text.startsWith("Invoke-WebRequest -Uri 'https://api.contoso.example/v1/items'"))).toBe(true);
    expect(powershell.some((text) => text.includes('DIAHostService'))).toBe(true);
  });

  it('handles empty input', () => {
    const report = analyzeLog('');
    expect(report).toMatchObject({ matches: [], analysedChars: 0, truncated: false, inputKinds: ['plain'] });
    expect(report.entities).toEqual({ hosts: [], ips: [], ports: [], urls: [], codes: [], exceptions: [] });
  });
});

describe('commands for a match', () => {
  it('fills the seed error\'s host and port into Test-NetConnection, telnet and nc, and maps the node in hosts', () => {
    const texts = analyzeLog(fixture('seed-8060-refused.txt')).commands.map((command) => `${command.shell}: ${command.text}`);
    expect(texts).toContain("powershell: Test-NetConnection -ComputerName 'xxxxxxx.bwld.com' -Port 8060");
    expect(texts).toContain('cmd: telnet xxxxxxx.bwld.com 8060');
    expect(texts).toContain("sh: nc -vz -w 5 'xxxxxxx.bwld.com' 8060");
  });

  it('writes the hosts-file line with a visible gap when the node address is unknown', () => {
    const hostsLine = analyzeLog(fixture('seed-no-dns-entries.txt')).commands.find((command) => command.shell === 'powershell' && command.text.startsWith('Add-Content'));
    expect(hostsLine).toMatchObject({ missing: ['ip'], issueId: 'node-dns-no-entries' });
    expect(hostsLine?.text).toContain("<ip> + ' ' + 'azranlcir01r1'");
  });

  it('offers the TLS chain check for the host of a certificate error', () => {
    const report = analyzeLog("Could not establish trust relationship for the SSL/TLS secure channel with authority 'wu2.frontend.clouddatahub.net'.");
    const chain = report.commands.find((command) => command.shell === 'powershell' && command.text.includes('X509Chain'));
    expect(chain?.text).toContain("[Net.Sockets.TcpClient]::new('wu2.frontend.clouddatahub.net', 443)");
    expect(report.commands.find((command) => command.shell === 'sh')?.text).toBe("openssl s_client -connect 'wu2.frontend.clouddatahub.net':443 -servername 'wu2.frontend.clouddatahub.net' -showcerts </dev/null");
  });
});

describe('readable view', () => {
  it('maps every character of a doubly escaped string back to its place in the input', () => {
    const input = '{"m":"a\\\\\\"b\\\\\\\\c\\u0027d\\r\\ne"}';
    const view = readableView(input);
    expect(view.text).toBe('{"m":"a"b\\c\'d\r\ne"}');
    const positionOfB = view.text.indexOf('b');
    expect(input[view.toOriginal(positionOfB)]).toBe('b');
    expect(input[view.toOriginal(view.text.indexOf('e'))]).toBe('e');
    expect(view.toOriginal(view.text.length)).toBe(input.length);
  });

  it('leaves plain text with Windows paths alone', () => {
    const input = "Access to the path 'C:\\new\\table.csv' is denied.";
    expect(readableView(input).text).toBe(input);
  });
});

describe('large input', () => {
  it('analyses 10 MiB of repetitive log in linear time and cuts longer input', () => {
    const line = '2026-11-25 09:14:07.123 [Error] Copy failed: TCP error code 10060 talking to 10.20.1.4:1433 host sql01.contoso.local ';
    const big = line.repeat(Math.ceil((MAX_INPUT_CHARS + 1000) / line.length));
    const started = performance.now();
    const report = analyzeLog(big);
    const elapsed = performance.now() - started;
    expect(report.truncated).toBe(true);
    expect(report.analysedChars).toBe(MAX_INPUT_CHARS);
    expect(report.matches[0].id).toBe('connection-timed-out');
    expect(report.matches[0].evidence.length).toBeLessThanOrEqual(20);
    expect(report.highlights.length).toBeLessThanOrEqual(2000);
    expect(elapsed).toBeLessThan(15_000);
  });

  it('does not backtrack badly on adversarial text', () => {
    for (const unit of ['a.', '1.', ':', 'a-', "'", '\\"', 'at X.Y(', 'Type=', '\n', ' ', '\n \t', 'a', '0', 'x:1 ', '[::', 'https://a', 'host ', 'Log Name:\n']) {
      const text = unit.repeat(Math.floor(200_000 / unit.length));
      const started = performance.now();
      analyzeLog(text);
      expect(performance.now() - started, `unit ${JSON.stringify(unit)}`).toBeLessThan(3_000);
    }
  });
});
