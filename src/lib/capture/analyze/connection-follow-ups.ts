/**
 * What the rest of the trace says about a connection that failed: whether the client got in on
 * a later try (a refusal then an accepted connection is a service starting, or a client trying
 * each address of a name in turn), and whether the trace could have shown an answer at all (a
 * capture of one direction only shows no answer to anything).
 */
import { addressWords, serverPort } from './conversation-groups';
import type { TcpTracker } from './conversations';
import type { TcpConversationState } from './tcp-conversation';

/** A refused attempt over one IP family followed this soon by one over the other, to the same port, is one client trying a name's addresses in turn. */
export const FALLBACK_SECONDS = 1;
/** Answered connections examined after a refusal before giving up: bounds the work on a trace of thousands. */
const MAX_CANDIDATES = 2048;
const TCP_ACK = 0x10;

export interface LaterAcceptance {
  readonly state: TcpConversationState;
  /** The accepted connection went over the other IP family (a fallback), not to the same address. */
  readonly otherFamily: boolean;
  readonly delaySeconds: number;
}

function secondsBetween(earlierSeconds: number, earlierNanoseconds: number, laterSeconds: number, laterNanoseconds: number): number {
  return laterSeconds - earlierSeconds + (laterNanoseconds - earlierNanoseconds) / 1e9;
}

export class ConnectionFollowUps {
  /** Answered conversations by server port, in the order they began; built on first use. */
  private answeredByPort: Map<number, TcpConversationState[]> | null = null;
  /** Server addresses never heard from although a client completed a handshake with them, by address key: the first such conversation. */
  private silentServers: Map<string, TcpConversationState> | null = null;

  constructor(private readonly tcp: TcpTracker) {}

  /**
   * The first answered connection after `refused` from the same client address to the same
   * server endpoint, or to the same port over the other IP family within FALLBACK_SECONDS of
   * the refusal; null when the trace holds none.
   */
  acceptedAfter(refused: TcpConversationState): LaterAcceptance | null {
    const candidates = this.answered().get(serverPort(refused));
    if (candidates === undefined) return null;
    let low = 0;
    let high = candidates.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (candidates[middle].id <= refused.id) low = middle + 1;
      else high = middle;
    }
    const client = refused.clientIndex();
    for (let index = low; index < Math.min(candidates.length, low + MAX_CANDIDATES); index++) {
      const later = candidates[index];
      const delaySeconds = secondsBetween(refused.lastSeconds, refused.lastNanoseconds, later.firstSeconds, later.firstNanoseconds);
      if (later.ipVersion !== refused.ipVersion) {
        if (delaySeconds >= 0 && delaySeconds <= FALLBACK_SECONDS) return { state: later, otherFamily: true, delaySeconds };
        continue;
      }
      const laterClient = later.clientIndex();
      if (this.sameAddress(refused, client, later, laterClient) && this.sameAddress(refused, 1 - client, later, 1 - laterClient)) {
        return { state: later, otherFamily: false, delaySeconds };
      }
    }
    return null;
  }

  /**
   * The conversation proving that the trace never shows packets from this conversation's
   * server: one where a client sent its SYN and then acknowledged the server (so a SYN-ACK came)
   * while nothing from the server is in the trace. Null when no conversation proves it.
   */
  silentServerProof(state: TcpConversationState): TcpConversationState | null {
    return this.silent().get(this.addressKey(state, 1 - state.clientIndex())) ?? null;
  }

  /** Every server the trace never hears from, each with its proof. */
  silentServerProofs(): TcpConversationState[] {
    return [...this.silent().values()];
  }

  private answered(): Map<number, TcpConversationState[]> {
    if (this.answeredByPort === null) {
      this.answeredByPort = new Map();
      for (const state of this.tcp.conversations) {
        if (!state.synAckSeen) continue;
        const port = serverPort(state);
        const list = this.answeredByPort.get(port);
        if (list === undefined) this.answeredByPort.set(port, [state]);
        else list.push(state);
      }
    }
    return this.answeredByPort;
  }

  private silent(): Map<string, TcpConversationState> {
    if (this.silentServers === null) {
      this.silentServers = new Map();
      for (const state of this.tcp.conversations) {
        const client = state.side(state.clientIndex());
        const handshakeCompletedUnseen = client.synSent && client.packets > 1 && (state.tcpFlags & TCP_ACK) !== 0 && state.side(1 - state.clientIndex()).packets === 0;
        if (!handshakeCompletedUnseen) continue;
        const key = this.addressKey(state, 1 - state.clientIndex());
        if (!this.silentServers.has(key)) this.silentServers.set(key, state);
      }
    }
    return this.silentServers;
  }

  private addressKey(state: TcpConversationState, side: number): string {
    const words = this.tcp.keyWords(state.ipVersion);
    const at = this.tcp.addressOffset(state, side);
    let key = `${state.ipVersion}`;
    for (let word = 0; word < addressWords(state); word++) key += `/${words[at + word]}`;
    return key;
  }

  private sameAddress(left: TcpConversationState, leftSide: number, right: TcpConversationState, rightSide: number): boolean {
    const words = this.tcp.keyWords(left.ipVersion);
    const leftAt = this.tcp.addressOffset(left, leftSide);
    const rightAt = this.tcp.addressOffset(right, rightSide);
    for (let word = 0; word < addressWords(left); word++) if (words[leftAt + word] !== words[rightAt + word]) return false;
    return true;
  }
}
