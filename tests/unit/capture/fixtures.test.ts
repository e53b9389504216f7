/**
 * The whole pipeline (bytes -> records -> packets -> analysis -> report) against captures of real
 * traffic between network namespaces (tests/fixtures/capture, made by scripts/make-fixtures.sh).
 * Every number comes from the *.expected.json that tshark/capinfos produced for that very file; the
 * scenario table below adds only what each scenario was built to show (e.g. the firewall injects
 * a RST two hops from the client), which the findings must name.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureReport, FindingKind } from '../../../src/lib/capture/report';
import { ladderPackets } from '../../../src/lib/capture/ladder-rows';
import { LinkType } from '../../../src/lib/capture/records';
import { GUIDE_STEPS } from '../../../src/lib/guide/steps';
import { analyzeFiles, expectedFor, FIXTURES, isoSeconds, scenarioFilesOf, type Expected } from './fixtures-support';

/** What each scenario was built to show (see the fixture README); checked on every format variant. */
const SCENARIOS: Record<string, { findings: FindingKind[]; absent: FindingKind[]; step?: string }> = {
  refused: { findings: ['connection-refused'], absent: ['middlebox-reset', 'syn-timeout'] },
  'syn-timeout': { findings: ['syn-timeout'], absent: ['connection-refused', 'peer-reset', 'middlebox-reset'] },
  'middlebox-reset': { findings: ['middlebox-reset'], absent: ['peer-reset', 'connection-refused'], step: GUIDE_STEPS.resetReadTtl },
  clean: { findings: [], absent: ['connection-refused', 'syn-timeout', 'peer-reset', 'middlebox-reset', 'dns-failure'] },
  'dns-late': { findings: ['icmp-unreachable'], absent: ['dns-no-response', 'dns-failure', 'connection-refused'], step: GUIDE_STEPS.readDns },
  'capture-ends-early': { findings: ['syn-timeout', 'dns-no-response'], absent: ['connection-refused', 'middlebox-reset'] },
  'proxy-connect': { findings: ['proxy-refused'], absent: ['connection-refused', 'middlebox-reset', 'syn-timeout'] },
  'reset-on-close': { findings: ['peer-reset'], absent: ['middlebox-reset', 'connection-refused'], step: GUIDE_STEPS.readClose },
  'reset-crossing-fin': { findings: ['peer-reset'], absent: ['middlebox-reset', 'connection-refused'], step: GUIDE_STEPS.readClose },
  dns: { findings: ['dns-failure', 'dns-no-response'], absent: ['connection-refused', 'middlebox-reset'] },
  'tls-sni': { findings: [], absent: ['middlebox-reset', 'connection-refused', 'tls-alert'] },
  'tls-alert': { findings: ['tls-alert'], absent: ['peer-reset', 'middlebox-reset', 'connection-refused', 'syn-timeout'], step: GUIDE_STEPS.cloudCertNotTrusted },
  ipv6: { findings: ['connection-refused'], absent: ['middlebox-reset'] },
  'node-8060': { findings: ['connection-refused'], absent: ['middlebox-reset'], step: GUIDE_STEPS.node8060Refused },
  'sni-blocked': { findings: ['middlebox-reset'], absent: ['peer-reset', 'connection-refused', 'tls-alert'], step: GUIDE_STEPS.cloudProxyAllowlist },
  'any-sll': { findings: ['connection-refused'], absent: ['middlebox-reset'] },
  'any-sll2': { findings: ['connection-refused'], absent: ['middlebox-reset'] },
  vlan: { findings: ['connection-refused'], absent: ['middlebox-reset'] },
  'duplicate-packets': { findings: ['duplicate-packets', 'connection-refused', 'dns-failure'], absent: ['syn-timeout', 'middlebox-reset'], step: GUIDE_STEPS.collectPktmon },
  'retry-works': { findings: ['slow-connect', 'connection-refused'], absent: ['syn-timeout', 'middlebox-reset', 'peer-reset'], step: GUIDE_STEPS.readSynRetransmit },
  'one-way': { findings: ['one-way-capture', 'syn-timeout'], absent: ['connection-refused', 'peer-reset', 'middlebox-reset'], step: GUIDE_STEPS.collectBothEnds },
  'one-way-in': { findings: ['one-way-capture', 'peer-reset'], absent: ['connection-refused', 'syn-timeout', 'middlebox-reset'], step: GUIDE_STEPS.collectBothEnds },
  'reset-after-close': { findings: ['peer-reset'], absent: ['middlebox-reset', 'connection-refused'], step: GUIDE_STEPS.readClose },
  'port-check': { findings: ['peer-reset'], absent: ['middlebox-reset', 'connection-refused', 'syn-timeout'], step: GUIDE_STEPS.readClose },
  'idle-drop': { findings: ['peer-reset'], absent: ['middlebox-reset', 'connection-refused', 'syn-timeout'], step: GUIDE_STEPS.resetFollowConversation },
  'request-timeout': { findings: ['peer-reset'], absent: ['middlebox-reset', 'connection-refused', 'syn-timeout'], step: GUIDE_STEPS.resetFollowConversation },
  'request-timeout-server': { findings: ['peer-reset'], absent: ['middlebox-reset', 'connection-refused', 'syn-timeout'], step: GUIDE_STEPS.resetFollowConversation },
  'mtu-blackhole': { findings: ['path-mtu-blackhole', 'peer-reset'], absent: ['middlebox-reset', 'connection-refused', 'syn-timeout'], step: GUIDE_STEPS.resetMtuBlackHole },
  'mtu-blackhole/mtu-blackhole-server': { findings: ['peer-reset'], absent: ['path-mtu-blackhole', 'middlebox-reset', 'connection-refused', 'syn-timeout'] },
};

