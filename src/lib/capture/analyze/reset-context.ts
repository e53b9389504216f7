/**
 * What came right before a reset, read from its conversation's ladder: the packets that tell a
 * rejected first message, a final message read and not answered, a close the sender began, or a
 * TLS ClientHello a filter turned away. Where the ladder left packets out, a reading claims
 * nothing: it returns null, or the milder reading.
 */
import { ladderPackets } from '../ladder-rows';
import type { Conversation, LadderPacket, ResetRecord } from '../report';
import type { ResetEvent } from './conversations';

const FLAG_RST = 0x04;
const FLAG_ACK = 0x10;
const FLAG_FIN = 0x01;

/**
 * The server name and the ClientHello's frame when the first RST came right after the client's
 * TLS ClientHello, before the server sent any data: what a firewall or proxy that filters by name
 * does to a name it does not allow (and what a server does to a handshake it rejects outright).
 * Null otherwise, or when the ladder left packets out (a long conversation is not this).
 */
export function resetAfterClientHello(conversation: Conversation): { name: string; helloFrame: number } | null {
  if (conversation.tlsServerName === undefined || conversation.ladderOmitted > 0) return null;
  let helloFrame = 0;
  for (const packet of ladderPackets(conversation.ladder)) {
    if ((packet.flags & FLAG_RST) !== 0) return helloFrame > 0 ? { name: conversation.tlsServerName, helloFrame } : null;
    if (packet.payloadLength === 0) continue;
    if (!packet.fromClient) return null;
    if (helloFrame === 0) helloFrame = packet.frame;
  }
  return null;
}

/** A server that resets within this long of the client's first data is rejecting that data, not ending a conversation. */
const REJECTION_SECONDS = 1;

/**
 * The client's first data and what the server sent back when the server's RST came within
 * REJECTION_SECONDS of it and the client had sent nothing more: the server rejected the first
 * thing it got (a protocol it does not speak on that port, a request it refuses). Null otherwise,
 * or when the ladder left packets out.
 */
export function resetAfterFirstData(conversation: Conversation): { dataFrame: number; answeredBytes: number; delaySeconds: number } | null {
  if (conversation.ladderOmitted > 0) return null;
  let dataFrame = 0;
  let dataOffsetUs = 0;
  let answeredBytes = 0;
  for (const packet of ladderPackets(conversation.ladder)) {
    if ((packet.flags & FLAG_RST) !== 0) {
      const delaySeconds = (packet.offsetUs - dataOffsetUs) / 1e6;
      return dataFrame > 0 && !packet.fromClient && delaySeconds <= REJECTION_SECONDS ? { dataFrame, answeredBytes, delaySeconds } : null;
    }
    if (packet.payloadLength === 0 || packet.captureCopy === true) continue;
    if (!packet.fromClient) {
      if (dataFrame > 0) answeredBytes += packet.payloadLength;
      continue;
    }
    // Client data after the server answered is a second request: a conversation, not a rejection.
    if (answeredBytes > 0) return null;
    if (dataFrame === 0) {
      dataFrame = packet.frame;
      dataOffsetUs = packet.offsetUs;
    }
  }
  return null;
}

/**
 * The sender's FIN before its reset, and whether the other end sent anything new (data or its
 * own FIN) between the two: if so the reset turned that away; if not, the sender dropped its
 * own close. `moreCame` is true when the ladder left the stretch out, the milder reading.
 */
export function afterOwnFin(conversation: Conversation, byServer: boolean, resetFrame: number): { finFrame: number | undefined; moreCame: boolean } {
  let finFrame: number | undefined;
  for (const packet of ladderPackets(conversation.ladder)) {
    if (packet.frame >= resetFrame) break;
    const fromSender = packet.fromClient !== byServer;
    if (fromSender && finFrame === undefined && (packet.flags & FLAG_FIN) !== 0) finFrame = packet.frame;
    if (!fromSender && finFrame !== undefined && packet.captureCopy !== true && (packet.payloadLength > 0 || (packet.flags & FLAG_FIN) !== 0)) return { finFrame, moreCame: true };
  }
  return { finFrame, moreCame: finFrame === undefined || conversation.ladderOmitted > 0 };
}

