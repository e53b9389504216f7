import { describe, expect, it } from 'vitest';
import { CaptureAnalyzer } from '../../../../src/lib/capture/analyze/capture-analyzer';
import { NOT_IP_REASON } from '../../../../src/lib/capture/report';
import { GUIDE_STEPS } from '../../../../src/lib/guide/steps';
import { analyzeFrames, clientToRemoteServer as path } from './analyze-helpers';
import { ACK, clientHello, dnsQuery, dnsResponse, ethernet, frameRecord, fromClient, fromServer, ipv4, PSH, SYN, tcp, tlsAlert, udp } from './frame-builder';

const resolver = '10.0.0.53';
const query = (id: number, name: string, port = 53001) => ethernet(ipv4('10.0.0.9', resolver, 17, udp(port, 53, dnsQuery(id, name)), 128));
const answer = (id: number, name: string, rcode: number, port = 53001) => ethernet(ipv4(resolver, '10.0.0.9', 17, udp(53, port, dnsResponse(id, name, rcode)), 127));

describe('DNS outcomes', () => {
  it('reports NXDOMAIN answers and unanswered queries, grouped by name, and not answered ones', () => {
    const report = analyzeFrames([
      query(1, 'ok.contoso.example'),
      answer(1, 'ok.contoso.example', 0),
      query(2, 'missing.contoso.example'),
      answer(2, 'missing.contoso.example', 3),
      query(3, 'missing.contoso.example', 53002),
      answer(3, 'missing.contoso.example', 3, 53002),
      query(4, 'silent.contoso.example'),
      query(4, 'silent.contoso.example'),
    ]);
    expect([report.dns.queries, report.dns.responses]).toEqual([5, 3]);
    expect(report.dns.failures).toMatchObject([
      { name: 'missing.contoso.example', rcode: 'NXDOMAIN', rcodeValue: 3, server: resolver, frame: 4 },
      { name: 'missing.contoso.example', rcode: 'NXDOMAIN', frame: 6 },
      { name: 'silent.contoso.example', rcode: 'no response', rcodeValue: null, frame: 7 },
    ]);
    const dnsFindings = report.findings.filter((finding) => finding.kind.startsWith('dns'));
    const kinds = dnsFindings.map((finding) => [finding.kind, finding.step, finding.evidence.frames]);
    expect(kinds).toEqual([
      ['dns-failure', GUIDE_STEPS.cloudDnsNotResolved, [4, 6]],
      ['dns-no-response', GUIDE_STEPS.cloudDnsNotResolved, [7]],
    ]);
    expect(dnsFindings[0].summary).toBe(`The DNS server ${resolver} answered NXDOMAIN for missing.contoso.example (2 look-ups): the name does not exist as asked (check its spelling, the DNS suffix and any conditional forwarder).`);
  });

  it("treats a newer factory's, a sovereign cloud's and the classic service host alike as names the runtime needs", () => {
    const names = ['contoso-adf.eastus.datafactory.azure.net', 'wu2.frontend.clouddatahub.net', 'contoso-adf.usgovvirginia.datafactory.azure.us', 'contoso.servicebus.chinacloudapi.cn'];
    const report = analyzeFrames(names.flatMap((name, index) => [query(index + 1, name, 53001 + index), answer(index + 1, name, 3, 53001 + index)]));
    for (const name of names) {
      const finding = report.findings.find((candidate) => candidate.kind === 'dns-failure' && candidate.summary.includes(name));
      expect(finding, name).toMatchObject({ severity: 'error', step: GUIDE_STEPS.cloudDnsNotResolved });
      expect(finding?.summary, name).toContain(`${name} (a name the integration runtime needs)`);
    }
  });

  it('does not count a retransmitted TCP segment twice (tshark hands it to DNS only once)', () => {
    const dnsPath = { ...path, serverPort: 53 };
    const message = dnsResponse(9, 'a.example', 0);
    const segment = Uint8Array.from([0, message.length, ...message]);
    const report = analyzeFrames([
      fromServer(dnsPath, { flags: ACK | PSH, seq: 100, ack: 1, payload: segment }),
      fromServer(dnsPath, { flags: ACK | PSH, seq: 100, ack: 1, payload: segment }),
    ]);
    expect(report.dns.responses).toBe(1);
  });
});