const scenarioFiles = scenarioFilesOf(Object.keys(SCENARIOS));

function conversationsOf(report: CaptureReport) {
  return report.tcp.conversations
    .map((conversation) => ({
      client: conversation.client,
      server: conversation.server,
      state: conversation.state,
      packets: conversation.packets,
      bytes: conversation.bytes,
      packetsToServer: conversation.packetsToServer,
      packetsToClient: conversation.packetsToClient,
      synRetransmits: conversation.synRetransmits,
      firstFrame: conversation.firstFrame,
      lastFrame: conversation.lastFrame,
      firstTime: conversation.firstTime,
    }))
    .sort((left, right) => left.firstFrame - right.firstFrame);
}

function expectedConversations(expected: Expected) {
  return expected.tcp.conversations.map(({ client, server, state, packets, bytes, packetsToServer, packetsToClient, synRetransmits, firstFrame, lastFrame, firstTime }) =>
    ({ client, server, state, packets, bytes, packetsToServer, packetsToClient, synRetransmits, firstFrame, lastFrame, firstTime }));
}

describe.each(scenarioFiles)('$file', ({ scenario, path }) => {
  const expected = expectedFor(path);

  it('reads the file as capinfos does', async () => {
    const report = await analyzeFiles([path]);
    expect(report.damage).toBeNull();
    expect(report.files).toHaveLength(1);
    const [file] = report.files;
    expect({ format: file.format, version: file.version, linkTypes: file.linkTypes, compressed: file.compressed ?? false })
      .toEqual({ format: expected.format, version: expected.version, linkTypes: expected.linkTypes, compressed: expected.compressed });
    expect({ packets: report.packets, firstTime: report.firstTime, lastTime: report.lastTime })
      .toEqual({ packets: expected.packets, firstTime: expected.firstTime, lastTime: expected.lastTime });
  });

  it('finds the TCP conversations, resets and SYN retransmissions tshark finds', async () => {
    const report = await analyzeFiles([path]);
    expect(report.tcp.packets).toBe(expected.tcp.packets);
    expect(conversationsOf(report)).toEqual(expectedConversations(expected));
    for (const truth of expected.tcp.conversations) {
      // tshark's own conversation table agrees with the per-packet count the state came from.
      expect(truth.tsharkConvFrames).toBe(truth.packets);
      const conversation = report.tcp.conversations.find((candidate) => candidate.client === truth.client && candidate.server === truth.server);
      expect(conversation?.clientTtl).toEqual(truth.clientTtl);
      // A side that sent only a RST has no TTL profile in the truth: what the analyzer shows there is its choice.
      if (truth.serverTtl) expect(conversation?.serverTtl).toEqual(truth.serverTtl);
    }
    expect(report.tcp.resets.map(({ frame, time, src, srcPort, dst, dstPort, ttl, initialTtl, hops, sentBy, afterPeerFin, crossedPeerFin, afterOwnFin }) =>
      ({ frame, time, src, srcPort, dst, dstPort, ttl, initialTtl, hops, sentBy, afterPeerFin, crossedPeerFin, afterOwnFin })))
      .toEqual(expected.tcp.resets.map(({ frame, time, src, srcPort, dst, dstPort, ttl, initialTtl, hops, sentBy, afterPeerFin, crossedPeerFin, afterOwnFin }) =>
        ({ frame, time, src, srcPort, dst, dstPort, ttl, initialTtl, hops, sentBy, afterPeerFin, crossedPeerFin, afterOwnFin })));
    expect(report.tcp.synRetransmissions).toBe(expected.tcp.synRetransmissions);
  });

  it('finds the DNS failures, TLS server names and certificates tshark finds', async () => {
    const report = await analyzeFiles([path]);
    expect({ queries: report.dns.queries, responses: report.dns.responses }).toEqual({ queries: expected.dns.queries, responses: expected.dns.responses });
    const failures = [
      ...expected.dns.answers.filter((answer) => answer.rcode !== 'NOERROR' && !answer.captureCopy).map(({ name, rcode }) => ({ name, rcode })),
      ...expected.dns.unanswered.map(({ name }) => ({ name, rcode: 'no response' })),
    ];
    const byName = (left: { name: string }, right: { name: string }) => left.name.localeCompare(right.name);
    expect(report.dns.failures.map(({ name, rcode }) => ({ name, rcode })).sort(byName)).toEqual(failures.sort(byName));
    expect([...report.tls.serverNames].sort()).toEqual(expected.tls.serverNames);
    // The certificate each server showed in plaintext (TLS 1.2), as tshark decodes it.
    expect(report.tcp.conversations.filter((conversation) => conversation.tlsCertificate !== undefined)
      .map(({ server, tlsCertificate }) => ({ frame: tlsCertificate?.frame, src: server, subject: tlsCertificate?.subject, issuer: tlsCertificate?.issuer })))
      .toEqual(expected.tls.certificates);
  });

  it('calls an unanswered SYN or DNS query a problem only if the trace goes on past its retry and could show the answer', async () => {
    const report = await analyzeFiles([path]);
    const end = isoSeconds(expected.lastTime ?? '');
    const addressOf = (endpoint: string) => endpoint.replace(/:\d+$/, '');
    // A server never heard from, though a client went past its SYN with it: the trace holds one direction, and cannot show answers.
    const unseenServers = new Set(
      expected.tcp.conversations.filter(({ state, packetsToClient }) => packetsToClient === 0 && !['no-answer', 'refused', 'mid-stream'].includes(state)).map(({ server }) => addressOf(server)),
    );
    for (const truth of expected.tcp.conversations.filter((conversation) => conversation.state === 'no-answer')) {
      const finding = report.findings.find((candidate) => candidate.kind === 'syn-timeout' && candidate.summary.startsWith(`${truth.client} sent`));
      const severity = end - isoSeconds(truth.firstTime) < 1 || unseenServers.has(addressOf(truth.server)) ? 'info' : truth.synRetransmits > 0 ? 'error' : 'warning';
      expect(finding?.severity, truth.client).toBe(severity);
    }
    if (expected.dns.unanswered.length > 0) {
      // tshark counts as many queries as answers and unanswered ones: no query was sent twice, so each look-up was asked once.
      expect(expected.dns.queries).toBe(expected.dns.answers.filter((answer) => !answer.captureCopy).length + expected.dns.unanswered.length);
    }
    for (const query of expected.dns.unanswered) {
      const finding = report.findings.find((candidate) => candidate.kind === 'dns-no-response' && candidate.summary.includes(` for ${query.name} to `));
      // A retry of the same name that the same server answered makes the lost query a detail too; so
      // does a look-up asked once whose retry was not yet due (Windows asks again after 1 s; 2 s allowed).
      const retryAnswered = expected.dns.answers.some((answer) => answer.server === query.server && answer.name === query.name);
      expect(finding?.severity, query.name).toBe(end - isoSeconds(query.time) < 2 || retryAnswered ? 'info' : 'warning');
    }
  });

  it('finds the proxy tunnels and answers tshark finds', async () => {
    const report = await analyzeFiles([path]);
    // The proxy's last answer on the connection stands (a client may sign in after a 407 on it).
    const tunnels = expected.proxyTunnels.map(({ stream, target, statuses }) => {
      const { client, server } = expected.tcp.conversations[stream];
      return { client, server, target, status: statuses.at(-1) };
    });
    expect(report.tcp.conversations.filter((conversation) => conversation.proxyTarget !== undefined)
      .map(({ client, server, proxyTarget, proxyStatus }) => ({ client, server, target: proxyTarget, status: proxyStatus })))
      .toEqual(tunnels);
  });

  it('tells a DNS or LLMNR answer turned away as late from any other unreachable port, as tshark decodes them', async () => {
    const report = await analyzeFiles([path]);
    for (const error of expected.icmpUnreachable) {
      const finding = report.findings.find((candidate) => candidate.kind === 'icmp-unreachable' && candidate.evidence.frames.includes(error.frame));
      const portUnreachable = (error.type === 3 && error.code === 3) || (error.type === 1 && error.code === 4);
      const lateAnswer = portUnreachable ? ({ 53: 'DNS', 5355: 'LLMNR' } as Record<number, string>)[error.quotedUdpSourcePort ?? -1] : undefined;
      expect(finding?.step, `frame ${error.frame}`).toBe(lateAnswer !== undefined ? GUIDE_STEPS.readDns : GUIDE_STEPS.readIcmp);
      expect(finding?.summary.match(/turned away \d+ (DNS|LLMNR) answers?/)?.[1], `frame ${error.frame}`).toBe(lateAnswer);
      // A slow DNS server is worth fixing; LLMNR stops listening by design.
      if (lateAnswer !== undefined) expect(finding?.severity, `frame ${error.frame}`).toBe(lateAnswer === 'DNS' ? 'warning' : 'info');
    }
  });

  it(`names what the ${scenario} scenario was built to show`, async () => {
    const report = await analyzeFiles([path]);
    const kinds = new Set(report.findings.map((finding) => finding.kind));
    const { findings, absent, step } = SCENARIOS[scenario];
    for (const kind of findings) expect(kinds, `finding ${kind}`).toContain(kind);
    for (const kind of absent) expect(kinds, `no finding ${kind}`).not.toContain(kind);
    if (step) expect(report.findings.find((finding) => finding.kind === findings[0])?.step).toBe(step);
    if (findings.length === 0) expect(report.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });
});

describe('middlebox-reset: the RST comes from the firewall two hops out, not the server five hops out', () => {
  it.each(scenarioFiles.filter(({ scenario }) => scenario === 'middlebox-reset'))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    const report = await analyzeFiles([path]);
    const [truth] = expected.tcp.resets;
    // The fixture is only meaningful if tshark sees the set-up the script built.
    expect(truth).toMatchObject({ initialTtl: 64, hops: 2, sentBy: 'path' });
    expect(expected.tcp.conversations[0].serverTtl).toEqual({ ttl: 123, initialTtl: 128, hops: 5 });
    const conversation = report.tcp.conversations[0];
    expect(conversation.resetBy).toBe('path');
    const finding = report.findings.find((candidate) => candidate.kind === 'middlebox-reset');
    expect(finding?.evidence.frames).toContain(truth.frame);
    // The reader is told both distances: the RST's and the server's own.
    expect(finding?.evidence.detail).toMatch(new RegExp(`\\b${truth.hops} hops\\b`));
    expect(finding?.evidence.detail).toMatch(new RegExp(`\\b${expected.tcp.conversations[0].serverTtl?.hops} hops\\b`));
  });
});