/** LDAP, LDAPS and the global catalog: domain controllers end sessions with a RST after the client's unbind. */
export const LDAP_PORTS = new Set([389, 636, 3268, 3269]);

/**
 * The client's last data when the server's RST came right after it (within REJECTION_SECONDS),
 * acknowledged every byte of it, and the server had answered earlier client data: the server read
 * a final message and closed without answering it. Null otherwise, or when the ladder left
 * packets out before the RST.
 */
export function resetAfterLastRequest(conversation: Conversation): { dataFrame: number; delaySeconds: number } | null {
  if (conversation.ladderOmitted > 0) return null;
  let last: ReturnType<typeof ladderPackets>[number] | null = null;
  let answeredBefore = false;
  let serverDataSinceClientData = false;
  for (const packet of ladderPackets(conversation.ladder)) {
    if (packet.captureCopy === true) continue;
    if ((packet.flags & FLAG_RST) !== 0) {
      if (last === null || packet.fromClient || !answeredBefore || serverDataSinceClientData) return null;
      const delaySeconds = (packet.offsetUs - last.offsetUs) / 1e6;
      const acknowledgesAll = packet.ack === ((last.seq + last.payloadLength) >>> 0);
      return acknowledgesAll && delaySeconds <= REJECTION_SECONDS ? { dataFrame: last.frame, delaySeconds } : null;
    }
    if (packet.payloadLength === 0) continue;
    if (packet.fromClient) {
      if (last !== null && serverDataSinceClientData) answeredBefore = true;
      last = packet;
      serverDataSinceClientData = false;
    } else if (last !== null) {
      serverDataSinceClientData = true;
    }
  }
  return null;
}

/**
 * What a conversation's first reset was, as far as its finding's wording goes: each kind is one
 * story. Conversations group into one finding only when their readings agree (see readingCode).
 */
export type ResetReading =
  | { kind: 'path' }
  | { kind: 'path-after-hello' | 'server-after-hello'; name: string; helloFrame: number }
  | { kind: 'after-own-fin'; finFrame: number | undefined; moreCame: boolean }
  | { kind: 'at-close' }
  | { kind: 'rejected-first-data'; dataFrame: number; answeredBytes: number; delaySeconds: number }
  | { kind: 'after-last-request'; dataFrame: number; delaySeconds: number }
  | { kind: 'probe'; delaySeconds: number }
  | { kind: 'accepted-then-reset'; delaySeconds: number }
  | { kind: 'idle-drop'; idleSeconds: number }
  | { kind: 'unused'; idleSeconds: number }
  | { kind: 'quiet-after-answer'; answerFrame: number; waitedSeconds: number; unseenBytes: number }
  | { kind: 'unanswered-request'; requestFrame: number; waitedSeconds: number; unseenBytes: number }
  | { kind: 'after-answer'; answerFrame: number; delaySeconds: number; sessionEnd: boolean }
  | { kind: 'reset-run' }
  | { kind: 'first-packet' }
  | { kind: 'plain' };

const READING_KINDS: ReadonlyArray<ResetReading['kind']> = [
  'path',
  'path-after-hello',
  'server-after-hello',
  'after-own-fin',
  'at-close',
  'rejected-first-data',
  'after-last-request',
  'probe',
  'accepted-then-reset',
  'idle-drop',
  'unused',
  'quiet-after-answer',
  'unanswered-request',
  'after-answer',
  'reset-run',
  'first-packet',
  'plain',
];

/**
 * The reading of a reset conversation's first RST, in the order its evidence decides: who sent it,
 * then what came right before it. A 'reset-run' tells nothing of a pattern when the trace holds one
 * direction only; the wording (reset-findings.ts) weighs that.
 */
