import { describe, expect, it } from 'vitest';
import { MAX_RESET_RECORDS } from '../../../../src/lib/capture/analyze/conversations';
import { ladderPacket, ladderPackets } from '../../../../src/lib/capture/ladder-rows';
import { GUIDE_STEPS } from '../../../../src/lib/guide/steps';
import { analyzeFrames, at, clientToRemoteServer as path } from './analyze-helpers';
import { ACK, clientHello, ethernet, FIN, fromClient, fromServer, ipv6, PSH, RST, SYN, tcp } from './frame-builder';

const handshake = (clientSeq = 1000, serverSeq = 5000) => [
  fromClient(path, { flags: SYN, seq: clientSeq }),
  fromServer(path, { flags: SYN | ACK, seq: serverSeq, ack: clientSeq + 1 }),
  fromClient(path, { flags: ACK, seq: clientSeq + 1, ack: serverSeq + 1 }),
];

describe('conversation states', () => {
  it('follows a full handshake, data and FIN both ways to "closed", counting each direction', () => {
    const frames = [
      ...handshake(),
      fromClient(path, { flags: ACK | PSH, seq: 1001, ack: 5001, payload: new Uint8Array(100) }),
      fromServer(path, { flags: ACK | PSH, seq: 5001, ack: 1101, payload: new Uint8Array(300) }),
      fromClient(path, { flags: FIN | ACK, seq: 1101, ack: 5301 }),
      fromServer(path, { flags: FIN | ACK, seq: 5301, ack: 1102 }),
      fromClient(path, { flags: ACK, seq: 1102, ack: 5302 }),
    ];
    const report = analyzeFrames(frames);
    expect(report.tcp.conversations).toHaveLength(1);
    const conversation = report.tcp.conversations[0];
    expect(conversation).toMatchObject({
      client: '10.0.0.9:50123',
      server: '10.20.30.40:443',
      state: 'closed',
      resetBy: null,
      packets: 8,
      packetsToServer: 5,
      packetsToClient: 3,
      bytesToServer: frames.filter((_, index) => [0, 2, 3, 5, 7].includes(index)).reduce((sum, frame) => sum + frame.length, 0),
      synRetransmits: 0,
      clientTtl: { ttl: 128, initialTtl: 128, hops: 0 },
      serverTtl: { ttl: 107, initialTtl: 128, hops: 21 },
      firstFrame: 1,
      lastFrame: 8,
    });
    expect(report.findings).toEqual([]);
  });

  it('calls a RST answering the SYN "refused" and points at the refused-connection step', () => {
    const report = analyzeFrames([fromClient(path, { flags: SYN, seq: 1 }), fromServer(path, { flags: RST | ACK, seq: 0, ack: 2 })]);
    expect(report.tcp.conversations[0]).toMatchObject({ state: 'refused', resetBy: 'server' });
    expect(report.findings).toMatchObject([{ kind: 'connection-refused', severity: 'error', step: GUIDE_STEPS.readRefused, evidence: { frames: [1, 2], conversationId: 0 } }]);
  });

  it('sends refusals on the node port 8060 to the node step', () => {
    const nodePath = { ...path, serverPort: 8060 };
    const report = analyzeFrames([fromClient(nodePath, { flags: SYN, seq: 1 }), fromServer(nodePath, { flags: RST | ACK, ack: 2 })]);
    expect(report.findings[0]).toMatchObject({ kind: 'connection-refused', step: GUIDE_STEPS.node8060Refused });
    expect(report.findings[0].summary).toContain('8060');
  });

  it('counts repeated SYNs with the same sequence as retransmissions of an unanswered connection', () => {
    const report = analyzeFrames([fromClient(path, { flags: SYN, seq: 77 }), fromClient(path, { flags: SYN, seq: 77 }), fromClient(path, { flags: SYN, seq: 77 })]);
    expect(report.tcp.conversations).toHaveLength(1);
    expect(report.tcp.conversations[0]).toMatchObject({ state: 'no-answer', synRetransmits: 2 });
    expect(report.tcp.synRetransmissions).toBe(2);
    expect(ladderPackets(report.tcp.conversations[0].ladder).map((packet) => packet.synRetransmit ?? false)).toEqual([false, true, true]);
    expect(report.findings).toMatchObject([{ kind: 'syn-timeout', step: GUIDE_STEPS.readSynRetransmit, evidence: { frames: [1, 2, 3] } }]);
    expect(report.findings[0].summary).toContain('3 SYNs');
  });

  it('counts a repeated SYN-ACK as a SYN retransmission too', () => {
    const report = analyzeFrames([...handshake().slice(0, 2), fromServer(path, { flags: SYN | ACK, seq: 5000, ack: 1001 })]);
    expect(report.tcp.synRetransmissions).toBe(1);
  });

  it('starts a new conversation when a SYN with a new sequence reuses the 4-tuple', () => {
    const report = analyzeFrames([
      ...handshake(1000),
      fromClient(path, { flags: FIN | ACK, seq: 1001, ack: 5001 }),
      fromServer(path, { flags: FIN | ACK, seq: 5001, ack: 1002 }),
      ...handshake(90000, 70000),
    ]);
    expect(report.tcp.conversations.map((conversation) => [conversation.id, conversation.state, conversation.firstFrame])).toEqual([
      [0, 'closed', 1],
      [1, 'established', 6],
    ]);
  });

  it('leaves a conversation "half-closed" when only one side sent FIN', () => {
    const report = analyzeFrames([...handshake(), fromClient(path, { flags: FIN | ACK, seq: 1001, ack: 5001 })]);
    expect(report.tcp.conversations[0].state).toBe('half-closed');
  });

  it('calls a conversation without SYN "mid-stream" and takes the higher port as the client', () => {
    const report = analyzeFrames([fromServer(path, { flags: ACK | PSH, seq: 9, ack: 3, payload: new Uint8Array(10) }), fromClient(path, { flags: ACK, seq: 3, ack: 19 })]);
    expect(report.tcp.conversations[0]).toMatchObject({ state: 'mid-stream', client: '10.0.0.9:50123', server: '10.20.30.40:443', packetsToClient: 1 });
  });

  it('writes IPv6 endpoints in brackets', () => {
    const report = analyzeFrames([ethernet(ipv6('2001:db8::9', '2001:db8:0:1::40', 6, tcp({ sourcePort: 50000, destinationPort: 443, flags: SYN })), 0x86dd)]);
    expect(report.tcp.conversations[0]).toMatchObject({ client: '[2001:db8::9]:50000', server: '[2001:db8:0:1::40]:443', ipVersion: 6 });
  });
});

