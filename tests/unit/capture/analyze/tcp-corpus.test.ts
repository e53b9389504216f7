/**
 * TCP verdicts on real captures from the public corpus that once misled (notes on each case quote
 * the tshark command showing the fact). The capture files are never copied into the repository;
 * without the folder the suite is skipped.
 */
import { describe, expect, it } from 'vitest';
import type { CaptureReport, Finding, FindingKind } from '../../../../src/lib/capture/report';
import { GUIDE_STEPS } from '../../../../src/lib/guide/steps';
import { analyzeCorpusFile as analyze, CORPUS_MISSING, PUBLIC_CORPUS } from '../public-corpus';

function findingsOf(report: CaptureReport, kind: FindingKind): Finding[] {
  return report.findings.filter((finding) => finding.kind === kind);
}

describe.skipIf(PUBLIC_CORPUS === undefined)(`TCP verdicts on public captures${PUBLIC_CORPUS === undefined ? ` ${CORPUS_MISSING}` : ''}`, () => {
  it('calls an IPv6 refusal followed at once by an IPv4 connection a fallback, not an error', async () => {
    // tshark -r wiregasm__http2-16-ssl.pcapng -c 4: ::1 SYN (1), RST (2), then 127.0.0.1 SYN (3) and SYN-ACK (4) 0.3 ms later.
    const report = await analyze('wiregasm__http2-16-ssl.pcapng');
    const [refusal] = findingsOf(report, 'connection-refused');
    expect(refusal).toMatchObject({ severity: 'info', evidence: { frames: [1, 2, 3] } });
    expect(refusal.summary).toMatch(/over IPv6; 1 ms later the client connected over IPv4 to 127\.0\.0\.1:443 instead/);
  });

  it('calls a refusal followed by an accepted connection from the same client a passing state', async () => {
    // tshark -r tcpdump__of13_ericsson.pcapng -Y 'tcp.flags.syn==1 || tcp.flags.reset==1': SYN 13, RST,ACK 14; 4 s later SYN 15, SYN-ACK 16.
    const report = await analyze('tcpdump__of13_ericsson.pcapng');
    const [refusal] = findingsOf(report, 'connection-refused');
    expect(refusal).toMatchObject({ severity: 'info', evidence: { frames: [13, 14, 15] } });
    expect(refusal.summary).toMatch(/but accepted the same client 4\.0 s later/);
  });

  it('reports connections answered only after SYN retransmissions, with the longest wait', async () => {
    // tshark -r zeek__echo-connections.pcap -Y tcp.flags.syn==1 -T fields -e tcp.stream -e frame.time_epoch -e tcp.flags.ack
    // -e tcp.analysis.retransmission: 158 of 500 streams retransmit their SYN and get the SYN-ACK 1 s or more after it, at most 3.11 s.
    const report = await analyze('zeek__echo-connections.pcap');
    const [slow] = findingsOf(report, 'slow-connect');
    expect(slow).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.readSynRetransmit });
    expect(slow.summary).toMatch(/^158 connections from 127\.0\.0\.1 to 127\.0\.0\.1:7000 were answered only after the client sent its SYN again, up to 3\.1 s/);
  });

  it('tells a capture of one direction from SYNs dropped on the way', async () => {
    // tshark -r tcpdump__ipoib.pcap: every TCP packet comes from 192.168.56.10; its stream to port 22 begins SYN (9), ACK (10), data (11).
    const report = await analyze('tcpdump__ipoib.pcap');
    const [oneWay] = findingsOf(report, 'one-way-capture');
    expect(oneWay).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.collectBothEnds });
    expect(oneWay.summary).toMatch(/^The trace never shows a packet from 192\.168\.56\.24, yet 192\.168\.56\.10:34170 completed a handshake with it/);
    expect(oneWay.evidence.frames[0]).toBe(9);
    const unanswered = findingsOf(report, 'syn-timeout');
    expect(unanswered.length).toBeGreaterThan(0);
    expect(unanswered.map((finding) => finding.severity)).toEqual(unanswered.map(() => 'info'));
  });

  it('doubts a lone SYN that the client never retried while the trace went on', async () => {
    // tshark -r prot-od-netcaps__MS-WSUSOD_Example6_W2K16_X64_Win10_X64_Domain.cap -Y 'tcp.port==49807': one SYN (1), nothing after it.
    const report = await analyze('prot-od-netcaps__MS-WSUSOD_Example6_W2K16_X64_Win10_X64_Domain.cap');
    const lone = findingsOf(report, 'syn-timeout').find((finding) => finding.evidence.frames[0] === 1);
    expect(lone?.severity).toBe('warning');
    expect(lone?.summary).toMatch(/yet the client never sent it again in the 18\.6 min the trace went on/);
    expect(lone?.summary).not.toMatch(/dropped on the way/);
  });

  it('calls a reset after the sender had closed an abortive close', async () => {
    // tshark -r zeek__ftp-auth-tls.pcap -Y 'frame.number>=82': client data (82), server FIN (83), server RST (84).
    const report = await analyze('zeek__ftp-auth-tls.pcap');
    const close = findingsOf(report, 'peer-reset').find((finding) => finding.evidence.frames.includes(84));
    expect(close).toMatchObject({ severity: 'info', step: GUIDE_STEPS.readClose });
    expect(close?.evidence.frames).toEqual(expect.arrayContaining([83, 84]));
    expect(close?.summary).toMatch(/which had already closed it \(its FIN, frame 83\)/);
  });

  it('says a server that resets right after the first request rejected it', async () => {
    // tshark -r zeek__get-to-ssh-server.pcap: HTTP GET to port 22 (4), the server's 21 bytes (6), its RST 14.7 ms after the GET (7).
    const report = await analyze('zeek__get-to-ssh-server.pcap');
    const [rejection] = findingsOf(report, 'peer-reset');
    expect(rejection).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.resetFollowConversation });
    expect(rejection.evidence.frames).toEqual(expect.arrayContaining([4, 7]));
    expect(rejection.summary).toMatch(/15 ms after the client's first data \(frame 4\), after answering it with only 21 bytes/);
    expect(rejection.summary).toMatch(/a protocol it does not speak on port 22/);
  });
});
