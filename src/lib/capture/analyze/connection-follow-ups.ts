/**
 * What the rest of the trace says about a connection that failed: whether the client got in on
 * a later try (a refusal then an accepted connection is a service starting, or a client trying
 * each address of a name in turn), and whether the trace could have shown an answer at all (a
 * capture of one direction only shows no answer to anything).
 */
import { addressKey, sameAddress, serverPort } from './conversation-groups';
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

/**
 * A conversation in which only one side appears, yet that side acted on packets from the other:
 * a client that sent its SYN and then acknowledged (so a SYN-ACK came), or a server that answered
 * a SYN with a SYN-ACK and then sent data or a FIN (which it does only once the client's ACK
 * came). The trace holds one direction of their traffic.
 */
export interface SilenceProof {
  readonly state: TcpConversationState;
  /** Side index (0 = A) of the address never heard from. */
  readonly silentSide: number;
  /** 'client acknowledged': the heard side is the client; 'server went on': it is the server. */
  readonly evidence: 'client acknowledged' | 'server went on';
}

function silenceProof(state: TcpConversationState): SilenceProof | null {
  if (state.a.packets > 0 === state.b.packets > 0) return null;
  const heardSide = state.a.packets > 0 ? 0 : 1;
  const heard = state.side(heardSide);
  if (heard.synSent && heard.packets > 1 && (state.tcpFlags & TCP_ACK) !== 0) return { state, silentSide: 1 - heardSide, evidence: 'client acknowledged' };
  const wentOnAfterSynAck = state.synAckSeen && heard.baseSequence >= 0 && heard.nextSequence !== ((heard.baseSequence + 1) >>> 0);
  return wentOnAfterSynAck ? { state, silentSide: 1 - heardSide, evidence: 'server went on' } : null;
}

function secondsBetween(earlierSeconds: number, earlierNanoseconds: number, laterSeconds: number, laterNanoseconds: number): number {
  return laterSeconds - earlierSeconds + (laterNanoseconds - earlierNanoseconds) / 1e9;
}

export class ConnectionFollowUps {
  /** Answered conversations by server port, in the order they began; built on first use. */
  private answeredByPort: Map<number, TcpConversationState[]> | null = null;
  /** Addresses the trace never hears from, by address key: the first conversation proving it. */
  private silentAddresses: Map<string, SilenceProof> | null = null;

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
      if (sameAddress(this.tcp, refused, client, later, laterClient) && sameAddress(this.tcp, refused, 1 - client, later, 1 - laterClient)) {
        return { state: later, otherFamily: false, delaySeconds };
      }
    }
    return null;
  }

  /** Whether some conversation proves that the trace never shows packets from this side's address (see SilenceProof). */
  neverHeardFrom(state: TcpConversationState, side: number): boolean {
    return this.silent().has(addressKey(this.tcp, state, side));
  }

  /** One proof per address the trace never hears from. */
  silenceProofs(): SilenceProof[] {
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

  private silent(): Map<string, SilenceProof> {
    if (this.silentAddresses === null) {
      this.silentAddresses = new Map();
      for (const state of this.tcp.conversations) {
        const proof = silenceProof(state);
        if (proof === null) continue;
        const key = addressKey(this.tcp, state, proof.silentSide);
        if (!this.silentAddresses.has(key)) this.silentAddresses.set(key, proof);
      }
    }
    return this.silentAddresses;
  }
}