describe('reset-on-close: the server meets the client\'s FIN with a RST, an abortive close', () => {
  it.each(scenarioFiles.filter(({ scenario }) => scenario === 'reset-on-close'))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    const report = await analyzeFiles([path]);
    const [truth] = expected.tcp.resets;
    // The fixture is only meaningful if tshark sees the set-up the script built.
    expect(truth).toMatchObject({ src: expected.tcp.conversations[0].server.split(':')[0], sentBy: 'peer', afterPeerFin: true });
    const finding = report.findings.find((candidate) => candidate.kind === 'peer-reset');
    expect(finding?.evidence.frames).toContain(truth.frame);
    // A close, not a fault: told as information, and as what it is.
    expect(finding?.severity).toBe('info');
    expect(finding?.summary).toMatch(/answered the client's FIN with a reset/);
    expect(report.findings.filter((candidate) => candidate.severity !== 'info')).toEqual([]);
  });
});

describe('reset-crossing-fin: the client resets as the server closes, an abortive close', () => {
  it.each(scenarioFiles.filter(({ scenario }) => scenario === 'reset-crossing-fin'))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    const report = await analyzeFiles([path]);
    const [truth] = expected.tcp.resets;
    // The fixture is only meaningful if tshark sees the client's RST followed by the server's FIN.
    expect(truth).toMatchObject({ src: expected.tcp.conversations[0].client.split(':')[0], sentBy: 'peer', afterPeerFin: false, crossedPeerFin: true });
    const finding = report.findings.find((candidate) => candidate.kind === 'peer-reset');
    expect(finding?.evidence.frames).toContain(truth.frame);
    expect(finding?.severity).toBe('info');
    expect(finding?.step).toBe(GUIDE_STEPS.readClose);
    expect(finding?.summary).toMatch(/reset it just as the server closed it/);
    // The FIN that followed the RST is the evidence for the crossing.
    expect(finding?.evidence.frames).toContain(truth.crossingFinFrame);
    expect(report.findings.filter((candidate) => candidate.severity !== 'info')).toEqual([]);
  });
});