describe('who sent the RST (TTL reasoning)', () => {
  it('blames a device on the path when the RST does not carry the server’s TTL', () => {
    const report = analyzeFrames([...handshake(), fromServer(path, { flags: RST | ACK, seq: 5001, ack: 1001 }, 61)]);
    expect(report.tcp.conversations[0]).toMatchObject({ state: 'reset', resetBy: 'path' });
    expect(report.tcp.resets).toMatchObject([{ frame: 4, src: '10.20.30.40', srcPort: 443, ttl: 61, initialTtl: 64, hops: 3, sentBy: 'path', conversationId: 0 }]);
    expect(report.tcp.resets[0].explanation).toMatch(/3 hops from the capture point.*Linux-based firewall.*21 hops away \(initial 128, TTL 107\)/);
    expect(ladderPacket(report.tcp.conversations[0].ladder, 3)).toMatchObject({ frame: 4, origin: 'path', fromClient: false });
    expect(report.findings).toMatchObject([{ kind: 'middlebox-reset', severity: 'error', step: GUIDE_STEPS.resetReadTtl, evidence: { frames: [1, 4] } }]);
  });

  it('credits the server when the RST has the same TTL as its other packets', () => {
    const report = analyzeFrames([...handshake(), fromServer(path, { flags: RST | ACK, seq: 5001, ack: 1001 })]);
    expect(report.tcp.resets[0]).toMatchObject({ sentBy: 'peer', ttl: 107, hops: 21 });
    expect(report.tcp.conversations[0].resetBy).toBe('server');
    expect(report.findings).toMatchObject([{ kind: 'peer-reset', step: GUIDE_STEPS.resetFollowConversation }]);
  });

  it('compares with the address’s packets elsewhere when it sent nothing else in this conversation, and says "unknown" when nothing exists', () => {
    const other = { ...path, clientPort: 50124 };
    const known = analyzeFrames([...handshake(), fromClient(other, { flags: SYN, seq: 1 }), fromServer(other, { flags: RST | ACK, ack: 2 }, 61)]);
    expect(known.tcp.resets[0]).toMatchObject({ sentBy: 'path' });
    expect(known.tcp.resets[0].explanation).toContain('elsewhere in the trace');
    const unknown = analyzeFrames([fromClient(path, { flags: SYN, seq: 1 }), fromServer(path, { flags: RST | ACK, ack: 2 }, 61)]);
    expect(unknown.tcp.resets[0].sentBy).toBe('unknown');
  });

  it('counts the address’s packets captured after the RST too, when it sent nothing before it', () => {
    const other = { ...path, clientPort: 50124 };
    // The refusal comes first; the same server's own packets (TTL 107) only in a later conversation.
    const report = analyzeFrames([fromClient(other, { flags: SYN, seq: 1 }), fromServer(other, { flags: RST | ACK, ack: 2 }, 61), ...handshake()]);
    expect(report.tcp.resets[0]).toMatchObject({ frame: 2, sentBy: 'path' });
    expect(report.tcp.resets[0].explanation).toMatch(/device on the path.*21 hops away \(initial 128, TTL 107\) elsewhere in the trace/);
    expect(report.tcp.conversations[0].resetBy).toBe('path');
    const sameTtl = analyzeFrames([fromClient(other, { flags: SYN, seq: 1 }), fromServer(other, { flags: RST | ACK, ack: 2 }), ...handshake()]);
    expect(sameTtl.tcp.resets[0]).toMatchObject({ sentBy: 'peer' });
  });
});

