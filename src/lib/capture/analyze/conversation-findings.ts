/**
 * Findings about TCP conversations: refused, unanswered, slow to answer and reset connections,
 * and servers the trace never hears from. Conversations that ended the same way between one
 * client and one server endpoint make one finding (see conversation-groups.ts); the strings and
 * ladder of a conversation are built only for the findings listed.
 */
import { GUIDE_STEPS } from '../../guide/steps';
import { ladderPackets } from '../ladder-rows';
import type { Conversation, Finding, FindingKind } from '../report';
import { ConnectionFollowUps, type LaterAcceptance, type SilenceProof } from './connection-follow-ups';
import { addressKey, ConversationGrouper, MAX_FINDING_CONVERSATIONS, serverPort, type ConversationGroup } from './conversation-groups';
import { readingCode } from './reset-context';
import { resetFinding, routineEndingsFinding, routineEndingWords } from './reset-findings';
import type { ResetEvent } from './conversations';
import { ANSWER_WAIT_SECONDS, clientSynFrames, conversationEvidence, duration, frames, type KindCap, plural, traceEnd } from './finding-common';
import type { ReportContext } from './report-builder';
import type { TcpConversationState } from './tcp-conversation';

/** SHIR nodes talk to each other on TCP 8060; problems there have their own guide steps. */
const NODE_PORT = 8060;
/**
 * A client that got no answer sends its SYN again after its retransmission timeout: 1 s on
 * Linux, 3 s on Windows. A lone SYN followed by this much more trace was not left unanswered
 * as far as the client knew.
 */
const RETRY_DUE_SECONDS = 4;

/**
 * An unanswered SYN the trace ended too soon after to call lost: within a second of it, or, when
 * the client never sent it again, before the client's retry was due.
 */
function tooSoonToTell(waitedSeconds: number, retried: boolean): boolean {
  return waitedSeconds < ANSWER_WAIT_SECONDS || (!retried && waitedSeconds < RETRY_DUE_SECONDS);
}

/** Facts from the rest of the trace that change a conversation's verdict (see ConnectionFollowUps). */
interface FollowUpFacts {
  /** A refused or unanswered connection: the later one that got in. */
  accepted: LaterAcceptance | null;
  /**
   * The end that should have answered (the server of an unanswered SYN, the receiver of a reset)
   * never appears in the trace, although the other end acted on its packets: one direction only.
   */
  otherEndUnheard: boolean;
}

function followUpFacts(followUps: ConnectionFollowUps, state: TcpConversationState, kind: ConversationKind): FollowUpFacts {
  const silentSide = kind === 'syn-timeout' ? 1 - state.clientIndex() : state.firstResetSide >= 0 ? 1 - state.firstResetSide : -1;
  return {
    accepted: kind === 'connection-refused' || kind === 'syn-timeout' ? followUps.acceptedAfter(state) : null,
    otherEndUnheard: silentSide >= 0 && (kind === 'syn-timeout' || kind === 'peer-reset') && followUps.neverHeardFrom(state, silentSide),
  };
}