describe('duplicate-packets: every packet recorded twice, as pktmon at several components records it', () => {
  it.each(scenarioFiles.filter(({ scenario }) => scenario === 'duplicate-packets'))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    // The fixture is only meaningful if tshark sees the copies and takes some for retransmissions.
    expect(expected.tcp.duplicateFrames.length).toBeGreaterThan(4);
    expect(expected.dns.answers.filter((answer) => answer.captureCopy)).toHaveLength(1);
    const report = await analyzeFiles([path]);
    expect(report.tcp.duplicatePackets).toBe(expected.tcp.duplicateFrames.length);
    const finding = report.findings.find((candidate) => candidate.kind === 'duplicate-packets');
    expect(finding).toMatchObject({ severity: 'info', step: GUIDE_STEPS.collectPktmon });
    expect(finding?.evidence.frames).toEqual(expected.tcp.duplicateFrames.slice(0, 12));
    expect(finding?.summary).toContain(`${expected.tcp.duplicateFrames.length} TCP packets repeat`);
    // The copied SYN is no retry, and the copied NXDOMAIN no second failure.
    expect(report.tcp.conversations.map((conversation) => conversation.synRetransmits)).toEqual([0, 0]);
    expect(report.findings.find((candidate) => candidate.kind === 'dns-failure')?.summary).not.toMatch(/times\)/);
    // Each copy is drawn, marked as such, in its conversation's ladder.
    const copies = report.tcp.conversations.flatMap((conversation) => ladderPackets(conversation.ladder)).filter((packet) => packet.captureCopy);
    expect(copies.map((packet) => packet.frame).sort((a, b) => a - b)).toEqual(expected.tcp.duplicateFrames);
  });
});

