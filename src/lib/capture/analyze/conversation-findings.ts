/**
 * Findings about TCP conversations: refused, unanswered and reset connections. Conversations
 * that ended the same way between one client and one server endpoint make one finding (see
 * conversation-groups.ts); the strings and ladder of a conversation are built only for the
 * findings listed.
 */
import { GUIDE_STEPS } from '../../guide/steps';
import { ladderPackets } from '../ladder-rows';
import type { Conversation, Finding, FindingKind } from '../report';
import { ConversationGrouper, type ConversationGroup } from './conversation-groups';
import type { ResetEvent } from './conversations';
import { ANSWER_WAIT_SECONDS, frames, type KindCap, plural, RUNTIME_DOMAINS, traceEnd } from './finding-common';
import type { ReportContext } from './report-builder';
import type { TcpConversationState } from './tcp-conversation';

/** SHIR nodes talk to each other on TCP 8060; problems there have their own guide steps. */
const NODE_PORT = 8060;
const FLAG_RST = 0x04;

/**
 * The server name and the ClientHello's frame when the first RST came right after the client's
 * TLS ClientHello, before the server sent any data: what a firewall or proxy that filters by name
 * does to a name it does not allow (and what a server does to a handshake it rejects outright).
 * Null otherwise, or when the ladder left packets out (a long conversation is not this).
 */
