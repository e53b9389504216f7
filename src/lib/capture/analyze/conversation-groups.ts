/**
 * Problem conversations that make one finding: a client that retries the same server endpoint,
 * and gets the same outcome each time, would otherwise fill the findings with copies.
 *
 * Conversations group when they share the finding's kind, the facts that decide its wording (who
 * reset it and how, whether the trace ended too soon, whether SYNs were retried, the TLS name)
 * and the client address, server address and server port. This runs for every problem
 * conversation on every progress update, so groups are found by a numeric hash of those facts and
 * confirmed by comparing them: no string per conversation.
 */
import type { FindingKind } from '../report';
import type { TcpTracker } from './conversations';
import type { TcpConversationState } from './tcp-conversation';

/** Evidence frames a group keeps of its members (their first frames). */
const GROUP_FRAMES = 12;
/**
 * Conversation ids a finding lists (Finding.evidence.conversationIds). Findings go to the page with
 * every progress update; a scan's ten thousand refusals need not, as views judge the rest alike.
 */
export const MAX_FINDING_CONVERSATIONS = 500;

export interface ConversationGroup<Kind extends FindingKind> {
  readonly kind: Kind;
  /** Bits of the outcome facts (see ConversationGrouper.add). */
  readonly outcome: number;
  /** The first conversation, whose story the finding tells. */
  readonly first: TcpConversationState;
  members: number;
  /** First frames of the members after the first (up to GROUP_FRAMES), for evidence; null while it has one. */
  frames: number[] | null;
  /** Ids of the members, the first included, up to MAX_FINDING_CONVERSATIONS. */
  readonly memberIds: number[];
  /** Next group with the same hash. */
  next: ConversationGroup<Kind> | null;
}

export function serverPort(state: TcpConversationState): number {
  return state.clientIndex() === 0 ? state.portB : state.portA;
}

function addressWords(state: TcpConversationState): number {
  return state.ipVersion === 6 ? 4 : 1;
}

/** One side's address as text ("4/167772165"): a Map key for the few callers that need one. */
export function addressKey(tcp: TcpTracker, state: TcpConversationState, side: number): string {
  const words = tcp.keyWords(state.ipVersion);
  const at = tcp.addressOffset(state, side);
  let key = `${state.ipVersion}`;
  for (let word = 0; word < addressWords(state); word++) key += `/${words[at + word]}`;
  return key;
}

/** Client address, server address and server port, as text: a Map key for the few callers that group a handful. */
export function endpointsKey(tcp: TcpTracker, state: TcpConversationState): string {
  const client = state.clientIndex();
  return `${addressKey(tcp, state, client)} ${addressKey(tcp, state, 1 - client)} ${serverPort(state)}`;
}

/** Whether two conversations' sides (of the same IP version) have the same address. */
export function sameAddress(tcp: TcpTracker, left: TcpConversationState, leftSide: number, right: TcpConversationState, rightSide: number): boolean {
  const words = tcp.keyWords(left.ipVersion);
  const leftAt = tcp.addressOffset(left, leftSide);
  const rightAt = tcp.addressOffset(right, rightSide);
  for (let word = 0; word < addressWords(left); word++) if (words[leftAt + word] !== words[rightAt + word]) return false;
  return true;
}

function stringHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash;
}

export class ConversationGrouper<Kind extends FindingKind> {
  /** Groups in the order their first conversation came. */
  readonly groups: Array<ConversationGroup<Kind>> = [];
  private readonly byHash = new Map<number, ConversationGroup<Kind>>();

  constructor(private readonly tcp: TcpTracker) {}

  /** `outcome`: small integer of the facts besides kind and endpoints that decide the wording. Returns the group it joined or began. */
  add(state: TcpConversationState, kind: Kind, outcome: number): ConversationGroup<Kind> {
    const hash = this.hash(state, kind, outcome);
    let group = this.byHash.get(hash) ?? null;
    while (group !== null && !(group.kind === kind && group.outcome === outcome && this.sameEndpoints(group.first, state))) group = group.next;
    if (group !== null) {
      group.members++;
      group.frames ??= [];
      if (group.frames.length < GROUP_FRAMES) group.frames.push(state.firstFrame);
      if (group.memberIds.length < MAX_FINDING_CONVERSATIONS) group.memberIds.push(state.id);
      return group;
    }
    const created: ConversationGroup<Kind> = { kind, outcome, first: state, members: 1, frames: null, memberIds: [state.id], next: this.byHash.get(hash) ?? null };
    this.byHash.set(hash, created);
    this.groups.push(created);
    return created;
  }

  private hash(state: TcpConversationState, kind: Kind, outcome: number): number {
    const client = state.clientIndex();
    const words = this.tcp.keyWords(state.ipVersion);
    const clientAt = this.tcp.addressOffset(state, client);
    const serverAt = this.tcp.addressOffset(state, 1 - client);
    let hash = Math.imul(this.kindCode(kind) ^ (outcome << 8), 0x9e3779b1) ^ serverPort(state);
    for (let word = 0; word < addressWords(state); word++) {
      hash = Math.imul(hash ^ words[clientAt + word], 0x85ebca6b);
      hash = Math.imul(hash ^ words[serverAt + word], 0xc2b2ae35);
    }
    return state.tlsServerName === null ? hash : hash ^ stringHash(state.tlsServerName);
  }

  private readonly kindCodes = new Map<Kind, number>();

  private kindCode(kind: Kind): number {
    let code = this.kindCodes.get(kind);
    if (code === undefined) this.kindCodes.set(kind, (code = this.kindCodes.size + 1));
    return code;
  }

  private sameEndpoints(left: TcpConversationState, right: TcpConversationState): boolean {
    if (left.ipVersion !== right.ipVersion || serverPort(left) !== serverPort(right) || left.tlsServerName !== right.tlsServerName) return false;
    const leftClient = left.clientIndex();
    const rightClient = right.clientIndex();
    return sameAddress(this.tcp, left, leftClient, right, rightClient) && sameAddress(this.tcp, left, 1 - leftClient, right, 1 - rightClient);
  }
}