describe('retry-works: connections that got in at the second try are not failures', () => {
  it.each(scenarioFiles.filter(({ scenario }) => scenario === 'retry-works'))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    const [slow, refused, acceptedLater, refusedOverIpv6, acceptedOverIpv4] = expected.tcp.conversations;
    // The fixture is only meaningful if tshark sees a retried SYN answered, and each refusal followed by a connection that worked.
    expect(expected.tcp.conversations.map(({ state }) => state)).toEqual(['closed', 'refused', 'closed', 'refused', 'closed']);
    expect(slow.synRetransmits).toBe(1);
    expect(acceptedLater.client.split(':')[0]).toBe(refused.client.split(':')[0]);
    expect(refusedOverIpv6.server.startsWith('[')).toBe(true);
    expect(acceptedOverIpv4.server.split(':')[1]).toBe(refusedOverIpv6.server.split(']:')[1]);
    expect(isoSeconds(acceptedOverIpv4.firstTime) - isoSeconds(refusedOverIpv6.firstTime)).toBeLessThan(1);
    const report = await analyzeFiles([path]);

    const slowFinding = report.findings.find((finding) => finding.kind === 'slow-connect');
    expect(slowFinding).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.readSynRetransmit });
    expect(slowFinding?.summary).toContain(`${slow.client} connected to ${slow.server} only after 2 SYNs`);
    expect(slowFinding?.evidence.frames[0]).toBe(slow.firstFrame);

    const refusals = report.findings.filter((finding) => finding.kind === 'connection-refused');
    expect(refusals.map((finding) => finding.severity)).toEqual(['info', 'info']);
    const sameClient = refusals.find((finding) => finding.evidence.frames.includes(refused.firstFrame));
    expect(sameClient?.summary).toMatch(/but accepted the same client \d+ ms later/);
    expect(sameClient?.evidence.frames).toContain(acceptedLater.firstFrame);
    const fallback = refusals.find((finding) => finding.evidence.frames.includes(refusedOverIpv6.firstFrame));
    expect(fallback?.summary).toContain(`the client connected over IPv4 to ${acceptedOverIpv4.server} instead`);
    expect(fallback?.evidence.frames).toContain(acceptedOverIpv4.firstFrame);
    expect(report.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });
});

describe('one-way: a capture of outgoing packets only cannot show answers', () => {
  it.each(scenarioFiles.filter(({ scenario }) => scenario === 'one-way'))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    // The fixture is only meaningful if tshark sees nothing from the server, yet a client that went past its SYN.
    expect(expected.tcp.conversations.every((conversation) => conversation.packetsToClient === 0)).toBe(true);
    const proof = expected.tcp.conversations.find((conversation) => conversation.packetsToServer > 1);
    const lone = expected.tcp.conversations.find((conversation) => conversation.state === 'no-answer');
    expect(proof).toBeDefined();
    expect(lone?.packetsToServer).toBe(1);
    const report = await analyzeFiles([path]);
    const oneWay = report.findings.filter((finding) => finding.kind === 'one-way-capture');
    expect(oneWay).toHaveLength(1);
    expect(oneWay[0]).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.collectBothEnds });
    expect(oneWay[0].summary).toContain(`never shows a packet from ${proof?.server.split(':')[0]}`);
    expect(oneWay[0].evidence.frames).toEqual([proof?.firstFrame, proof?.lastFrame]);
    // The lone SYN's RST went uncaptured: the verdict says the trace cannot tell, not that packets were dropped.
    const unanswered = report.findings.find((finding) => finding.kind === 'syn-timeout');
    expect(unanswered).toMatchObject({ severity: 'info', step: GUIDE_STEPS.collectBothEnds });
    expect(unanswered?.evidence.frames).toEqual([lone?.firstFrame]);
    expect(unanswered?.summary).toMatch(/cannot tell whether this SYN was answered/);
  });
});