/** `waitedSeconds`: from the conversation's first packet to the end of the trace. */
function conversationFinding(context: ReportContext, conversation: Conversation, firstReset: ResetEvent | undefined, waitedSeconds: number, facts: FollowUpFacts): Finding | null {
  const { client, server, serverPort } = conversation;
  const nodePort = serverPort === NODE_PORT;
  const synFrames = clientSynFrames(conversation);
  const evidence = (extra: number[], detail?: string) => conversationEvidence(conversation, extra, detail);
  switch (conversation.state) {
    case 'refused': {
      const byPath = conversation.resetBy === 'path';
      const { accepted } = facts;
      if (accepted !== null && !byPath) {
        const later = context.conversation(accepted.state);
        const summary = accepted.otherFamily
          ? `${conversation.serverAddress} refused the connection from ${client} to port ${serverPort} over IPv${conversation.ipVersion}; ${duration(accepted.delaySeconds)} later the client connected over IPv${later.ipVersion} to ${later.server} instead, as programs do that try each address of a name in turn. Nothing to fix, unless the service should answer over IPv${conversation.ipVersion} too.`
          : `${conversation.serverAddress} refused the connection from ${client} to port ${serverPort}, but accepted the same client ${duration(accepted.delaySeconds)} later: the service was starting or restarting, or briefly could not take more connections. It matters only if an error was reported at the moment of the refusal.`;
        return { kind: 'connection-refused', severity: 'info', summary, step: nodePort ? GUIDE_STEPS.node8060Refused : GUIDE_STEPS.readRefused, evidence: evidence([...(firstReset ? [firstReset.frame] : []), later.firstFrame], firstReset?.explanation) };
      }
      const summary = byPath
        ? `A device on the path refused the connection from ${client} to ${server} on the server's behalf: the reset answering the SYN does not carry the server's TTL.`
        : nodePort
          ? `${conversation.serverAddress} refused the node-to-node connection from ${client} on port ${NODE_PORT}: nothing listens there or a firewall rejects it.`
          : firstReset?.sentBy === 'unknown'
            ? `${conversation.serverAddress} refused the connection from ${client} to port ${serverPort}: the SYN was answered with a reset, so nothing listens there or a firewall rejects it (${conversation.serverAddress} sent nothing but resets in this trace, so their TTL cannot tell the server from a firewall answering in its name).`
            : `${conversation.serverAddress} refused the connection from ${client} to port ${serverPort}: it answered the SYN with a reset, so nothing listens there or a firewall rejects it.`;
      return { kind: 'connection-refused', severity: 'error', summary, step: nodePort ? GUIDE_STEPS.node8060Refused : GUIDE_STEPS.readRefused, evidence: evidence(firstReset ? [firstReset.frame] : [], firstReset?.explanation) };
    }
    case 'no-answer': {
      const attempts = Math.max(1, synFrames.length, conversation.synRetransmits + 1);
      const sent = `${client} sent ${plural(attempts, 'SYN', 'SYNs')} to ${server}`;
      if (facts.otherEndUnheard) {
        const summary = `${sent} and the trace shows no answer, but it never shows any packet from ${conversation.serverAddress}, not even in connections that worked: it holds one direction only (see the one-way finding), so it cannot tell whether this SYN was answered.`;
        return { kind: 'syn-timeout', severity: 'info', summary, step: GUIDE_STEPS.collectBothEnds, evidence: evidence([]) };
      }
      if (tooSoonToTell(waitedSeconds, attempts > 1)) {
        const summary = `${sent} and ${traceEnd(waitedSeconds)}: too soon to tell whether an answer would have come. Capture for longer to see how the connection goes.`;
        return { kind: 'syn-timeout', severity: 'info', summary, step: GUIDE_STEPS.readSynRetransmit, evidence: evidence([]) };
      }
      const { accepted } = facts;
      if (accepted !== null) {
        const later = context.conversation(accepted.state);
        const how = accepted.otherFamily
          ? `${duration(accepted.delaySeconds)} later the client connected over IPv${later.ipVersion} to ${later.server} instead, as programs do that try each address of a name in turn`
          : `a later connection from the same client to the same port got in (${duration(accepted.delaySeconds)} later)`;
        const summary =
          attempts === 1
            ? `${sent} and the trace shows no answer, but ${how}: this attempt's answer was lost or not captured, or the program moved on at once.`
            : `${sent} and got no answer, but ${how}: packets to this server are lost now and then (a firewall dropping some SYNs, or an overloaded server or link).`;
        return { kind: 'syn-timeout', severity: attempts === 1 || accepted.otherFamily ? 'info' : 'warning', summary, step: GUIDE_STEPS.readSynRetransmit, evidence: evidence([later.firstFrame]) };
      }
      if (attempts === 1 && waitedSeconds >= RETRY_DUE_SECONDS) {
        const summary =
          `${sent} and the trace shows no answer, yet the client never sent it again in the ${duration(waitedSeconds)} the trace went on, as TCP does when no answer comes (after 1 s on Linux, 3 s on Windows): ` +
          'the answer (a SYN-ACK or a reset) probably happened but was not captured, or the program gave up at once.';
        return { kind: 'syn-timeout', severity: 'warning', summary, step: GUIDE_STEPS.readSynRetransmit, evidence: evidence([]) };
      }
      const summary = `${sent} and got no answer: the packets were dropped on the way (firewall, routing) or the server is down.`;
      return { kind: 'syn-timeout', severity: 'error', summary, step: nodePort ? GUIDE_STEPS.nodeTestPort8060 : GUIDE_STEPS.readSynRetransmit, evidence: evidence([]) };
    }
    case 'reset': {
      const reading = context.resetReading(context.analyzer.tcp.conversations[conversation.id]);
      return firstReset === undefined || reading === null ? null : resetFinding(conversation, firstReset, reading, facts.otherEndUnheard);
    }
    default:
      return null;
  }
}