export function resetReading(conversation: Conversation, firstReset: ResetEvent): ResetReading {
  const byServer = conversation.resetBy === 'server';
  const hello = conversation.resetBy === 'path' || byServer ? resetAfterClientHello(conversation) : null;
  if (conversation.resetBy === 'path') return hello === null ? { kind: 'path' } : { kind: 'path-after-hello', ...hello };
  if (hello !== null) return { kind: 'server-after-hello', ...hello };
  if (firstReset.afterOwnFin && !firstReset.afterPeerFin) return { kind: 'after-own-fin', ...afterOwnFin(conversation, byServer, firstReset.frame) };
  if (firstReset.afterPeerFin || firstReset.crossingFinFrame > 0) return { kind: 'at-close' };
  const fromPeer = byServer && firstReset.sentBy === 'peer';
  const rejected = fromPeer ? resetAfterFirstData(conversation) : null;
  if (rejected !== null) return { kind: 'rejected-first-data', ...rejected };
  const lastRequest = fromPeer ? resetAfterLastRequest(conversation) : null;
  if (lastRequest !== null) return { kind: 'after-last-request', ...lastRequest };
  if (firstReset.packetsBefore > 0) return quietEnd(conversation, firstReset.frame) ?? { kind: 'plain' };
  // A run over time, not a burst: two resets (or a reset and its copy) microseconds apart tell nothing of a pattern.
  const resetsOnly = (conversation.tcpFlags & ~(FLAG_RST | FLAG_ACK)) === 0;
  const run = conversation.packets > 2 && conversation.durationUs >= 1e6 && resetsOnly;
  return { kind: run ? 'reset-run' : 'first-packet' };
}

/** Silence before a reset, with nothing left unacknowledged, that makes it the end of an idle connection. */
const IDLE_SECONDS = 1;
const FLAG_SYN_ACK = 0x12;

/** `later` is at or past `earlier` in sequence space (which wraps at 2^32). */
function atOrPast(later: number, earlier: number): boolean {
  return ((later - earlier) | 0) >= 0;
}

/**
 * The readings of a reset that answers nothing in particular, from the packets before it (capture
 * copies aside):
 * - right after the handshake, no data either way: the client checked the port and left ('probe'),
 *   or the server turned it away once accepted ('accepted-then-reset');
 * - IDLE_SECONDS or more of silence with every byte acknowledged: the server dropping a connection
 *   gone quiet, or the client one whose last answer was known to be whole ('idle-drop'); the client
 *   after no data at all ('unused': never needed, or a greeting that never came) or after an answer
 *   not known to be whole ('quiet-after-answer': idle, or an answer that stalled); either end after a
 *   client request acknowledged and never answered ('unanswered-request': someone gave up waiting);
 * - the client right after the server's answer, having acknowledged it ('after-answer').
 * Null when none fits. `unseenBytes` (see unseenBytes()) tells that the silence may be data lost on the way.
 */