describe('one-way-in: a capture of incoming packets only cannot show what the client sent', () => {
  it.each(scenarioFiles.filter(({ scenario }) => scenario === 'one-way-in'))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    // The fixture is only meaningful if tshark sees nothing from the client, yet a server that went on after its SYN-ACK.
    expect(expected.tcp.conversations.every((conversation) => conversation.packetsToServer === 0)).toBe(true);
    const proof = expected.tcp.conversations.find((conversation) => conversation.packetsToClient > 1);
    const [reset] = expected.tcp.resets;
    expect(reset?.dst).toBe(proof?.client.split(':')[0]);
    const report = await analyzeFiles([path]);
    const oneWay = report.findings.filter((finding) => finding.kind === 'one-way-capture');
    expect(oneWay).toHaveLength(1);
    expect(oneWay[0]).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.collectBothEnds });
    expect(oneWay[0].summary).toContain(`never shows a packet from ${proof?.client.split(':')[0]}, yet ${proof?.server} answered its SYN`);
    expect(oneWay[0].evidence.frames).toEqual([proof?.firstFrame, proof?.lastFrame]);
    // The refusal's SYN went uncaptured: the lone RST is told as such, not as a server cutting a connection.
    const lone = report.findings.find((finding) => finding.kind === 'peer-reset');
    expect(lone).toMatchObject({ severity: 'info', step: GUIDE_STEPS.collectBothEnds, evidence: { frames: [reset.frame] } });
    expect(lone?.summary).toMatch(/the first packet of that connection in the trace, but the trace never shows a packet from/);
    expect(report.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });
});

describe('reset-after-close: a server that closed first resets what comes after', () => {
  it.each(scenarioFiles.filter(({ scenario }) => scenario === 'reset-after-close'))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    const [truth] = expected.tcp.resets;
    const [conversation] = expected.tcp.conversations;
    // The fixture is only meaningful if the server's RST came after its own FIN and not after the client's.
    expect(truth).toMatchObject({ src: conversation.server.split(':')[0], sentBy: 'peer', afterPeerFin: false, crossedPeerFin: false, afterOwnFin: true });
    const report = await analyzeFiles([path]);
    const finding = report.findings.find((candidate) => candidate.kind === 'peer-reset');
    expect(finding).toMatchObject({ severity: 'info', step: GUIDE_STEPS.readClose });
    expect(finding?.summary).toMatch(/which had already closed it \(its FIN, frame \d+\), reset it as more came from the client/);
    const finFrame = Number(/frame (\d+)\)/.exec(finding?.summary ?? '')?.[1]);
    expect(finding?.evidence.frames).toEqual([conversation.firstFrame, finFrame, truth.frame]);
    const fin = ladderPackets(report.tcp.conversations[0].ladder).find((packet) => packet.frame === finFrame);
    expect(fin).toMatchObject({ fromClient: false, flags: expect.any(Number) });
    expect((fin?.flags ?? 0) & 0x01).toBe(1);
    expect(finFrame).toBeLessThan(truth.frame);
    expect(report.findings.filter((candidate) => candidate.severity !== 'info')).toEqual([]);
  });
});

describe('capture-ends-early: a SYN and a DNS query the capture stopped right after', () => {
  it.each(scenarioFiles.filter(({ scenario }) => scenario === 'capture-ends-early'))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    // The fixture is only meaningful if tshark sees both just before the end, and nothing answering them.
    const end = isoSeconds(expected.lastTime ?? '');
    expect(expected.tcp.conversations.map(({ state }) => state)).toEqual(['no-answer']);
    expect(end - isoSeconds(expected.tcp.conversations[0].firstTime)).toBeLessThan(1);
    expect(expected.dns.unanswered).toHaveLength(1);
    expect(end - isoSeconds(expected.dns.unanswered[0].time)).toBeLessThan(1);
    const report = await analyzeFiles([path]);
    expect(report.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
    for (const kind of ['syn-timeout', 'dns-no-response']) {
      expect(report.findings.find((finding) => finding.kind === kind)?.summary, kind).toMatch(/too soon to tell/);
    }
  });
});