type ConversationKind = Extract<FindingKind, 'connection-refused' | 'syn-timeout' | 'middlebox-reset' | 'peer-reset' | 'slow-connect'>;
/** Severity and step for the summary of conversation findings past the cap (the listed ones refine both). */
const OVERFLOW_DEFAULTS: Record<ConversationKind, { severity: Finding['severity']; step: string }> = {
  'connection-refused': { severity: 'error', step: GUIDE_STEPS.readRefused },
  'syn-timeout': { severity: 'error', step: GUIDE_STEPS.readSynRetransmit },
  'middlebox-reset': { severity: 'error', step: GUIDE_STEPS.resetReadTtl },
  'peer-reset': { severity: 'warning', step: GUIDE_STEPS.resetFollowConversation },
  'slow-connect': { severity: 'warning', step: GUIDE_STEPS.readSynRetransmit },
};

/** In an unanswered SYN's outcome bits: the trace never shows a packet from its server. */
const UNHEARD_BIT = 4;

/** The facts besides kind and endpoints that decide a conversation finding's wording, as bits. */
function outcomeBits(context: ReportContext, state: TcpConversationState, kind: ConversationKind, firstReset: ResetEvent | undefined, facts: FollowUpFacts): number {
  if (kind === 'syn-timeout') {
    const waited = context.secondsToTraceEnd(state.firstSeconds, state.firstNanoseconds);
    const accepted = facts.accepted === null ? 0 : facts.accepted.otherFamily ? 16 : 32;
    const retried = state.synRetransmits > 0;
    return (tooSoonToTell(waited, retried) ? 1 : 0) | (retried ? 2 : 0) | (facts.otherEndUnheard ? UNHEARD_BIT : 0) | (waited >= RETRY_DUE_SECONDS ? 8 : 0) | accepted;
  }
  const who = (state.firstResetSide === state.clientIndex() ? 1 : 0) | (firstReset?.sentBy === 'peer' ? 2 : firstReset?.sentBy === 'unknown' ? 4 : 0);
  if (kind === 'connection-refused') return who | (facts.accepted === null ? 0 : facts.accepted.otherFamily ? 8 : 16);
  // A reset's story comes from its ladder, so conversations that share endpoints and sender can still differ.
  const reading = context.resetReading(state);
  return who | (firstReset?.afterPeerFin === true ? 8 : 0) | (facts.otherEndUnheard ? 16 : 0) | ((reading === null ? 0 : readingCode(reading)) << 5);
}

/** The first conversation's story, lower-cased where it continues a sentence ("…: the client …"); an address that opens it stays as it is. */
function continuedStory(first: Finding): string {
  return first.summary.replace(/^(The|A) /, (word) => word.toLowerCase());
}

/** One finding for several connections that ended the same way: the first one's story, and how many. */
function groupFinding(first: Finding, conversation: Conversation, group: ConversationGroup<ConversationKind>): Finding {
  // A SYN never answered did not "end": it is an attempt that got nothing back.
  const opening =
    group.kind === 'syn-timeout'
      ? `${group.members} connection attempts from ${conversation.clientAddress} to ${conversation.server} got no answer.`
      : `${group.members} connections from ${conversation.clientAddress} to ${conversation.server} ended the same way.`;
  const summary = `${opening} The first of them: ${continuedStory(first)}`;
  return { ...first, summary, evidence: { ...first.evidence, frames: frames([...first.evidence.frames, ...(group.frames ?? [])]), conversationIds: group.memberIds } };
}