function resetAfterClientHello(conversation: Conversation): { name: string; helloFrame: number } | null {
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

/** `waitedSeconds`: from the conversation's first packet to the end of the trace. */
function conversationFinding(conversation: Conversation, firstReset: ResetEvent | undefined, waitedSeconds: number): Finding | null {
  const { client, server, serverPort } = conversation;
  const nodePort = serverPort === NODE_PORT;
  const synFrames = ladderPackets(conversation.ladder).filter((packet) => (packet.flags & 0x12) === 0x02 && packet.captureCopy !== true).map((packet) => packet.frame);
  const evidence = (extra: number[], detail?: string) => ({
    frames: frames([...synFrames, ...extra]),
    conversationId: conversation.id,
    ...(detail !== undefined ? { detail } : {}),
  });
  switch (conversation.state) {
    case 'refused': {
      const byPath = conversation.resetBy === 'path';
      const summary = byPath
        ? `A device on the path refused the connection from ${client} to ${server} on the server's behalf: the reset answering the SYN does not carry the server's TTL.`
        : nodePort
          ? `${conversation.serverAddress} refused the node-to-node connection from ${client} on port ${NODE_PORT}: nothing listens there or a firewall rejects it.`
          : `${conversation.serverAddress} refused the connection from ${client} to port ${serverPort}: it answered the SYN with a reset, so nothing listens there or a firewall rejects it.`;
      return { kind: 'connection-refused', severity: 'error', summary, step: nodePort ? GUIDE_STEPS.node8060Refused : GUIDE_STEPS.readRefused, evidence: evidence(firstReset ? [firstReset.frame] : [], firstReset?.explanation) };
    }
    case 'no-answer': {
      const attempts = Math.max(1, synFrames.length, conversation.synRetransmits + 1);
      if (waitedSeconds < ANSWER_WAIT_SECONDS) {
        const summary = `${client} sent ${plural(attempts, 'SYN', 'SYNs')} to ${server} and ${traceEnd(waitedSeconds)}: too soon to tell whether an answer would have come. Capture for longer to see how the connection goes.`;
        return { kind: 'syn-timeout', severity: 'info', summary, step: GUIDE_STEPS.readSynRetransmit, evidence: evidence([]) };
      }
      const summary = `${client} sent ${plural(attempts, 'SYN', 'SYNs')} to ${server} and got no answer: the packets were dropped on the way (firewall, routing) or the server is down.`;
      return { kind: 'syn-timeout', severity: attempts > 1 ? 'error' : 'warning', summary, step: nodePort ? GUIDE_STEPS.nodeTestPort8060 : GUIDE_STEPS.readSynRetransmit, evidence: evidence([]) };
    }
    case 'reset': {
      if (firstReset === undefined) return null;
      const sender = firstReset.source;
      const hello = resetAfterClientHello(conversation);
      const blockedName = hello?.name ?? null;
      const resetFrames = hello === null ? [firstReset.frame] : [hello.helloFrame, firstReset.frame];
      // A name the runtime needs is the allowlist step's business; other names, the TLS reading's.
      const nameStep = blockedName !== null && RUNTIME_DOMAINS.test(blockedName) ? GUIDE_STEPS.cloudProxyAllowlist : GUIDE_STEPS.readTls;
      if (conversation.resetBy === 'path') {
        const summary =
          blockedName !== null
            ? `A device on the path, not ${sender}, reset the connection ${client} -> ${server} right after the client's TLS ClientHello named ${blockedName}: a firewall or proxy that filters by server name most likely does not allow ${blockedName}.`
            : `A device on the path, not ${sender}, reset the connection ${client} -> ${server}: the RST's TTL does not match ${sender}'s own packets.`;
        return { kind: 'middlebox-reset', severity: 'error', summary, step: blockedName !== null ? nameStep : GUIDE_STEPS.resetReadTtl, evidence: evidence(resetFrames, firstReset.explanation) };
      }
      if (blockedName !== null && conversation.resetBy === 'server') {
        const summary = `${sender} reset the connection from ${client} right after its TLS ClientHello named ${blockedName}, before answering it: the server refused the handshake (TLS version or ciphers), or a firewall or proxy that filters by server name answered with the server's address.`;
        return { kind: 'peer-reset', severity: 'error', summary, step: nameStep, evidence: evidence(resetFrames, firstReset.explanation) };
      }
      const byServer = conversation.resetBy === 'server';
      if (firstReset.afterPeerFin || firstReset.crossingFinFrame > 0) {
        const closer = firstReset.sentBy === 'unknown' ? `a packet claiming to come from ${sender}` : byServer ? `${sender} (the server)` : `the client ${client}`;
        const otherEnd = byServer ? 'the client' : 'the server';
        const how = firstReset.afterPeerFin
          ? `answered ${otherEnd}'s FIN with a reset instead of a FIN`
          : `reset it just as ${otherEnd} closed it (${otherEnd}'s FIN, sent before the reset reached it, came right after and nothing it sent was lost)`;
        const summary =
          `The connection ${client} -> ${server} ended when ${closer} ${how}, after ${plural(conversation.packets, 'packet', 'packets')}: ` +
          'an abortive close, which many Windows services and clients use. It matters only if an application reported an error at that moment.';
        const closeFrames = firstReset.crossingFinFrame > 0 ? [firstReset.frame, firstReset.crossingFinFrame] : [firstReset.frame];
        return { kind: 'peer-reset', severity: 'info', summary, step: GUIDE_STEPS.readClose, evidence: evidence(closeFrames, firstReset.explanation) };
      }
      const who =
        firstReset.sentBy === 'unknown'
          ? `The connection ${client} -> ${server} was reset by a packet claiming to come from ${sender}`
          : byServer
            ? `${sender} (the server) reset the connection from ${client}`
            : `The client ${client} reset its own connection to ${server}`;
      const summary = `${who} after ${plural(conversation.packets, 'packet', 'packets')}.`;
      return { kind: 'peer-reset', severity: byServer ? 'warning' : 'info', summary, step: GUIDE_STEPS.resetFollowConversation, evidence: evidence([firstReset.frame], firstReset.explanation) };
    }
    default:
      return null;
  }
}

type ConversationKind = Extract<FindingKind, 'connection-refused' | 'syn-timeout' | 'middlebox-reset' | 'peer-reset'>;
/** Severity and step for the summary of conversation findings past the cap (the listed ones refine both). */
const OVERFLOW_DEFAULTS: Record<ConversationKind, { severity: Finding['severity']; step: string }> = {
  'connection-refused': { severity: 'error', step: GUIDE_STEPS.readRefused },
  'syn-timeout': { severity: 'error', step: GUIDE_STEPS.readSynRetransmit },
  'middlebox-reset': { severity: 'error', step: GUIDE_STEPS.resetReadTtl },
  'peer-reset': { severity: 'warning', step: GUIDE_STEPS.resetFollowConversation },
};

/** The facts besides kind and endpoints that decide a conversation finding's wording, as bits. */
function outcomeBits(context: ReportContext, state: TcpConversationState, kind: ConversationKind, firstReset: ResetEvent | undefined): number {
  if (kind === 'syn-timeout') {
    const tooSoon = context.secondsToTraceEnd(state.firstSeconds, state.firstNanoseconds) < ANSWER_WAIT_SECONDS;
    return (tooSoon ? 1 : 0) | (state.synRetransmits > 0 ? 2 : 0);
  }
  return (
    (state.firstResetSide === state.clientIndex() ? 1 : 0) |
    (firstReset?.sentBy === 'peer' ? 2 : firstReset?.sentBy === 'unknown' ? 4 : 0) |
    (firstReset?.afterPeerFin === true ? 8 : 0) |
    ((firstReset?.crossingFinFrame ?? 0) > 0 ? 16 : 0)
  );
}

/** One finding for several connections that ended the same way: the first one's story, and how many. */
function groupFinding(first: Finding, conversation: Conversation, group: ConversationGroup<ConversationKind>): Finding {
  const summary = `${group.members} connections from ${conversation.clientAddress} to ${conversation.server} ended the same way; the first of them: ${first.summary}`;
  return { ...first, summary, evidence: { ...first.evidence, frames: frames([...first.evidence.frames, ...(group.frames ?? [])]) } };
}

export function conversationFindings(context: ReportContext, cap: KindCap): void {
  const { tcp } = context.analyzer;
  const grouper = new ConversationGrouper<ConversationKind>(tcp);
  for (const state of tcp.conversations) {
    const conversationState = state.state();
    if (conversationState !== 'refused' && conversationState !== 'no-answer' && conversationState !== 'reset') continue;
    const firstReset = state.firstReset >= 0 ? tcp.resets[state.firstReset] : undefined;
    const kind: ConversationKind = conversationState === 'refused' ? 'connection-refused' : conversationState === 'no-answer' ? 'syn-timeout' : firstReset?.sentBy === 'path' ? 'middlebox-reset' : 'peer-reset';
    grouper.add(state, kind, outcomeBits(context, state, kind, firstReset));
  }
  for (const group of grouper.groups) {
    const { first, kind } = group;
    const summaryOnly = OVERFLOW_DEFAULTS[kind];
    // The full conversation (strings, ladder) is built only for the findings listed.
    if (!cap.admit(kind, first.firstFrame, summaryOnly.severity, summaryOnly.step)) continue;
    const conversation = context.conversation(first);
    const firstReset = first.firstReset >= 0 ? tcp.resets[first.firstReset] : undefined;
    const finding = conversationFinding(conversation, firstReset, context.secondsToTraceEnd(first.firstSeconds, first.firstNanoseconds));
    if (finding !== null) cap.kept.push(group.members === 1 ? finding : groupFinding(finding, conversation, group));
  }
}