describe('dns: missing WPAD, reverse and service names are routine, a missing host is not', () => {
  it.each(scenarioFiles.filter(({ scenario }) => scenario === 'dns'))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    const nxdomain = expected.dns.answers.filter((answer) => answer.rcode === 'NXDOMAIN').map((answer) => answer.name);
    // The fixture is only meaningful if tshark sees each kind of name answered NXDOMAIN.
    const wpad = nxdomain.find((name) => name.startsWith('wpad.'));
    const reverse = nxdomain.find((name) => name.endsWith('.in-addr.arpa'));
    const service = nxdomain.find((name) => name.startsWith('_'));
    const missing = nxdomain.find((name) => ![wpad, reverse, service].includes(name));
    for (const name of [wpad, reverse, service, missing]) expect(name).toBeDefined();
    const report = await analyzeFiles([path]);
    const findingFor = (name = '') => report.findings.find((finding) => finding.kind === 'dns-failure' && (finding.summary.startsWith(name) || finding.summary.includes(` ${name}`)));
    expect(findingFor(wpad)).toMatchObject({ severity: 'info', step: GUIDE_STEPS.cloudTestThroughProxy });
    const reversedAddress = reverse?.replace('.in-addr.arpa', '').split('.').reverse().join('.');
    expect(findingFor(reverse)).toMatchObject({ severity: 'info', step: GUIDE_STEPS.readDns });
    expect(findingFor(reverse)?.summary).toContain(`${reversedAddress} has no reverse (PTR) name`);
    expect(findingFor(service)).toMatchObject({ severity: 'info', step: GUIDE_STEPS.readDns });
    expect(findingFor(missing)).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.cloudDnsNotResolved });
  });

  it.each(scenarioFiles.filter(({ scenario }) => scenario === 'dns'))('a failed name the runtime needs is an error and says so: $file', async ({ path }) => {
    const expected = expectedFor(path);
    const failed = expected.dns.answers.filter((answer) => answer.rcode === 'SERVFAIL').map((answer) => answer.name);
    // The fixture is only meaningful if tshark sees the service's name fail as well as an internal one.
    const service = failed.find((name) => name.endsWith('.frontend.clouddatahub.net'));
    const internal = failed.find((name) => name !== service);
    expect(service).toBeDefined();
    expect(internal).toBeDefined();
    const report = await analyzeFiles([path]);
    const findingFor = (name = '') => report.findings.find((finding) => finding.kind === 'dns-failure' && finding.summary.includes(` ${name}`));
    expect(findingFor(service)).toMatchObject({ severity: 'error', step: GUIDE_STEPS.cloudDnsNotResolved });
    expect(findingFor(service)?.summary).toContain(`${service} (a name the integration runtime needs)`);
    expect(findingFor(internal)?.summary).not.toContain('integration runtime');
  });
});

describe('dns: an unanswered query is judged by what else its server answered', () => {
  it.each(scenarioFiles.filter(({ scenario }) => scenario === 'dns'))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    const cases = expected.dns.unanswered.map((query) => {
      const answers = expected.dns.answers.filter((answer) => answer.server === query.server && !answer.captureCopy);
      return { query, sameName: answers.some((answer) => answer.name === query.name), otherNames: answers.length > 0 };
    });
    // The fixture is only meaningful if tshark sees all three: a retry answered, a server that answers
    // other names but not this one, and a server that answers nothing.
    expect(cases.map(({ sameName, otherNames }) => (sameName ? 'retry answered' : otherNames ? 'others answered' : 'silent server')).sort())
      .toEqual(['others answered', 'retry answered', 'silent server']);
    // tshark counts each query once only when none was sent again: then every look-up was asked once.
    expect(expected.dns.queries).toBe(expected.dns.answers.filter((answer) => !answer.captureCopy).length + expected.dns.unanswered.length);
    const report = await analyzeFiles([path]);
    for (const { query, sameName, otherNames } of cases) {
      const finding = report.findings.find((candidate) => candidate.kind === 'dns-no-response' && candidate.summary.includes(` for ${query.name} to ${query.server}`));
      // Asked once, with under 2 s of trace after it (Windows asks again after 1 s): too soon to tell.
      const tooSoon = isoSeconds(expected.lastTime ?? '') - isoSeconds(query.time) < 2;
      expect(finding?.severity, query.name).toBe(sameName || tooSoon ? 'info' : 'warning');
      expect(finding?.summary, query.name).toMatch(sameName ? /another query for the same name/ : tooSoon ? /too soon to tell/ : otherNames ? /answered other names/ : /unreachable/);
    }
    // The fixture holds one look-up the trace ends too soon after (sql02, 1.2 s before the end).
    expect(cases.filter(({ query }) => isoSeconds(expected.lastTime ?? '') - isoSeconds(query.time) < 2).map(({ query }) => query.name)).toEqual(['sql02.contoso.example']);
  });
});

