/**
 * The path MTU black hole rule on packets built byte by byte: what makes a stalled segment one the
 * path never delivers, and what makes it something else (a segment that got through in the end,
 * one no larger than what passed, too few resends, a capture without the acknowledgments).
 * The real-traffic case is tests/unit/capture/fixtures-mtu-blackhole.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { GUIDE_STEPS } from '../../../../src/lib/guide/steps';
import { analyzeFrames, at, clientToRemoteServer as path } from './analyze-helpers';
import { ACK, ethernet, fromClient, fromServer, ipv6, PSH, RST, SYN, tcp } from './frame-builder';

const FULL = 1460;
const REQUEST = 200;

/** Handshake, a 200-byte request the server acknowledges and answers, then a full-size segment and its resends. */
function upload(options: { resends?: number; acknowledgedAtEnd?: boolean; serverAnswersLate?: boolean; firstLength?: number } = {}) {
  const { resends = 4, acknowledgedAtEnd = false, serverAnswersLate = true, firstLength = REQUEST } = options;
  const body = 1001 + firstLength;
  const frames = [
    at(0, fromClient(path, { flags: SYN, seq: 1000 })),
    at(0.02, fromServer(path, { flags: SYN | ACK, seq: 5000, ack: 1001 })),
    at(0.02, fromClient(path, { flags: ACK, seq: 1001, ack: 5001 })),
    at(0.03, fromClient(path, { flags: ACK | PSH, seq: 1001, ack: 5001, payload: new Uint8Array(firstLength) })),
    at(0.05, fromServer(path, { flags: ACK | PSH, seq: 5001, ack: body, payload: new Uint8Array(25) })),
    at(0.06, fromClient(path, { flags: ACK, seq: body, ack: 5026, payload: new Uint8Array(FULL) })),
  ];
  // Each resend waits twice as long as the one before, as TCP's retransmission timer backs off.
  for (let resend = 0, time = 0.06, gap = 0.3; resend < resends; resend++, time += gap, gap *= 2) {
    frames.push(at(time + gap, fromClient(path, { flags: ACK, seq: body, ack: 5026, payload: new Uint8Array(FULL) })));
  }
  const end = 10;
  if (acknowledgedAtEnd) frames.push(at(end, fromServer(path, { flags: ACK, seq: 5026, ack: body + FULL })));
  else if (serverAnswersLate) frames.push(at(end, fromServer(path, { flags: ACK, seq: 5026, ack: body })));
  frames.push(at(end + 0.5, fromClient(path, { flags: RST | ACK, seq: body + FULL, ack: 5026 })));
  return frames;
}

const blackHoles = (frames: ReturnType<typeof upload>) => analyzeFrames(frames).findings.filter((finding) => finding.kind === 'path-mtu-blackhole');

describe('path MTU black hole', () => {
  it('names the full-size segment resent and never acknowledged while a smaller one was, with its frames', () => {
    const [finding, ...more] = blackHoles(upload());
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ severity: 'error', step: GUIDE_STEPS.resetMtuBlackHole, evidence: { frames: [6, 7, 8, 9, 10] } });
    expect(finding.summary).toContain(`The client 10.0.0.9:50123 sent a ${FULL}-byte segment to 10.20.30.40:443, then 4 more times, and it was never acknowledged.`);
    expect(finding.summary).toContain(`the largest acknowledged carried ${REQUEST} bytes`);
    // The server's packet after the resends began shows it was there: frame 11.
    expect(finding.summary).toContain('The server still answered afterwards (frame 11)');
    expect(finding.summary).toContain('ping -f -l 1472 10.20.30.40 on 10.0.0.9');
  });

  it('hedges when the other end is never heard from again, since it may simply be gone', () => {
    const [finding] = blackHoles(upload({ serverAnswersLate: false }));
    expect(finding.severity).toBe('warning');
    expect(finding.summary).toContain('unless 10.20.30.40 stopped answering altogether');
  });

  it('says nothing when the segment got through in the end', () => {
    expect(blackHoles(upload({ acknowledgedAtEnd: true }))).toEqual([]);
  });

  it('says nothing after two resends: ordinary loss lasts that long', () => {
    expect(blackHoles(upload({ resends: 2 }))).toEqual([]);
    expect(blackHoles(upload({ resends: 3 }))).toHaveLength(1);
  });

  it('says nothing when a segment as large got through before: size is not what stops it', () => {
    expect(blackHoles(upload({ firstLength: FULL }))).toEqual([]);
  });

  it('says nothing when the trace holds no acknowledgment of any data (one direction, or nothing ever got through)', () => {
    const outgoingOnly = upload().filter((frame) => frame.bytes[26] === 10 && frame.bytes[29] === 9);
    expect(blackHoles(outgoingOnly)).toEqual([]);
  });

  it('gives the IPv6 test and ICMPv6 message, and ignores segments every IPv6 link carries', () => {
    const client = 'fd00::9';
    const server = 'fd00::40';
    const packet = (fromTheClient: boolean, flags: number, seq: number, ack: number, payload = 0) =>
      ethernet(ipv6(fromTheClient ? client : server, fromTheClient ? server : client, 6, tcp({ sourcePort: fromTheClient ? 50123 : 443, destinationPort: fromTheClient ? 443 : 50123, flags, seq, ack, payload: new Uint8Array(payload) })), 0x86dd);
    const frames = (size: number) => [
      packet(true, SYN, 1000, 0),
      packet(false, SYN | ACK, 5000, 1001),
      packet(true, ACK | PSH, 1001, 5001, 100),
      packet(false, ACK, 5001, 1101),
      ...Array.from({ length: 5 }, () => packet(true, ACK, 1101, 5001, size)),
      packet(false, ACK, 5001, 1101),
    ];
    const findings = (size: number) => analyzeFrames(frames(size)).findings.filter((finding) => finding.kind === 'path-mtu-blackhole');
    expect(findings(1200)).toEqual([]);
    const [finding] = findings(1440);
    expect(finding.summary).toContain('ping -l 1452 fd00::40');
    expect(finding.summary).toContain('ICMPv6 "Packet Too Big"');
  });
});

describe('a reset lying past the data its sender sent in the trace', () => {
  /** A 200-byte request the server acknowledges and never answers; the client resets 2 s later with sequence number `resetSeq`. */
  const unanswered = (resetSeq: number) =>
    analyzeFrames([
      at(0, fromClient(path, { flags: SYN, seq: 1000 })),
      at(0.02, fromServer(path, { flags: SYN | ACK, seq: 5000, ack: 1001 })),
      at(0.02, fromClient(path, { flags: ACK, seq: 1001, ack: 5001 })),
      at(0.03, fromClient(path, { flags: ACK | PSH, seq: 1001, ack: 5001, payload: new Uint8Array(REQUEST) })),
      at(0.05, fromServer(path, { flags: ACK, seq: 5001, ack: 1201 })),
      at(2.05, fromClient(path, { flags: RST | ACK, seq: resetSeq, ack: 5001 })),
    ]).findings.find((finding) => finding.kind === 'peer-reset');

  it('says the client had sent more than arrived, instead of blaming a slow server', () => {
    const finding = unanswered(1201 + 2920);
    expect(finding?.severity).toBe('warning');
    expect(finding?.summary).toContain("the reset's sequence number lies 2,920 bytes past the client's last data here");
    expect(finding?.summary).toContain('the server may have been waiting for the rest of the request');
    expect(finding?.summary).not.toMatch(/slow or stuck/);
  });

  it('keeps the usual reading when the reset lies at the end of the request', () => {
    expect(unanswered(1201)?.summary).toMatch(/slow or stuck on that request/);
  });
});
