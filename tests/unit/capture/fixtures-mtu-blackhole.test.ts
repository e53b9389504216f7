/**
 * Path MTU black holes against real traffic (tests/fixtures/capture/mtu-blackhole, see the fixture
 * README): a 1300-byte link on the way and its ICMP "fragmentation needed" dropped by the firewall.
 * The client's capture shows its full-size segment sent again and again; the server's, only a
 * silence. Which frames carried that segment, and whether it was ever acknowledged, is tshark's
 * reading (tcp.analysis.retransmission, in the *.expected.json).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUIDE_STEPS } from '../../../src/lib/guide/steps';
import { analyzeFiles, expectedFor, type Expected, FIXTURES, scenarioFilesOf } from './fixtures-support';

const SENDER = 'mtu-blackhole';
const RECEIVER = 'mtu-blackhole/mtu-blackhole-server';

/** Every fixture folder holding captures, the receiver's folder inside the sender's included. */
function allScenarios(): string[] {
  const folders = readdirSync(FIXTURES).filter((name) => statSync(join(FIXTURES, name)).isDirectory());
  return [...folders, RECEIVER];
}

/**
 * Segments tshark saw sent again at least three times in a row and never acknowledged, each with
 * the frames that carried it (its first sending, then every resend), by sender, sequence and length.
 */
function stalledSegments(expected: Expected): Array<{ src: string; dst: string; len: number; frames: number[] }> {
  const bySegment = new Map<string, { src: string; dst: string; len: number; frames: number[] }>();
  for (const resend of expected.tcp.retransmissions.filter((candidate) => !candidate.acknowledged)) {
    const key = `${resend.src} ${resend.seq} ${resend.len}`;
    const segment = bySegment.get(key) ?? { src: resend.src, dst: resend.dst, len: resend.len, frames: [resend.originalFrame] };
    segment.frames.push(resend.frame);
    bySegment.set(key, segment);
  }
  return [...bySegment.values()].filter((segment) => segment.frames.length >= 4);
}

describe('mtu-blackhole: the sender resends its full-size segment, which never gets through', () => {
  it.each(scenarioFilesOf([SENDER]))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    const [conversation] = expected.tcp.conversations;
    const stalled = stalledSegments(expected);
    // The fixture is only meaningful if tshark sees one full-size segment resent unacknowledged, and smaller data acknowledged.
    expect(stalled).toHaveLength(1);
    const [segment] = stalled;
    expect(segment.src).toBe(conversation.client);
    expect(segment.len).toBe(Math.max(...expected.tcp.retransmissions.map((resend) => resend.len)));
    // The server's capture of the same connection: less data reached it than that one segment holds.
    const [received] = expectedFor(join(FIXTURES, RECEIVER, 'mtu-blackhole-server.ns.pcap')).tcp.conversations;
    expect(received.payloadToServer).toBeGreaterThan(0);
    expect(received.payloadToServer).toBeLessThan(segment.len);

    const report = await analyzeFiles([path]);
    const findings = report.findings.filter((finding) => finding.kind === 'path-mtu-blackhole');
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ severity: 'error', step: GUIDE_STEPS.resetMtuBlackHole, evidence: { conversationId: report.tcp.conversations[0].id } });
    expect(finding.evidence.frames).toEqual(segment.frames);
    expect(finding.summary).toContain(`The client ${conversation.client} sent a ${segment.len}-byte segment to ${conversation.server}, then ${segment.frames.length - 1} more times`);
    // What to do, with the address to test.
    const server = conversation.server.replace(/:\d+$/, '');
    expect(finding.summary).toContain(`ping -f -l 1472 ${server}`);
    expect(finding.summary).toMatch(/ICMP type 3 code 4/);
    // Read at a glance: no sentence runs past 25 words.
    for (const sentence of finding.summary.split(/(?<=\.) (?=[A-Z])/)) expect(sentence.split(/\s+/).length, sentence).toBeLessThanOrEqual(25);
  });
});

describe('mtu-blackhole-server: the receiver sees only a silence, and is not told of a black hole', () => {
  it.each(scenarioFilesOf([RECEIVER]))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    const [conversation] = expected.tcp.conversations;
    // The fixture is only meaningful if the server's capture holds the small exchange and none of the large segments.
    expect(expected.tcp.retransmissions).toEqual([]);
    expect(expected.tcp.conversations).toHaveLength(1);
    expect(conversation.payloadToServer).toBeGreaterThan(0);
    const [reset] = expected.tcp.resets;
    expect(reset?.src).toBe(conversation.client.replace(/:\d+$/, ''));
    // tshark's numbers: the client's reset lies past the data that reached the server, by the body it never got.
    expect(reset.pastOwnData).toBeGreaterThan(0);
    const report = await analyzeFiles([path]);
    expect(report.findings.map((finding) => finding.kind)).not.toContain('path-mtu-blackhole');
    // What it can say: the client had sent more than arrived, so the silence is no idle connection.
    const finding = report.findings.find((candidate) => candidate.kind === 'peer-reset');
    expect(finding).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.resetFollowConversation });
    expect(finding?.evidence.frames).toContain(reset.frame);
    expect(finding?.summary).toContain(`the reset's sequence number lies ${reset.pastOwnData.toLocaleString("en-US")} bytes past the client's last data here`);
    expect(finding?.summary).not.toMatch(/MTU|black hole|idle connection, or/);
  });
});

describe('no other fixture is called a path MTU black hole', () => {
  const others = scenarioFilesOf(allScenarios().filter((scenario) => scenario !== SENDER));
  it.each(others)('$file', async ({ path }) => {
    const report = await analyzeFiles([path]);
    expect(report.findings.map((finding) => finding.kind)).not.toContain('path-mtu-blackhole');
  });
});
