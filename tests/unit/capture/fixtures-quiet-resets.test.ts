/**
 * Resets that end a connection after its handshake or after a silence (tests/fixtures/capture:
 * port-check, idle-drop, request-timeout, request-timeout-server), on every format variant. What
 * came before each RST (data either way, the last segment with data, the packet right before it,
 * whether every byte was acknowledged) is read from tshark's truth beside each file; the analyzer
 * must tell the routine endings from a request nobody answered.
 */
import { describe, expect, it } from 'vitest';
import type { CaptureReport } from '../../../src/lib/capture/report';
import { groupResets, resetGroupHeadline } from '../../../src/lib/capture/report-words';
import { GUIDE_STEPS } from '../../../src/lib/guide/steps';
import { analyzeFiles, expectedFor, isoSeconds, scenarioFilesOf, type Expected } from './fixtures-support';

/** The one conversation and its one reset, with who sent it and how long the connection was quiet before it. */
function truthOf(expected: Expected) {
  expect(expected.tcp.conversations).toHaveLength(1);
  expect(expected.tcp.resets).toHaveLength(1);
  const [conversation] = expected.tcp.conversations;
  const [reset] = expected.tcp.resets;
  const address = (endpoint: string) => endpoint.replace(/:\d+$/, '');
  const fromClient = reset.src === address(conversation.client);
  if (!fromClient) expect(reset.src).toBe(address(conversation.server));
  expect(reset.sentBy).toBe('peer');
  expect(reset).toMatchObject({ afterPeerFin: false, afterOwnFin: false, crossedPeerFin: false });
  const quietSeconds = isoSeconds(reset.time) - isoSeconds(reset.previousTime ?? '');
  return { conversation, reset, fromClient, quietSeconds };
}

/** The finding whose evidence holds the reset's frame, and the report's record of that reset. */
function verdictOn(report: CaptureReport, resetFrame: number) {
  const finding = report.findings.find((candidate) => candidate.kind === 'peer-reset' && candidate.evidence.frames.includes(resetFrame));
  const record = report.tcp.resets.find((candidate) => candidate.frame === resetFrame);
  expect(record).toBeDefined();
  return { finding, record };
}

describe('port-check: a client that connects and resets at once, no data either way', () => {
  it.each(scenarioFilesOf(['port-check']))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    const { conversation, reset, fromClient, quietSeconds } = truthOf(expected);
    // The fixture is only meaningful if tshark sees an answered handshake, no data, and the client's RST right after.
    expect(conversation.packetsToClient).toBeGreaterThan(0);
    expect({ toServer: conversation.payloadToServer, toClient: conversation.payloadToClient, last: conversation.lastPayload }).toEqual({ toServer: 0, toClient: 0, last: null });
    expect(fromClient).toBe(true);
    expect(quietSeconds).toBeLessThan(1);
    const report = await analyzeFiles([path]);
    const { finding, record } = verdictOn(report, reset.frame);
    expect(finding).toMatchObject({ severity: 'info', step: GUIDE_STEPS.readClose });
    expect(finding?.summary).toContain(`The client ${conversation.client} opened a connection to ${conversation.server}`);
    expect(finding?.summary).toContain('reachability checks often close this way');
    expect(record?.ending).toBe('port-check');
    expect(report.findings.filter((candidate) => candidate.severity !== 'info')).toEqual([]);
  });
});

describe('idle-drop: the server answered, then a second and more of silence, then the client reset: idle, or a stalled answer', () => {
  it.each(scenarioFilesOf(['idle-drop']))('$file', async ({ path }) => {
    const expected = expectedFor(path);
    const { conversation, reset, fromClient, quietSeconds } = truthOf(expected);
    // The fixture is only meaningful if tshark sees the server's answer last, all of it acknowledged, and the silence.
    expect(conversation.payloadToServer).toBeGreaterThan(0);
    expect(conversation.payloadToClient).toBeGreaterThan(0);
    expect(conversation.lastPayload?.fromClient).toBe(false);
    expect(reset.allAcknowledged).toBe(true);
    expect(fromClient).toBe(true);
    expect(quietSeconds).toBeGreaterThanOrEqual(1);
    const report = await analyzeFiles([path]);
    const { finding, record } = verdictOn(report, reset.frame);
    // The scenario's protocol has no framing the analyzer reads (as SMB2 and TDS have), so it cannot
    // know the answer was whole: an idle connection, or an answer that stalled, and it says both.
    expect(finding).toMatchObject({ severity: 'info', step: GUIDE_STEPS.resetFollowConversation });
    expect(finding?.summary).toContain(`The client ${conversation.client} reset its connection to ${conversation.server}`);
    expect(finding?.summary).toContain(`after the server's last data (frame ${conversation.lastPayload?.frame})`);
    expect(finding?.summary).toContain('either it was done with an idle connection, or it was still waiting for the rest of an answer that stopped coming');
    expect(record?.ending).toBeUndefined();
    expect(report.findings.filter((candidate) => candidate.severity !== 'info')).toEqual([]);
  });
});

describe('request-timeout: a request the server acknowledged and never answered, then a reset', () => {
  it.each(scenarioFilesOf(['request-timeout', 'request-timeout-server']))('$file', async ({ scenario, path }) => {
    const expected = expectedFor(path);
    const { conversation, reset, fromClient, quietSeconds } = truthOf(expected);
    // The fixture is only meaningful if tshark sees the client's request last, acknowledged, nothing back,
    // and a second or more before the reset: from the client, or in the server-side twin from the server.
    const request = conversation.lastPayload;
    expect(conversation.payloadToServer).toBeGreaterThan(0);
    expect(conversation.payloadToClient).toBe(0);
    expect(request?.fromClient).toBe(true);
    expect(reset.allAcknowledged).toBe(true);
    expect(fromClient).toBe(scenario === 'request-timeout');
    expect(quietSeconds).toBeGreaterThanOrEqual(1);
    const report = await analyzeFiles([path]);
    const { finding, record } = verdictOn(report, reset.frame);
    expect(finding).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.resetFollowConversation });
    expect(finding?.evidence.frames).toContain(request?.frame);
    expect(finding?.summary).toContain(`request (frame ${request?.frame})`);
    expect(finding?.summary).toContain(fromClient ? 'gave up waiting' : 'the server gave up on that request');
    // Named in the reset list, but not a routine ending: a request went unanswered.
    expect(record?.ending).toBe('unanswered-request');
    const [group] = groupResets(report.tcp.resets, report.tcp.conversations);
    expect(group.routine).toBe(false);
    expect(resetGroupHeadline(group)).toBe(`1 reset sent by the ${fromClient ? 'client' : 'server'}, giving up on an unanswered request`);
  });
});