describe('a reset right after the TLS ClientHello', () => {
  const hello = (name: string) => fromClient(path, { flags: ACK | PSH, seq: 1001, ack: 5001, payload: clientHello(name) });

  it('names the server name a filtering firewall most likely blocks, and for the runtime\'s domains points at the allowlist', () => {
    const report = analyzeFrames([...handshake(), hello('contoso.servicebus.windows.net'), fromServer(path, { flags: RST | ACK, seq: 5001, ack: 1001 }, 61)]);
    expect(report.tcp.conversations[0]).toMatchObject({ state: 'reset', resetBy: 'path', tlsServerName: 'contoso.servicebus.windows.net' });
    expect(report.findings).toMatchObject([{ kind: 'middlebox-reset', severity: 'error', step: GUIDE_STEPS.cloudProxyAllowlist, evidence: { frames: [1, 4, 5] } }]);
    expect(report.findings[0].summary).toMatch(/right after the client's TLS ClientHello named contoso\.servicebus\.windows\.net: a firewall or proxy that filters by server name/);
  });

  it('points at reading the TLS handshake for other names, and says the server refused it when the RST carries its TTL', () => {
    const other = analyzeFrames([...handshake(), hello('files.contoso.example'), fromServer(path, { flags: RST | ACK, seq: 5001, ack: 1001 }, 61)]);
    expect(other.findings).toMatchObject([{ kind: 'middlebox-reset', step: GUIDE_STEPS.readTls }]);
    const byServer = analyzeFrames([...handshake(), hello('files.contoso.example'), fromServer(path, { flags: RST | ACK, seq: 5001, ack: 1001 })]);
    expect(byServer.findings).toMatchObject([{ kind: 'peer-reset', severity: 'error', step: GUIDE_STEPS.readTls }]);
    expect(byServer.findings[0].summary).toMatch(/reset the connection from 10\.0\.0\.9:50123 right after its TLS ClientHello named files\.contoso\.example, before answering it/);
  });

  it('says nothing of the ClientHello once the server has answered it', () => {
    const answered = analyzeFrames([
      ...handshake(),
      hello('contoso.servicebus.windows.net'),
      fromServer(path, { flags: ACK | PSH, seq: 5001, ack: 1001 + clientHello('contoso.servicebus.windows.net').length, payload: new Uint8Array(40) }),
      fromServer(path, { flags: RST | ACK, seq: 5041, ack: 1001 }, 61),
    ]);
    expect(answered.findings).toMatchObject([{ kind: 'middlebox-reset', step: GUIDE_STEPS.resetReadTtl }]);
    expect(answered.findings[0].summary).not.toContain('ClientHello');
  });
});

describe('ladder cap', () => {
  it('keeps the first and last packets of a long conversation and counts the rest', () => {
    const frames = [...handshake()];
    for (let index = 0; index < 97; index++) frames.push(fromClient(path, { flags: ACK | PSH, seq: 1001 + index * 10, ack: 5001, payload: new Uint8Array(10) }));
    const conversation = analyzeFrames(frames, 10).tcp.conversations[0];
    expect(conversation.packets).toBe(100);
    expect(conversation.ladderOmitted).toBe(90);
    expect(ladderPackets(conversation.ladder).map((packet) => packet.frame)).toEqual([1, 2, 3, 4, 5, 96, 97, 98, 99, 100]);
    expect(ladderPacket(conversation.ladder, 9)).toMatchObject({ fromClient: true, payloadLength: 10, seq: 1001 + 96 * 10, offsetUs: 990_000 });
  });

  it('keeps every ladder as a view into one buffer, which a structured clone (worker to page) carries whole', () => {
    const other = { ...path, clientPort: 50999 };
    const report = analyzeFrames([...handshake(), fromClient(other, { flags: SYN, seq: 7 }), fromServer(other, { flags: RST | ACK, ack: 8 })]);
    const [first, second] = report.tcp.conversations;
    expect(first.ladder.buffer).toBe(second.ladder.buffer);
    const copy = structuredClone(report);
    expect(copy.tcp.conversations[0].ladder.buffer).toBe(copy.tcp.conversations[1].ladder.buffer);
    expect(ladderPackets(copy.tcp.conversations[1].ladder)).toEqual(ladderPackets(second.ladder));
    expect(ladderPackets(copy.tcp.conversations[1].ladder).map((packet) => [packet.frame, packet.fromClient, packet.flags])).toEqual([
      [4, true, SYN],
      [5, false, RST | ACK],
    ]);
  });
});

describe('finding volume', () => {
  it('caps the reset list and says how many it left out', () => {
    const frames = [fromClient(path, { flags: SYN, seq: 1 })];
    for (let index = 0; index < MAX_RESET_RECORDS + 2; index++) frames.push(fromServer(path, { flags: RST | ACK, ack: 2 }));
    const report = analyzeFrames(frames);
    expect(report.tcp.resets).toHaveLength(MAX_RESET_RECORDS);
    expect(report.omitted).toEqual({ 'tcp.resets': 2 });
  });

  it('lists at most 25 findings of one kind and sums up the rest in one', () => {
    const frames = [];
    for (let host = 1; host <= 60; host++) {
      const refusedPath = { ...path, server: `10.20.31.${host}`, clientPort: 40000 + host };
      frames.push(fromClient(refusedPath, { flags: SYN, seq: host }), fromServer(refusedPath, { flags: RST | ACK, ack: host + 1 }));
    }
    const findings = analyzeFrames(frames).findings;
    expect(findings).toHaveLength(26);
    expect(findings[25].summary).toMatch(/^35 more findings of the kind "connection-refused"/);
    expect(Object.values(GUIDE_STEPS)).toContain(findings[25].step);
  });

  it('makes one finding of a client retrying one server endpoint with the same outcome', () => {
    const frames = [];
    for (let port = 40000; port < 40060; port++) {
      const refusedPath = { ...path, clientPort: port };
      frames.push(fromClient(refusedPath, { flags: SYN, seq: port }), fromServer(refusedPath, { flags: RST | ACK, ack: port + 1 }));
    }
    // One more to another port of the same server: a different endpoint, so a finding of its own.
    const otherPort = { ...path, serverPort: path.serverPort + 1 };
    frames.push(fromClient(otherPort, { flags: SYN, seq: 7 }), fromServer(otherPort, { flags: RST | ACK, ack: 8 }));
    const report = analyzeFrames(frames);
    expect(report.tcp.conversations.filter((conversation) => conversation.state === 'refused')).toHaveLength(61);
    const findings = report.findings.filter((finding) => finding.kind === 'connection-refused');
    expect(findings).toHaveLength(2);
    const [retried, other] = findings;
    expect(retried.summary).toMatch(new RegExp(`^60 connections from ${path.client} to ${path.server}:${path.serverPort} ended the same way\\. The first of them: `));
    expect(retried.evidence.conversationId).toBe(0);
    expect(retried.evidence.frames.length).toBeLessThanOrEqual(12);
    expect(retried.evidence.frames[0]).toBe(1);
    expect(other.summary).not.toMatch(/connections from .* ended the same way/);
  });
  it('tells unanswered SYNs to one server as attempts that got no answer, one finding for all its ports', () => {
    const attempt = (seconds: number, clientPort: number, serverPort: number) => {
      const own = { ...path, clientPort, serverPort };
      // Each connection sends its SYN, then again 3 s later, as Windows does.
      return [at(seconds, fromClient(own, { flags: SYN, seq: clientPort })), at(seconds + 3, fromClient(own, { flags: SYN, seq: clientPort }))];
    };
    const onePort = analyzeFrames([...attempt(0, 40000, 443), ...attempt(0.5, 40001, 443), at(30, fromClient({ ...path, clientPort: 40009 }, { flags: ACK, seq: 1 }))]);
    const [retried] = onePort.findings.filter((finding) => finding.kind === 'syn-timeout');
    expect(retried.summary).toMatch(new RegExp(`^2 connection attempts from ${path.client} to ${path.server}:443 got no answer\\. The first of them: `));
    const twoPorts = analyzeFrames([...attempt(0, 40000, 443), ...attempt(0.5, 40001, 443), ...attempt(1, 40002, 1433), at(30, fromClient({ ...path, clientPort: 40009 }, { flags: ACK, seq: 1 }))]);
    const findings = twoPorts.findings.filter((finding) => finding.kind === 'syn-timeout');
    expect(findings).toHaveLength(1);
    expect(findings[0].severity).toBe('error');
    expect(findings[0].summary).toMatch(new RegExp(`^${path.server} answered none of 6 SYNs from ${path.client} \\(ports 443, 1433\\)\\. The first of them: `));
    expect(findings[0].evidence.conversationIds).toEqual([0, 1, 2]);
  });
  it('keeps resets with different stories apart, though client, server and sender agree', () => {
    const connection = (clientPort: number, exchanges: number) => {
      const own = { ...path, clientPort };
      const frames = [
        fromClient(own, { flags: SYN, seq: 1000 }),
        fromServer(own, { flags: SYN | ACK, seq: 5000, ack: 1001 }),
        fromClient(own, { flags: ACK, seq: 1001, ack: 5001 }),
      ];
      let clientSeq = 1001;
      let serverSeq = 5001;
      for (let exchange = 0; exchange < exchanges; exchange++) {
        frames.push(fromClient(own, { flags: ACK | PSH, seq: clientSeq, ack: serverSeq, payload: new Uint8Array(20) }));
        clientSeq += 20;
        if (exchange === exchanges - 1 && exchanges === 1) break;
        frames.push(fromServer(own, { flags: ACK | PSH, seq: serverSeq, ack: clientSeq, payload: new Uint8Array(300) }));
        serverSeq += 300;
      }
      frames.push(fromServer(own, { flags: RST | ACK, seq: serverSeq, ack: clientSeq }));
      return frames;
    };
    // Two rejections of the first request, then one reset after three answered requests.
    const report = analyzeFrames([...connection(50123, 1), ...connection(50124, 1), ...connection(50125, 3)]);
    const resets = report.findings.filter((finding) => finding.kind === 'peer-reset');
    expect(resets).toHaveLength(2);
    expect(resets[0].summary).toMatch(/^2 connections from 10\.0\.0\.9 to 10\.20\.30\.40:443 ended the same way\. The first of them: .* rejected what the client sent first/);
    expect(resets[1].summary).toBe('10.20.30.40 (the server) reset the connection from 10.0.0.9:50125 after 9 packets.');
  });
});

describe('routine endings', () => {
  const ldap = { ...path, serverPort: 389 };
  /** A bind answered, then the client's unbind (no answer by design) and the server's RST acknowledging all of it. */
  const unbindSession = (clientPort: number) => {
    const own = { ...ldap, clientPort };
    return [
      fromClient(own, { flags: SYN, seq: 1000 }),
      fromServer(own, { flags: SYN | ACK, seq: 5000, ack: 1001 }),
      fromClient(own, { flags: ACK, seq: 1001, ack: 5001 }),
      fromClient(own, { flags: ACK | PSH, seq: 1001, ack: 5001, payload: new Uint8Array(60) }),
      fromServer(own, { flags: ACK | PSH, seq: 5001, ack: 1061, payload: new Uint8Array(22) }),
      fromClient(own, { flags: ACK | PSH, seq: 1061, ack: 5023, payload: new Uint8Array(7) }),
      fromServer(own, { flags: RST | ACK, seq: 5023, ack: 1068 }),
    ];
  };

  it('tells an LDAP unbind answered by a reset in full when it is the only routine ending with that server', () => {
    const [finding] = analyzeFrames(unbindSession(50200)).findings;
    expect(finding).toMatchObject({ kind: 'peer-reset', severity: 'info', step: GUIDE_STEPS.readClose, evidence: { frames: [1, 6, 7] } });
    expect(finding.summary).toMatch(/after the client's last message \(frame 6\), acknowledging all of it and answering nothing, after answering its earlier requests: an LDAP server ends a session this way/);
  });

  it('gathers the routine endings of several ports and ways into one finding for the client and server', () => {
    const kerberos = { ...path, serverPort: 88, clientPort: 50300 };
    const abortive = [
      fromClient(kerberos, { flags: SYN, seq: 1 }),
      fromServer(kerberos, { flags: SYN | ACK, seq: 9, ack: 2 }),
      fromClient(kerberos, { flags: ACK | PSH, seq: 2, ack: 10, payload: new Uint8Array(30) }),
      fromServer(kerberos, { flags: ACK | PSH, seq: 10, ack: 32, payload: new Uint8Array(40) }),
      fromClient(kerberos, { flags: FIN | ACK, seq: 32, ack: 50 }),
      fromServer(kerberos, { flags: RST | ACK, seq: 50, ack: 33 }),
    ];
    const report = analyzeFrames([...unbindSession(50200), ...unbindSession(50201), ...abortive]);
    const findings = report.findings.filter((finding) => finding.kind === 'peer-reset');
    expect(findings).toHaveLength(1);
    expect(findings[0].summary).toBe(
      '3 connections from 10.0.0.9 to 10.20.30.40 (ports 88, 389) ended in ways that are routine: the server reset after an LDAP unbind (2); ' +
        "the server answered the client's FIN with a reset (1). Programs end connections this way when they are done with them; it matters only if an application reported an error at one of those moments.",
    );
    expect(findings[0].evidence.conversationIds).toEqual([0, 1, 2]);
  });
});

describe('resets after a silence', () => {
  const sql = { ...path, serverPort: 1433 };
  /** A TDS tabular-result packet ([MS-TDS] 2.2.3.1): type 4, status (0x01 ends the message), big-endian length with the 8-byte header. */
  const tdsResult = (bodyBytes: number, endOfMessage: boolean) => {
    const packet = new Uint8Array(8 + bodyBytes);
    packet[0] = 0x04;
    packet[1] = endOfMessage ? 0x01 : 0x00;
    new DataView(packet.buffer).setUint16(2, packet.length);
    return packet;
  };
  /**
   * Handshake, the client's request, the server's acknowledgment; `answer` adds the server's answer
   * (40 bytes) and the client's ACK.
   */
  const exchange = (answer: Uint8Array | null, endpoint = path) => [
    at(0, fromClient(endpoint, { flags: SYN, seq: 1000 })),
    at(0.01, fromServer(endpoint, { flags: SYN | ACK, seq: 5000, ack: 1001 })),
    at(0.02, fromClient(endpoint, { flags: ACK, seq: 1001, ack: 5001 })),
    at(0.03, fromClient(endpoint, { flags: ACK | PSH, seq: 1001, ack: 5001, payload: new Uint8Array(100) })),
    at(0.04, fromServer(endpoint, { flags: ACK, seq: 5001, ack: 1101 })),
    ...(answer === null ? [] : [at(0.05, fromServer(endpoint, { flags: ACK | PSH, seq: 5001, ack: 1101, payload: answer })), at(0.06, fromClient(endpoint, { flags: ACK, seq: 1101, ack: 5041 }))]),
  ];

  it('calls a silence after a whole SQL Server answer, then the client\'s reset, the drop of an idle connection', () => {
    const [finding] = analyzeFrames([...exchange(tdsResult(32, true), sql), at(30.06, fromClient(sql, { flags: RST | ACK, seq: 1101, ack: 5041 }))]).findings;
    expect(finding).toMatchObject({ kind: 'peer-reset', severity: 'info', step: GUIDE_STEPS.readClose });
    expect(finding.summary).toMatch(/reset it after 30\.0 s in which neither end sent anything, with every byte acknowledged: the client dropped an idle connection/);
  });

  it('does not call a silence after an unfinished SQL Server answer idle, nor one after an answer it cannot frame', () => {
    for (const [endpoint, answer] of [[sql, tdsResult(32, false)], [path, new Uint8Array(40)]] as const) {
      const [finding] = analyzeFrames([...exchange(answer, endpoint), at(30.06, fromClient(endpoint, { flags: RST | ACK, seq: 1101, ack: 5041 }))]).findings;
      expect(finding).toMatchObject({ kind: 'peer-reset', severity: 'info', step: GUIDE_STEPS.resetFollowConversation, evidence: { frames: [1, 6, 8] } });
      expect(finding.summary).toMatch(/30\.0 s after the server's last data \(frame 6\), every byte acknowledged and nothing sent in between: either it was done with an idle connection, or it was still waiting for the rest of an answer that stopped coming/);
    }
  });

  it('tells a connection never used from a greeting that never came, and a server turning a client away', () => {
    const handshake = (endpoint: typeof path) => exchange(null, endpoint).slice(0, 3);
    const ssh = { ...path, serverPort: 22 };
    const [greeting] = analyzeFrames([...handshake(ssh), at(15.02, fromClient(ssh, { flags: RST | ACK, seq: 1001, ack: 5001 }))]).findings;
    expect(greeting).toMatchObject({ kind: 'peer-reset', severity: 'warning' });
    expect(greeting.summary).toMatch(/reset it 15\.0 s later without either end sending anything: on port 22 the server speaks first .* and none came/);
    const [unused] = analyzeFrames([...handshake(path), at(15.02, fromClient(path, { flags: RST | ACK, seq: 1001, ack: 5001 }))]).findings;
    expect(unused).toMatchObject({ kind: 'peer-reset', severity: 'info' });
    expect(unused.summary).toMatch(/either it never needed the connection \(pools open spares\), or it waited for something the server never sent/);
    const [turnedAway] = analyzeFrames([...handshake(path), at(0.0202, fromServer(path, { flags: RST | ACK, seq: 5001, ack: 1001 }))]).findings;
    expect(turnedAway).toMatchObject({ kind: 'peer-reset', severity: 'warning', evidence: { frames: [1, 4] } });
    expect(turnedAway.summary).toMatch(/^10\.20\.30\.40 \(the server\) accepted the connection from 10\.0\.0\.9:50123 and reset it under a millisecond after the handshake without sending anything/);
  });

  it('calls a client reset after a request acknowledged and never answered a client that gave up waiting', () => {
    const [finding] = analyzeFrames([...exchange(null), at(30.03, fromClient(path, { flags: RST | ACK, seq: 1101, ack: 5001 }))]).findings;
    expect(finding).toMatchObject({ kind: 'peer-reset', severity: 'warning', step: GUIDE_STEPS.resetFollowConversation, evidence: { frames: [1, 4, 6] } });
    expect(finding.summary).toMatch(/^The client 10\.0\.0\.9:50123 reset its connection to 10\.20\.30\.40:443 30\.0 s after its request \(frame 4\), which the server had acknowledged but never answered: the client gave up waiting/);
  });

  it('calls a server reset after a request it acknowledged and never answered a server that gave up on it', () => {
    const [finding] = analyzeFrames([...exchange(null), at(120.03, fromServer(path, { flags: RST | ACK, seq: 5001, ack: 1101 }))]).findings;
    expect(finding).toMatchObject({ kind: 'peer-reset', severity: 'warning' });
    expect(finding.summary).toMatch(/reset the connection from 10\.0\.0\.9:50123 2\.0 min after the client's request \(frame 4\), which it had acknowledged but never answered: the server gave up on that request/);
  });
});

describe('conversations the capture joined late', () => {
  it('keeps a mid-stream conversation "mid-stream" through FINs, but reports a reset', () => {
    const closing = [fromServer(path, { flags: FIN | ACK, seq: 9, ack: 3 }), fromClient(path, { flags: FIN | ACK, seq: 3, ack: 10 })];
    expect(analyzeFrames(closing).tcp.conversations[0].state).toBe('mid-stream');
    const reset = analyzeFrames([
      fromServer(path, { flags: ACK | PSH, seq: 4, ack: 3, payload: new Uint8Array(5) }),
      fromClient(path, { flags: ACK | PSH, seq: 3, ack: 9, payload: new Uint8Array(5) }),
      fromServer(path, { flags: RST | ACK, seq: 9, ack: 8 }, 61),
    ]);
    expect(reset.tcp.conversations[0]).toMatchObject({ state: 'reset', resetBy: 'path' });
    expect(reset.findings.map((finding) => finding.kind)).toEqual(['middlebox-reset']);
  });
});