/**
 * Unanswered-SYN groups of one client and one server address with the same outcome on several
 * ports (a scan, or a program trying each of a server's services): the server, not each port, is
 * what stayed silent, so they make one finding. Each group maps to its set, in group order.
 */
function silentServerSets(context: ReportContext, groups: ReadonlyArray<ConversationGroup<ConversationKind>>): Map<ConversationGroup<ConversationKind>, Array<ConversationGroup<ConversationKind>>> {
  const { tcp } = context.analyzer;
  const byServer = new Map<string, Array<ConversationGroup<ConversationKind>>>();
  for (const group of groups) {
    if (group.kind !== 'syn-timeout') continue;
    const { first } = group;
    // A server never heard from in the trace is told the same way whatever else differs (see conversationFinding).
    const outcome = (group.outcome & UNHEARD_BIT) !== 0 ? UNHEARD_BIT : group.outcome;
    const key = `${outcome} ${addressKey(tcp, first, first.clientIndex())} ${addressKey(tcp, first, 1 - first.clientIndex())}`;
    const set = byServer.get(key);
    if (set === undefined) byServer.set(key, [group]);
    else set.push(group);
  }
  const setOf = new Map<ConversationGroup<ConversationKind>, Array<ConversationGroup<ConversationKind>>>();
  for (const set of byServer.values()) {
    if (set.length < 2) continue;
    for (const group of set) setOf.set(group, set);
  }
  return setOf;
}

/** `synCount`: the SYNs the set's connections sent, retries included. */
function silentServerFinding(first: Finding, conversation: Conversation, set: ReadonlyArray<ConversationGroup<ConversationKind>>, synCount: number): Finding {
  const ports = [...new Set(set.map((group) => serverPort(group.first)))].sort((left, right) => left - right);
  const synsFrom = `${plural(synCount, 'SYN', 'SYNs')} from ${conversation.clientAddress} (ports ${ports.join(', ')})`;
  // A trace without the server's direction cannot say the server answered none.
  const opening = (set[0].outcome & UNHEARD_BIT) !== 0 ? `The trace shows no answer from ${conversation.serverAddress} to ${synsFrom}.` : `${conversation.serverAddress} answered none of ${synsFrom}.`;
  const summary = `${opening} The first of them: ${continuedStory(first)}`;
  const memberFrames = set.flatMap((group) => [group.first.firstFrame, ...(group.frames ?? [])]);
  const conversationIds = set.flatMap((group) => group.memberIds).slice(0, MAX_FINDING_CONVERSATIONS);
  return { ...first, summary, evidence: { ...first.evidence, frames: frames([...first.evidence.frames, ...memberFrames]), conversationIds } };
}

/**
 * Connections whose SYN was answered a second or more after it: after the client sent it again
 * (each lost SYN costs a retransmission timeout), or, `retried` false, on the first try, slowly.
 * Either way every new connection waits, and the runtime's own timeouts fire on a worse day.
 * `slowest`: the longest wait in the group, in seconds.
 */
function slowConnectFinding(conversation: Conversation, state: TcpConversationState, members: number, slowest: number, retried: boolean): Finding {
  const synFrames = clientSynFrames(conversation);
  const answerFrame = ladderPackets(conversation.ladder).find((packet) => (packet.flags & 0x12) === 0x12)?.frame;
  let which: string;
  if (retried) {
    which =
      members === 1
        ? `${conversation.client} connected to ${conversation.server} only after ${plural(Math.max(2, synFrames.length), 'SYN', 'SYNs')}: the answer came ${duration(state.answerSeconds)} after the first`
        : `${members} connections from ${conversation.clientAddress} to ${conversation.server} were answered only after the client sent its SYN again, up to ${duration(slowest)} after the first SYN`;
  } else {
    which =
      members === 1
        ? `${conversation.server} answered the SYN of ${conversation.client} only ${duration(state.answerSeconds)} later, though the client did not need to send it again`
        : `${members} connections from ${conversation.clientAddress} to ${conversation.server} waited up to ${duration(slowest)} for the answer to their first SYN`;
  }
  // Over loopback nothing lies on the way: only the server's full listen queue drops SYNs.
  const loopback = /^(127\.|::1$)/.test(conversation.serverAddress);
  let cause: string;
  if (!retried) cause = 'A round trip that long, or a server slow to accept (a busy machine, a full listen queue), makes every new connection wait';
  else if (loopback) cause = 'Over loopback no network is involved: the server accepted connections too slowly, so its full listen queue dropped SYNs, which makes every new connection wait';
  else cause = 'SYNs lost on the way (a busy firewall, a congested or filtering link) or a server slow to accept (a full listen queue) make every new connection wait';
  const summary = `${which}. ${cause}; on a worse day the runtime's own connection timeouts fire.`;
  return {
    kind: 'slow-connect',
    severity: 'warning',
    summary,
    step: GUIDE_STEPS.readSynRetransmit,
    evidence: { frames: frames([...synFrames, ...(answerFrame === undefined ? [] : [answerFrame])]), conversationId: conversation.id },
  };
}