describe('proxy-connect: a proxy that refuses one name and wants credentials for another', () => {
  it.each(scenarioFiles.filter(({ scenario }) => scenario === 'proxy-connect'))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    // The fixture is only meaningful if tshark sees the answers the toy proxy was built to give:
    // a refusal, a 407 given up, a sign-in on one connection, and one across two.
    expect(expected.proxyTunnels.map(({ statuses }) => statuses)).toEqual([[403], [407], [407, 200], [407], [200]]);
    expect(expected.proxyTunnels[3].target).toBe(expected.proxyTunnels[4].target);
    const report = await analyzeFiles([path]);
    // Only the refusal and the 407 nobody followed up are failures.
    const refusals = report.findings.filter((finding) => finding.kind === 'proxy-refused');
    expect(refusals).toHaveLength(2);
    const [forbidden, credentials] = expected.proxyTunnels;
    const findingFor = (target: string, status: number) => refusals.find((finding) => finding.summary.includes(`HTTP ${status} `) && finding.summary.includes(target));
    // Service Bus is on the runtime's allowlist; 407 is the service account's business.
    expect(findingFor(forbidden.target, 403)?.step).toBe(GUIDE_STEPS.cloudProxyAllowlist);
    expect(findingFor(credentials.target, 407)?.step).toBe(GUIDE_STEPS.cloudProxyAdAuth);
    // The evidence is the CONNECT itself (tshark's frame), with the answer after it.
    expect(findingFor(forbidden.target, 403)?.evidence.frames[0]).toBe(forbidden.frame);
    expect(findingFor(credentials.target, 407)?.evidence.frames[0]).toBe(credentials.frame);
  });
});

describe('Linux cooked captures', () => {
  // tcpdump 4.99 with libpcap 1.10 writes v2 for -i any unless -y asks for v1; the v1 fixture once came out as v2.
  it.each([
    ['any-sll/any-sll.pcapng', LinkType.LINUX_SLL],
    ['any-sll2/any-sll2.pcapng', LinkType.LINUX_SLL2],
  ])('%s has link type %i and decodes to the same two conversations', async (file, linkType) => {
    const report = await analyzeFiles([join(FIXTURES, file)]);
    expect(report.files[0].linkTypes).toEqual([linkType]);
    expect(report.tcp.conversations.map((conversation) => conversation.state)).toEqual(['closed', 'refused']);
  });
});

describe('a NetMon chained set', () => {
  const parts = ['clean.cap', 'clean(1).cap', 'clean(2).cap'].map((name) => join(FIXTURES, 'chained', name));
  const whole = join(FIXTURES, 'clean', 'clean.cap');

  it.each([
    [0, 1, 2],
    [2, 0, 1],
    [1, 2, 0],
  ])('given in order %j reads as the unsplit capture', async (...order) => {
    const [chained, unsplit] = await Promise.all([analyzeFiles(order.map((index) => parts[index])), analyzeFiles([whole])]);
    const expected = expectedFor(whole);
    expect(chained.damage).toBeNull();
    expect(chained.files.map((file) => file.packets).reduce((sum, packets) => sum + packets, 0)).toBe(expected.packets);
    const { files: _chainedFiles, ...chainedRest } = chained;
    const { files: _unsplitFiles, ...unsplitRest } = unsplit;
    expect(chainedRest).toEqual(unsplitRest);
    expect(conversationsOf(chained)).toEqual(expectedConversations(expected));
  });
});

describe('the same capture given twice', () => {
  // editcap wrote each variant from one capture: the microsecond pcap and the nanosecond pcap hold the same packets.
  const [micro, nano] = ['request-timeout.pcap', 'request-timeout.ns.pcap'].map((name) => join(FIXTURES, 'request-timeout', name));

  it('reads each packet once, says so, and judges the trace as the single file', async () => {
    const [twice, once] = await Promise.all([analyzeFiles([micro, nano]), analyzeFiles([nano])]);
    const expected = expectedFor(micro);
    expect(twice.files.map((file) => file.packets)).toEqual([expected.packets, expected.packets]);
    expect(twice.packets).toBe(expected.packets);
    expect(twice.tcp.duplicatePackets).toBe(0);
    expect(twice.tcp.conversations).toEqual(once.tcp.conversations);
    const repeat = twice.findings.find((finding) => finding.kind === 'duplicate-packets');
    expect(repeat?.summary).toBe(
      // The nanosecond copy is kept for its finer clock.
      `request-timeout.pcap holds the same ${expected.packets} packets as request-timeout.ns.pcap: the same capture given twice, or a copy of it in another format. ` +
        'Each packet was analysed once; to compare two capture points, give the trace from each.',
    );
    expect(twice.findings.filter((finding) => finding !== repeat)).toEqual(once.findings);
  });
});
