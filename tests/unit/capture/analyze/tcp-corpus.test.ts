/**
 * TCP verdicts on real captures from the public corpus that once misled (notes on each case quote
 * the tshark command showing the fact). The capture files are never copied into the repository;
 * without the folder the suite is skipped.
 */
import { describe, expect, it } from 'vitest';
import type { CaptureReport, Finding, FindingKind } from '../../../../src/lib/capture/report';
import { conversationConcerns, groupResets, resetGroupHeadline } from '../../../../src/lib/capture/report-words';
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
    // 0.27 ms between the RST and the IPv4 SYN.
    expect(refusal.summary).toMatch(/over IPv6; under a millisecond later the client connected over IPv4 to 127\.0\.0\.1:443 instead/);
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
    // Both ends are 127.0.0.1: no firewall or link lies between them, only the server's listen queue.
    expect(slow.summary).toMatch(/Over loopback no network is involved/);
    expect(slow.summary).not.toMatch(/firewall/);
  });

  it('reports a SYN answered a second later on the first try as slow too, without blaming lost SYNs', async () => {
    // tshark -r zeek__ipv6-violation.pcap -c 3: SYN (1) at 0 s, SYN-ACK (2) at 1.097 s, no retransmission between.
    const report = await analyze('zeek__ipv6-violation.pcap');
    const [slow] = findingsOf(report, 'slow-connect');
    expect(slow).toMatchObject({ severity: 'warning', evidence: { frames: [1, 2] } });
    expect(slow.summary).toMatch(/answered the SYN of \[2001:470:1f05:17a6:d69a:20ff:fefd:6b88\]:24316 only 1\.1 s later, though the client did not need to send it again/);
    expect(slow.summary).not.toMatch(/SYNs lost/);
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

  it('doubts a lone SYN that the client never retried, and names the later connection that got in', async () => {
    // tshark -r prot-od-netcaps__MS-WSUSOD_Example6_W2K16_X64_Win10_X64_Domain.cap -Y 'tcp.port==445 && tcp.flags.syn==1':
    // the SYN of port 49807 (1) is never retried nor answered; the same client's SYN from port 49922 (1421), 15 min later, is answered.
    const report = await analyze('prot-od-netcaps__MS-WSUSOD_Example6_W2K16_X64_Win10_X64_Domain.cap');
    const lone = findingsOf(report, 'syn-timeout').find((finding) => finding.evidence.frames[0] === 1);
    expect(lone).toMatchObject({ severity: 'info', evidence: { frames: [1, 1421] } });
    expect(lone?.summary).toMatch(/but a later connection from the same client to the same port got in \(15\.0 min later\)/);
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

  it('tells a reset right after the sender\'s own FIN, with nothing new between, from one answering late data', async () => {
    // tshark -r prot-od-netcaps__MS-CCROD_Example2Peer1Version1_Win2016_X64_Win10_X64_Domain_CePark.cap -Y 'tcp.port==1678':
    // the server's data (689), the client's ACK (691), FIN (692) and RST (693): nothing from the server after the FIN.
    const report = await analyze('prot-od-netcaps__MS-CCROD_Example2Peer1Version1_Win2016_X64_Win10_X64_Domain_CePark.cap');
    const close = findingsOf(report, 'peer-reset').find((finding) => finding.evidence.frames.includes(693));
    expect(close).toMatchObject({ severity: 'info', step: GUIDE_STEPS.readClose });
    // One of the client's two routine endings with that server (the other on port 445), told together.
    expect(close?.summary).toContain('the client reset right after its own FIN, with nothing new in between (1)');
    expect(close?.summary).not.toContain('still sent after its own FIN');
  });

  it('counts the packets before a reset without the capture\'s copies', async () => {
    // tshark -r zeek__m57-long-49583-80.pcap -Y 'frame.number < 226 && !(tcp.analysis.retransmission || tcp.analysis.duplicate_ack)':
    // 113 of the 225 packets before the client's RST (226, its copy 227) are not copies.
    const report = await analyze('zeek__m57-long-49583-80.pcap');
    expect(findingsOf(report, 'peer-reset').map((finding) => finding.summary)).toEqual([expect.stringMatching(/reset instead of a FIN, after 113 packets: /)]);
  });

  it('calls a silence after an answer it cannot frame idle or stalled, and a server\'s reset after its own answer an idle drop', async () => {
    // tshark -r zeek__ctu-62604-80.pcap -T fields -e frame.number -e frame.time_relative -e tcp.flags.str -e tcp.seq -e tcp.ack -e tcp.len:
    // the server's 369 bytes (15 at 0.167 s, its copy 16), the client's ACK 370 (17), then its RST,ACK (19) at 36.681 s. Plain HTTP:
    // whether that answer was whole is not read, so both readings are named.
    const client = findingsOf(await analyze('zeek__ctu-62604-80.pcap'), 'peer-reset');
    expect(client).toEqual([expect.objectContaining({ severity: 'info', step: GUIDE_STEPS.resetFollowConversation })]);
    expect(client[0].evidence.frames).toEqual(expect.arrayContaining([15, 19]));
    expect(client[0].summary).toMatch(/^The client 192\.168\.1\.108:62604 reset its connection to 45\.9\.74\.78:80 36\.5 s after the server's last data \(frame 15\), every byte acknowledged/);
    expect(client[0].summary).toMatch(/either it was done with an idle connection, or it was still waiting for the rest of an answer that stopped coming/);
    // tshark -r pcapplusplus__example2.pcap -Y tcp.port==55285: the server's 700 bytes (2726), the client's ACK 701 (2752, at 142449813.347),
    // then the server's RST (4097) 8.6 s later: an HTTP keep-alive timeout, no longer a warning.
    const server = findingsOf(await analyze('pcapplusplus__example2.pcap'), 'peer-reset').find((finding) => finding.evidence.frames.includes(4097));
    expect(server?.severity).toBe('info');
    expect(server?.summary).toMatch(/66\.117\.29\.38 \(the server\) reset it after 8\.6 s in which neither end sent anything.*the server dropped an idle connection/);
  });

  it('calls a client reset right after the answer to its last request the end of its session', async () => {
    // tshark -r prot-od-netcaps__MS-GPOD_Example4_Win2016_X64_Win10_X64.cap -Y tcp.port==50141: Session Logoff Request (934),
    // Response (935, 72 bytes), the client's RST,ACK acknowledging it (936, ack 2402) 1.3 ms later.
    const report = await analyze('prot-od-netcaps__MS-GPOD_Example4_Win2016_X64_Win10_X64.cap');
    const logoff = findingsOf(report, 'peer-reset').find((finding) => finding.evidence.frames.includes(936));
    expect(logoff).toMatchObject({ severity: 'info', step: GUIDE_STEPS.readClose });
    expect(logoff?.evidence.frames).toEqual(expect.arrayContaining([935, 936]));
    // tshark -Y frame.number==935 -T fields -e smb2.cmd -e smb2.nt_status -e smb2.flags.response: 2 (LOGOFF), 0x00000000, 1.
    expect(logoff?.summary).toMatch(/reset its connection to \[2008::c9\]:445 1 ms after the server confirmed the end of its SMB session \(frame 935, a successful logoff or tree disconnect\)/);
    expect(logoff?.summary).toMatch(/Windows ends SMB sessions this way, so this is routine\.$/);
    // The reset list says so too, and files it with the routine ones.
    const record = report.tcp.resets.find((reset) => reset.frame === 936);
    expect(record?.ending).toBe('session-end');
    const group = groupResets(report.tcp.resets, report.tcp.conversations).find((candidate) => candidate.resets.includes(record!));
    expect(group && resetGroupHeadline(group)).toBe('1 reset sent by the client, ending an SMB session — routine');
  });

  it('tells the routine endings between one client and one server as one finding that speaks for each', async () => {
    // tshark -r prot-od-netcaps__MS-ADOD_Example1_4_Win2016_X64_Win2016_X64_Domain_UnjoiningADomainMember.cap -Y tcp.flags.reset==1
    // -T fields -e tcp.stream -e ip.src -e tcp.srcport: the server resets 4 Kerberos connections (port 88) after the client's FIN;
    // the client resets 5 SMB ones (445): 3 within 6 ms of a Tree Disconnect, Logoff or last response (streams 0, 6, 7)
    // and 2 after 11.5 s of silence, everything acknowledged (streams 1 and 8: frames 160 -> 181, 157 -> 180).
    const report = await analyze('prot-od-netcaps__MS-ADOD_Example1_4_Win2016_X64_Win2016_X64_Domain_UnjoiningADomainMember.cap');
    const resets = findingsOf(report, 'peer-reset');
    expect(resets).toHaveLength(1);
    const [routine] = resets;
    expect(routine).toMatchObject({ severity: 'info', step: GUIDE_STEPS.readClose });
    expect(routine.summary).toMatch(/^9 connections from 192\.168\.0\.101 to 192\.168\.0\.1 \(ports 88, 445\) ended in ways that are routine: /);
    // tshark -Y 'smb2.flags.response==1 && (smb2.cmd==2 || smb2.cmd==4)': successful tree disconnects and logoffs in 165, 167, 177 and 179.
    expect(routine.summary).toContain('the client reset right after the server confirmed the end of its SMB session (3)');
    expect(routine.summary).toContain('the client dropped the connection after it sat idle (2)');
    expect(routine.summary).toContain("the server answered the client's FIN with a reset (4)");
    // It speaks for all nine, so the conversation table paints none of them as a problem.
    const reset = report.tcp.conversations.filter((conversation) => conversation.state === 'reset');
    expect(new Set(routine.evidence.conversationIds)).toEqual(new Set(reset.map((conversation) => conversation.id)));
    const concerns = conversationConcerns(report);
    expect(reset.map((conversation) => concerns.get(conversation.id))).toEqual(reset.map(() => 'info'));
  });

  it('leaves a client reset after any other answer open between routine and rejection', async () => {
    // tshark -r zeek__rdp-no-cookie-mstshash.pcap: the server's 51 bytes (17), the client's RST,ACK acknowledging them (19, ack 943) 22 µs later.
    const [reset] = findingsOf(await analyze('zeek__rdp-no-cookie-mstshash.pcap'), 'peer-reset');
    expect(reset.summary).toMatch(/reset its connection to 10\.132\.153\.76:3389 under a millisecond after the server's answer \(frame 17\), which the reset acknowledges: either the client had what it needed .* or it could not accept the answer/);
  });

  it('tells a port check from a failure, and a lone SYN too recent to judge from a lost one', async () => {
    // tshark -r zeek__nmap-vsn.pcap -Y tcp.port==58117: SYN (96), SYN-ACK (114), ACK (115), the client's RST,ACK (116) 33 µs later.
    const report = await analyze('zeek__nmap-vsn.pcap');
    const probe = findingsOf(report, 'peer-reset').find((finding) => finding.evidence.frames.includes(116));
    expect(probe?.severity).toBe('info');
    expect(probe?.summary).toMatch(/opened a connection to 192\.168\.1\.69:80 and reset it under a millisecond after the handshake, with no data either way: reachability checks often close this way/);
    // Likewise streams 2 and 16 (tshark -Y 'tcp.stream in {2 16}'): handshake, no data, the client's RST (152, 492) within 0.3 ms.
    expect(report.tcp.resets.filter((reset) => reset.ending === 'port-check').map((reset) => reset.frame)).toEqual([116, 152, 492]);
    // tshark -r zeek__nmap-vsn.pcap -Y 'tcp.port==58111': one SYN (90) and nothing else; the trace ends 1.8 s later, before a retry was due.
    const lone = findingsOf(report, 'syn-timeout').find((finding) => finding.evidence.frames.includes(90));
    expect(lone?.severity).toBe('info');
    expect(lone?.summary).toMatch(/sent 1 SYN to 192\.168\.1\.63:80 and the trace ends 1\.8 s later: too soon to tell/);
  });

  it('makes one finding per silent server, whatever ports its unanswered SYNs went to', async () => {
    // tshark -r zeek__nmap-vsn.pcap -Y 'ip.addr==192.168.1.63 || ip.addr==192.168.1.68' -T fields -e frame.number -e ip.dst -e tcp.dstport -e tcp.flags.str:
    // only SYNs from 192.168.1.71, two to port 80 and two to port 443 of each server (90, 359, 367, 411 to .63; 95, 364, 369, 413 to .68).
    const unanswered = findingsOf(await analyze('zeek__nmap-vsn.pcap'), 'syn-timeout');
    expect(unanswered.map((finding) => finding.summary.slice(0, finding.summary.indexOf(')') + 1))).toEqual([
      '192.168.1.63 answered none of 4 SYNs from 192.168.1.71 (ports 80, 443)',
      '192.168.1.68 answered none of 4 SYNs from 192.168.1.71 (ports 80, 443)',
    ]);
    expect(unanswered.map((finding) => finding.evidence.frames)).toEqual([
      [90, 359, 367, 411],
      [95, 364, 369, 413],
    ]);
    expect(unanswered.every((finding) => finding.evidence.conversationIds?.length === 4)).toBe(true);
  });

  it('does not say a server answered none of its SYNs when the trace never holds its direction', async () => {
    // tshark -r tcpdump__ipoib.pcap -Y 'tcp.flags.syn==1' -T fields -e frame.number -e ip.dst -e tcp.dstport: SYNs to 192.168.56.24 on ports 22 (9),
    // 8 (24, 27), 13 (28), 12 (29) and 14 (30); tshark -Y 'ip.src==192.168.56.24' shows no packet from it at all.
    const [unheard, ...others] = findingsOf(await analyze('tcpdump__ipoib.pcap'), 'syn-timeout');
    expect(others).toEqual([]);
    expect(unheard.severity).toBe('info');
    expect(unheard.summary).toMatch(/^The trace shows no answer from 192\.168\.56\.24 to 5 SYNs from 192\.168\.56\.10 \(ports 8, 12, 13, 14\)\. .*cannot tell whether this SYN was answered/);
    expect(unheard.evidence.frames).toEqual([24, 27, 28, 29, 30]);
  });

  it('tells a run of resets with nothing else of their connection, with the count and the interval', async () => {
    // tshark -r zeek__llc.pcap -Y tcp -T fields -e frame.time_relative -e tcp.flags.str: 1333 RSTs from 128.3.140.132:2035, about 60 s apart, for a day.
    const report = await analyze('zeek__llc.pcap');
    const [run] = findingsOf(report, 'peer-reset');
    expect(run.summary).toMatch(/^128\.3\.140\.132 sent 1333 resets to 194\.140\.136\.34:80 over 24\.0 h, on average one every 64\.8 s/);
  });

  it('counts an LDAP server\'s reset right after the client\'s last message, acknowledged in full, among routine endings', async () => {
    // tshark -r prot-od-netcaps__MS-GPOD_Example3_Win2016_X64_Win10_X64.cap -Y 'tcp.srcport==389 && tcp.flags.reset==1' and each
    // stream's last packets: in streams 14, 19 and 30 the server's RST,ACK acknowledges all of the client's last message (351 -> 352,
    // 383 -> 384 an unbindRequest, 784 -> 785 an unbindRequest) with no FIN before it; in the others the client's FIN came first.
    const report = await analyze('prot-od-netcaps__MS-GPOD_Example3_Win2016_X64_Win10_X64.cap');
    const routine = findingsOf(report, 'peer-reset').find((finding) => finding.evidence.frames.includes(352));
    expect(routine).toMatchObject({ severity: 'info', step: GUIDE_STEPS.readClose });
    expect(routine?.summary).toContain('the server reset after an LDAP unbind (3)');
  });

  it('says a server that resets right after the first request rejected it', async () => {
    // tshark -r zeek__get-to-ssh-server.pcap: HTTP GET to port 22 (4), the server's 21 bytes (6), its RST 14.7 ms after the GET (7).
    const report = await analyze('zeek__get-to-ssh-server.pcap');
    const [rejection] = findingsOf(report, 'peer-reset');
    expect(rejection).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.resetFollowConversation });
    expect(rejection.evidence.frames).toEqual(expect.arrayContaining([4, 7]));
    expect(rejection.summary).toMatch(/15 ms after the client's first data \(frame 4\), having sent only 21 bytes of its own/);
    expect(rejection.summary).toMatch(/a protocol it does not speak on port 22/);
  });
});