/** An address the trace never hears from although the other end acted on its packets: the trace holds one direction only. */
function oneWayFinding(conversation: Conversation, proof: SilenceProof): Finding {
  const clientUnheard = proof.evidence === 'server went on';
  const unheard = clientUnheard ? conversation.clientAddress : conversation.serverAddress;
  const how = clientUnheard
    ? `${conversation.server} answered its SYN (with a SYN-ACK, though the SYN is not in the trace) and then sent data or closed, which it does only after the client's ACK`
    : `${conversation.client} completed a handshake with it (its SYN, then its ACK, with no SYN-ACK between)`;
  const summary =
    `The trace never shows a packet from ${unheard}, yet ${how}: ` +
    'the capture recorded only the packets going one way (a direction filter, a capture point that sees only outgoing traffic, or answers returning by another route). ' +
    `Connections with ${unheard} cannot be judged from this trace; capture where both directions pass, or at both ends.`;
  return { kind: 'one-way-capture', severity: 'warning', summary, step: GUIDE_STEPS.collectBothEnds, evidence: { frames: frames([conversation.firstFrame, conversation.lastFrame]), conversationId: conversation.id } };
}

function findingKind(conversationState: string, firstReset: ResetEvent | undefined): ConversationKind | null {
  switch (conversationState) {
    case 'refused':
      return 'connection-refused';
    case 'no-answer':
      return 'syn-timeout';
    case 'reset':
      return firstReset?.sentBy === 'path' ? 'middlebox-reset' : 'peer-reset';
    default:
      return null;
  }
}

/** A group of reset conversations that ended in a routine way, and that way in words. */
interface RoutineGroup {
  group: ConversationGroup<ConversationKind>;
  words: string;
}

/**
 * Reset groups that ended routinely, gathered by client and server address when two or more groups
 * (other ports, other routine ways) share them: each group maps to its set, in group order.
 */
function routineEndingSets(context: ReportContext, groups: ReadonlyArray<ConversationGroup<ConversationKind>>): Map<ConversationGroup<ConversationKind>, RoutineGroup[]> {
  const { tcp } = context.analyzer;
  const byAddresses = new Map<string, RoutineGroup[]>();
  for (const group of groups) {
    if (group.kind !== 'peer-reset') continue;
    const { first } = group;
    const conversation = context.conversation(first);
    const reading = context.resetReading(first);
    const words = reading === null ? null : routineEndingWords(reading, tcp.resets[first.firstReset], conversation.resetBy === 'server', conversation.serverPort);
    if (words === null) continue;
    const key = `${addressKey(tcp, first, first.clientIndex())} ${addressKey(tcp, first, 1 - first.clientIndex())}`;
    const set = byAddresses.get(key);
    if (set === undefined) byAddresses.set(key, [{ group, words }]);
    else set.push({ group, words });
  }
  const setOf = new Map<ConversationGroup<ConversationKind>, RoutineGroup[]>();
  for (const set of byAddresses.values()) {
    if (set.length < 2) continue;
    for (const member of set) setOf.set(member.group, set);
  }
  return setOf;
}