function quietEnd(conversation: Conversation, resetFrame: number): ResetReading | null {
  // Per side (0 the client, 1 the server): where its data ends, and how far the other side acknowledged.
  const dataEnd: Array<number | null> = [null, null];
  // Per side, the furthest its data reached (a resend of earlier bytes does not move it back).
  const furthest: Array<number | null> = [null, null];
  const acknowledged: Array<number | null> = [null, null];
  let previous: LadderPacket | null = null;
  let lastData: LadderPacket | null = null;
  let clientSentData = false;
  let answerFollowsRequest = false;
  let answered = false;
  for (const packet of ladderPackets(conversation.ladder)) {
    if (packet.captureCopy === true) continue;
    const side = packet.fromClient ? 0 : 1;
    if ((packet.flags & FLAG_ACK) !== 0) acknowledged[1 - side] = packet.ack;
    if (packet.frame === resetFrame) {
      if (previous === null) return null;
      const delaySeconds = (packet.offsetUs - previous.offsetUs) / 1e6;
      const allAcknowledged = [0, 1].every((end) => dataEnd[end] === null || (acknowledged[end] !== null && atOrPast(acknowledged[end] as number, dataEnd[end] as number)));
      if (lastData === null && answered && conversation.ladderOmitted === 0 && delaySeconds < REJECTION_SECONDS) {
        return packet.fromClient ? { kind: 'probe', delaySeconds } : { kind: 'accepted-then-reset', delaySeconds };
      }
      if (allAcknowledged && delaySeconds >= IDLE_SECONDS) {
        const unseen = unseenBytes(conversation, packet, furthest[side]);
        // The client speaks first: its data last means a request still waiting for its answer.
        if (lastData !== null && lastData.fromClient) return { kind: 'unanswered-request', requestFrame: lastData.frame, waitedSeconds: (packet.offsetUs - lastData.offsetUs) / 1e6, unseenBytes: unseen };
        if (!packet.fromClient || (lastData !== null && lastData.frame === conversation.wholeAnswerFrame)) return { kind: 'idle-drop', idleSeconds: delaySeconds };
        if (lastData === null) return { kind: 'unused', idleSeconds: delaySeconds };
        return { kind: 'quiet-after-answer', answerFrame: lastData.frame, waitedSeconds: (packet.offsetUs - lastData.offsetUs) / 1e6, unseenBytes: unseen };
      }
      const answer = lastData;
      if (answer !== null && packet.fromClient && !answer.fromClient && answerFollowsRequest && allAcknowledged) {
        const sinceAnswer = (packet.offsetUs - answer.offsetUs) / 1e6;
        if (sinceAnswer < REJECTION_SECONDS) return { kind: 'after-answer', answerFrame: answer.frame, delaySeconds: sinceAnswer, sessionEnd: answer.frame === conversation.sessionEndFrame };
      }
      return null;
    }
    if (!packet.fromClient && (packet.flags & FLAG_SYN_ACK) === FLAG_SYN_ACK) answered = true;
    if (packet.payloadLength > 0) {
      dataEnd[side] = (packet.seq + packet.payloadLength) >>> 0;
      const reached = furthest[side];
      if (reached === null || atOrPast(dataEnd[side] as number, reached)) furthest[side] = dataEnd[side];
      if (packet.fromClient) clientSentData = true;
      else answerFollowsRequest = clientSentData;
      lastData = packet;
    }
    previous = packet;
  }
  return null;
}

/**
 * Bytes the reset's sender had sent that the trace never shows: an RST carries its sender's next
 * sequence number, so one lying past the end of the data it sent here means more left it and never
 * arrived (or the capture missed it). What a receiver's trace of a stalled upload shows, among
 * others. 0 when the reset lies at the end of its data, or the ladder left packets out.
 */
function unseenBytes(conversation: Conversation, reset: LadderPacket, dataEnd: number | null): number {
  if (dataEnd === null || conversation.ladderOmitted > 0) return 0;
  const gap = (reset.seq - dataEnd) | 0;
  return gap > 0 ? gap : 0;
}

/** The ResetRecord.ending a reading gives the reset it read, undefined when it names none. */
export function readingEnding(reading: ResetReading, serverPort: number): ResetRecord['ending'] {
  switch (reading.kind) {
    case 'after-answer':
      return reading.sessionEnd ? 'session-end' : undefined;
    case 'after-last-request':
      return LDAP_PORTS.has(serverPort) ? 'ldap-unbind' : undefined;
    case 'idle-drop':
      return 'idle';
    case 'probe':
      return 'port-check';
    case 'unanswered-request':
      return 'unanswered-request';
    default:
      return undefined;
  }
}

/** A small integer that tells readings with different wordings apart (frames and delays aside). */
export function readingCode(reading: ResetReading): number {
  const moreCame = reading.kind === 'after-own-fin' && reading.moreCame ? 1 : 0;
  const sessionEnd = reading.kind === 'after-answer' && reading.sessionEnd ? 2 : 0;
  const unseen = (reading.kind === 'quiet-after-answer' || reading.kind === 'unanswered-request') && reading.unseenBytes > 0 ? 1 : 0;
  return (READING_KINDS.indexOf(reading.kind) << 2) | moreCame | sessionEnd | unseen;
}
