/**
 * Path MTU black holes: a link on the way carries smaller packets than the ends were told, and
 * the ICMP message that would tell the sender to send smaller ones is blocked (a firewall, often
 * around a VPN or other tunnel). Small packets pass, so the handshake and short requests work;
 * the first full-size segment is lost every time it is sent, and the connection hangs until a
 * timeout or a reset ends it.
 *
 * Only the sender's capture shows it: the same large segment sent again and again, never
 * acknowledged, while smaller ones of the same connection were. The receiver's capture shows
 * only a silence, which has many causes, so nothing here speaks from that side.
 */
import { GUIDE_STEPS } from '../../guide/steps';
import { ladderPackets } from '../ladder-rows';
import type { Conversation, Finding } from '../report';
import { endpointsKey, MAX_FINDING_CONVERSATIONS } from './conversation-groups';
import { frames, groupBy, type KindCap, plural } from './finding-common';
import type { ReportContext } from './report-builder';
import type { SegmentStall, TcpConversationState, TcpSide } from './tcp-conversation';

/**
 * Retransmissions of the same segment in a row before it counts as one the path never delivers:
 * TCP backs off each time (0.2 s, 0.4 s, 0.8 s on Linux; 0.3 s and up on Windows), so three take
 * over a second, far longer than ordinary loss lasts.
 */
const MIN_RETRANSMITS = 3;
/**
 * Payloads no path drops for their size, IPv4 and IPv6: every IPv4 host takes 576-byte datagrams
 * (RFC 791), every IPv6 link carries 1280-byte packets (RFC 8200), less 40 or 60 bytes of headers.
 */
const NEVER_TOO_LARGE: Record<4 | 6, number> = { 4: 536, 6: 1220 };

/** A side whose stalled segment has the shape of a black hole, with the stall itself. */
interface Candidate {
  state: TcpConversationState;
  sideIndex: number;
  stall: SegmentStall;
  side: TcpSide;
}

/** The segment this side kept sending is its largest, larger than any it got acknowledged, and never got through. */
function blackHoleStall(state: TcpConversationState, side: TcpSide): SegmentStall | null {
  const { stall } = side;
  if (stall === null || stall.acknowledged || stall.retransmits < MIN_RETRANSMITS) return null;
  // Smaller segments got through (so the connection and the peer worked), and this one is larger than all of them.
  if (side.deliveredPayload === 0 || stall.length !== side.largestPayload || stall.length <= side.deliveredPayload) return null;
  return stall.length > NEVER_TOO_LARGE[state.ipVersion === 6 ? 6 : 4] ? stall : null;
}

function candidates(context: ReportContext): Candidate[] {
  const found: Candidate[] = [];
  for (const state of context.analyzer.tcp.conversations) {
    for (const sideIndex of [0, 1]) {
      const side = state.side(sideIndex);
      const stall = blackHoleStall(state, side);
      if (stall !== null) found.push({ state, sideIndex, stall, side });
    }
  }
  return found;
}

/** Frames of the stalled segment the ladder holds (its first sending and each resend), and the first and last resend in any case. */
function segmentFrames(conversation: Conversation, fromClient: boolean, stall: SegmentStall): number[] {
  const sent = ladderPackets(conversation.ladder).filter(
    (packet) => packet.fromClient === fromClient && packet.seq === stall.sequence && packet.payloadLength === stall.length && packet.captureCopy !== true,
  );
  return frames([...sent.map((packet) => packet.frame), stall.firstFrame, stall.lastFrame]);
}

/** How to find the largest packet that passes and what to change, per IP version: Windows ping sets "don't fragment" with -f on IPv4 only. */
function advice(ipVersion: number, peerAddress: string, senderAddress: string): string {
  if (ipVersion === 6) {
    return (
      `On Windows, run ping -l 1452 ${peerAddress} on ${senderAddress}, then smaller sizes, until one passes. ` +
      'Then lower the MTU of the node\'s adapter, have the tunnel clamp the TCP MSS, or allow ICMPv6 "Packet Too Big" through.'
    );
  }
  return (
    `On Windows, run ping -f -l 1472 ${peerAddress} on ${senderAddress}, then smaller sizes, until one passes. ` +
    "Then lower the MTU of the node's adapter, have the tunnel clamp the TCP MSS, or allow ICMP type 3 code 4 through."
  );
}

/** An error once the other end is seen answering after the resends began (only the large packets were lost). */
function severityOf(stall: SegmentStall): Finding['severity'] {
  return stall.peerHeardFrame > 0 ? 'error' : 'warning';
}

/** `conversationIds`: every stalled connection of the group, the first one first. */
function blackHoleFinding(context: ReportContext, first: Candidate, conversationIds: number[]): Finding {
  const { state, sideIndex, stall, side } = first;
  const members = conversationIds.length;
  const conversation = context.conversation(state);
  const fromClient = sideIndex === state.clientIndex();
  const sender = fromClient ? `The client ${conversation.client}` : `The server ${conversation.server}`;
  const receiver = fromClient ? conversation.server : conversation.client;
  const peerAddress = fromClient ? conversation.serverAddress : conversation.clientAddress;
  const senderAddress = fromClient ? conversation.clientAddress : conversation.serverAddress;
  const peerRole = fromClient ? 'The server' : 'The client';
  const opening = members > 1 ? `${members} connections from ${conversation.clientAddress} to ${conversation.server} stalled alike. ` : '';
  // The other end answering after the resends began shows it was there: only the large packets were lost.
  const verdict =
    stall.peerHeardFrame > 0
      ? `${peerRole} still answered afterwards (frame ${stall.peerHeardFrame}) without acknowledging it, so packets this large are lost on the way: a path MTU black hole.`
      : `Packets this large are most likely lost on the way (a path MTU black hole), unless ${peerAddress} stopped answering altogether.`;
  const summary =
    opening +
    `${sender} sent a ${stall.length}-byte segment to ${receiver}, then ${plural(stall.retransmits, 'more time', 'more times')}, and it was never acknowledged. ` +
    `Smaller segments of the same connection got through: the largest acknowledged carried ${plural(side.deliveredPayload, 'byte', 'bytes')}. ` +
    `${verdict} ` +
    'A link on the path (often a VPN or other tunnel) carries less, and the ICMP message that would say so is blocked. ' +
    advice(state.ipVersion, peerAddress, senderAddress);
  return {
    kind: 'path-mtu-blackhole',
    severity: severityOf(stall),
    summary,
    step: GUIDE_STEPS.resetMtuBlackHole,
    evidence: { frames: segmentFrames(conversation, fromClient, stall), conversationId: conversation.id, ...(members > 1 ? { conversationIds } : {}) },
  };
}

/** One finding per client, server endpoint, sending side and segment size; the first stalled connection tells the story. */
export function mtuFindings(context: ReportContext, cap: KindCap): void {
  const { tcp } = context.analyzer;
  const groups = groupBy(candidates(context), ({ state, sideIndex, stall }) => `${endpointsKey(tcp, state)} ${sideIndex === state.clientIndex()} ${stall.length}`);
  for (const group of groups) {
    const [first] = group;
    if (cap.admit('path-mtu-blackhole', first.stall.firstFrame, severityOf(first.stall), GUIDE_STEPS.resetMtuBlackHole)) cap.kept.push(blackHoleFinding(context, first, group.map(({ state }) => state.id).slice(0, MAX_FINDING_CONVERSATIONS)));
  }
}