function routineSetFinding(context: ReportContext, set: RoutineGroup[]): Finding {
  const { tcp } = context.analyzer;
  const ports = [...new Set(set.map(({ group }) => serverPort(group.first)))].sort((left, right) => left - right);
  const endings = set.map(({ group, words }) => ({ words, connections: group.members, frames: [tcp.resets[group.first.firstReset].frame, ...(group.frames ?? [])] }));
  const conversationIds = set.flatMap(({ group }) => group.memberIds).slice(0, MAX_FINDING_CONVERSATIONS);
  return routineEndingsFinding(context.conversation(set[0].group.first), ports, endings, conversationIds);
}

export function conversationFindings(context: ReportContext, cap: KindCap): void {
  const { tcp } = context.analyzer;
  const grouper = new ConversationGrouper<ConversationKind>(tcp);
  const followUps = new ConnectionFollowUps(tcp);
  const slowest = new Map<ConversationGroup<ConversationKind>, number>();
  const synCounts = new Map<ConversationGroup<ConversationKind>, number>();
  for (const state of tcp.conversations) {
    // Without a retransmission, a wait past the client's retry time means a clock that jumped (a
    // damaged time stamp) or retries the capture missed, not a slow answer.
    const retried = state.synRetransmits > 0;
    if (state.answerSeconds >= ANSWER_WAIT_SECONDS && (retried || state.answerSeconds < RETRY_DUE_SECONDS)) {
      const group = grouper.add(state, 'slow-connect', retried ? 1 : 0);
      slowest.set(group, Math.max(slowest.get(group) ?? 0, state.answerSeconds));
    }
    const firstReset = state.firstReset >= 0 ? tcp.resets[state.firstReset] : undefined;
    const kind = findingKind(state.state(), firstReset);
    if (kind === null) continue;
    const group = grouper.add(state, kind, outcomeBits(context, state, kind, firstReset, followUpFacts(followUps, state, kind)));
    if (kind === 'syn-timeout') synCounts.set(group, (synCounts.get(group) ?? 0) + state.synRetransmits + 1);
  }
  for (const proof of followUps.silenceProofs()) {
    if (cap.admit('one-way-capture', proof.state.firstFrame, 'warning', GUIDE_STEPS.collectBothEnds)) cap.kept.push(oneWayFinding(context.conversation(proof.state), proof));
  }
  const routineSets = routineEndingSets(context, grouper.groups);
  const silentSets = silentServerSets(context, grouper.groups);
  for (const group of grouper.groups) {
    const { first, kind } = group;
    const routineSet = routineSets.get(group);
    if (routineSet !== undefined) {
      // Told once, where its first group would have been.
      if (routineSet[0].group === group && cap.admit('peer-reset', first.firstFrame, 'info', GUIDE_STEPS.readClose)) cap.kept.push(routineSetFinding(context, routineSet));
      continue;
    }
    const silentSet = silentSets.get(group);
    // Likewise told once, by its first group.
    if (silentSet !== undefined && silentSet[0] !== group) continue;
    const summaryOnly = OVERFLOW_DEFAULTS[kind];
    // The full conversation (strings, ladder) is built only for the findings listed.
    if (!cap.admit(kind, first.firstFrame, summaryOnly.severity, summaryOnly.step)) continue;
    const conversation = context.conversation(first);
    if (kind === 'slow-connect') {
      cap.kept.push(slowConnectFinding(conversation, first, group.members, slowest.get(group) ?? first.answerSeconds, group.outcome === 1));
      continue;
    }
    const firstReset = first.firstReset >= 0 ? tcp.resets[first.firstReset] : undefined;
    const waited = context.secondsToTraceEnd(first.firstSeconds, first.firstNanoseconds);
    const finding = conversationFinding(context, conversation, firstReset, waited, followUpFacts(followUps, first, kind));
    if (finding === null) continue;
    if (silentSet !== undefined) {
      const synCount = silentSet.reduce((sum, member) => sum + (synCounts.get(member) ?? member.members), 0);
      cap.kept.push(silentServerFinding(finding, conversation, silentSet, synCount));
    } else cap.kept.push(group.members === 1 ? finding : groupFinding(finding, conversation, group));
  }
}