describe('TLS', () => {
  it('reads a ClientHello split over two segments and ties it to its conversation', () => {
    const hello = clientHello('contoso.servicebus.windows.net');
    const report = analyzeFrames([
      fromClient(path, { flags: SYN, seq: 1 }),
      fromServer(path, { flags: SYN | ACK, seq: 9, ack: 2 }),
      fromClient(path, { flags: ACK | PSH, seq: 2, ack: 10, payload: hello.subarray(0, 30) }),
      fromClient(path, { flags: ACK | PSH, seq: 32, ack: 10, payload: hello.subarray(30) }),
      fromServer(path, { flags: ACK | PSH, seq: 10, ack: 2 + hello.length, payload: tlsAlert(2, 70) }),
    ]);
    expect(report.tls.serverNames).toEqual(['contoso.servicebus.windows.net']);
    expect(report.tcp.conversations[0].tlsServerName).toBe('contoso.servicebus.windows.net');
    expect(report.tls.alerts).toEqual([{ frame: 5, level: 'fatal', description: 'protocol version', code: 70, sender: 'server', conversationId: 0 }]);
    expect(report.findings).toMatchObject([{ kind: 'tls-alert', severity: 'error', step: GUIDE_STEPS.cloudTlsProtocol, evidence: { frames: [5], conversationId: 0 } }]);
    expect(report.findings[0].summary).toContain('The server 10.20.30.40:443');
  });
});

describe('ICMP errors', () => {
  it('ties a port unreachable to the TCP conversation it quotes', () => {
    const syn = tcp({ sourcePort: path.clientPort, destinationPort: path.serverPort, flags: SYN, seq: 1 });
    const quoted = ipv4(path.client, path.server, 6, syn, 128);
    const report = analyzeFrames([fromClient(path, { flags: SYN, seq: 1 }), ethernet(ipv4('10.20.30.1', path.client, 1, Uint8Array.from([3, 13, 0, 0, 0, 0, 0, 0, ...quoted]), 250))]);
    expect(report.icmp.errors).toMatchObject([
      { frame: 2, from: '10.20.30.1', description: 'destination unreachable: communication administratively prohibited', type: 3, code: 13, conversationId: 0, quoted: 'TCP 10.0.0.9:50123 to 10.20.30.40:443' },
    ]);
    const icmp = report.findings.find((finding) => finding.kind === 'icmp-unreachable');
    expect(icmp).toMatchObject({ step: GUIDE_STEPS.readIcmp, evidence: { frames: [2], conversationId: 0 } });
    expect(icmp!.summary).toContain('a firewall or router rejected the traffic');
  });
});

describe('hosts', () => {
  it('profiles each source address by its TTLs, busiest first', () => {
    const report = analyzeFrames([fromClient(path, { flags: SYN, seq: 1 }), fromServer(path, { flags: SYN | ACK, ack: 2 }), fromClient(path, { flags: ACK, seq: 2 })]);
    expect(report.hosts).toEqual([
      { address: '10.0.0.9', packets: 2, ttls: [{ ttl: 128, initialTtl: 128, hops: 0, packets: 2 }], osHint: 'Windows (initial 128)' },
      { address: '10.20.30.40', packets: 1, ttls: [{ ttl: 107, initialTtl: 128, hops: 21, packets: 1 }], osHint: 'Windows (initial 128)' },
    ]);
  });
});

describe('what could not be decoded', () => {
  it('counts unknown link types, non-IP frames and cut headers by reason', () => {
    const analyzer = new CaptureAnalyzer();
    const arp = ethernet(new Uint8Array(28), 0x0806);
    const cut = ethernet(ipv4('10.0.0.1', '10.0.0.2', 6, new Uint8Array(30)));
    analyzer.addFrame(frameRecord({ bytes: arp, time: 1 }, 1));
    analyzer.addFrame(frameRecord({ bytes: new Uint8Array(20), time: 2, linkType: 147 }, 2));
    analyzer.addFrame({ ...frameRecord({ bytes: cut, time: 3 }, 3), capturedLength: 14 + 20 + 12 });
    analyzer.addFrame(frameRecord({ bytes: new Uint8Array(0), time: 4, linkType: -1 }, 4));
    const report = analyzer.report({ files: [], perFile: [], faults: [] });
    expect(report.undecoded).toEqual({ [NOT_IP_REASON]: 1, 'link type 147': 1, 'transport header cut short': 1 });
    expect(report.packets).toBe(4);
  });
});
