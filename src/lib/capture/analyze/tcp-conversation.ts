/**
 * The per-conversation state the TCP tracker keeps. One instance per conversation (never per
 * packet), and kept small because a trace may hold hundreds of thousands: scalar fields, two
 * side records, addresses left in the tracker's key table, ladder rows in the LadderStore.
 *
 * Side A is the sender of the conversation's first packet, side B the other. Which side is the
 * client is decided by the handshake, or at the end by the port heuristic.
 */
import type { CertificateNames } from '../decode/x509';
import type { ConversationState } from '../report';
import type { LadderHolder } from './ladder';

const TCP_ACK = 0x10;

/** Distinct TTLs remembered per side: a host uses one or two; more means something odd we need not detail. */
const MAX_TTLS_PER_SIDE = 8;

/**
 * One data segment a side sent again and again (see TcpSide.stall): made only when a side
 * retransmits data, so the many conversations that never do carry no more than a null.
 */
export class SegmentStall {
  /** Retransmissions of this very segment (same sequence number and length) in a row. */
  retransmits = 1;
  lastFrame: number;
  /** The other end's acknowledgment went past the segment's first byte: it got through. */
  acknowledged = false;
  /** Frame of the first packet from the other end after the first retransmission, 0 while none came. */
  peerHeardFrame = 0;

  constructor(
    public sequence: number,
    public length: number,
    public firstFrame: number,
  ) {
    this.lastFrame = firstFrame;
  }

  /** Another segment is being retransmitted: the object is reused, as a lossy trace retransmits thousands. */
  restart(sequence: number, length: number, frame: number): void {
    this.sequence = sequence;
    this.length = length;
    this.firstFrame = frame;
    this.lastFrame = frame;
    this.retransmits = 1;
    this.acknowledged = false;
    this.peerHeardFrame = 0;
  }
}

/** What one side of a conversation sent. */
export class TcpSide {
  packets = 0;
  bytes = 0;
  /** SYN without ACK seen from this side. */
  synSent = false;
  finSent = false;
  /** Wireshark's tcp_analyze_seq_info per direction: -1 = not yet seen. */
  nextSequence = -1;
  baseSequence = -1;
  /** This side's index in the HostTracker, cached so TCP packets skip the host lookup. */
  hostIndex = -1;
  /** First non-RST TTL (its SYN or SYN-ACK when the handshake was captured), -1 when none yet. */
  firstTtl = -1;
  /** Further distinct non-RST TTLs, rare enough to allocate only when one appears. */
  otherTtls: number[] | null = null;
  /** This side's last segment: its fields hashed, and its time in seconds (see TcpTracker's copy check). */
  lastSegmentSignature = 0;
  lastSegmentTime = Number.NEGATIVE_INFINITY;
  /**
   * For the path MTU rule (mtu-findings.ts), all kept with a compare or two per packet: this side's
   * largest payload; the other end's highest acknowledgment of it; the largest payload not yet
   * acknowledged and where it ends (a larger one replaces it); the largest payload known to have
   * been acknowledged; and the segment it last retransmitted, null until it retransmits data.
   */
  largestPayload = 0;
  acknowledged = 0;
  pendingPayload = 0;
  pendingEnd = 0;
  deliveredPayload = 0;
  stall: SegmentStall | null = null;

  remember(ttl: number): void {
    if (this.firstTtl < 0) this.firstTtl = ttl;
    else if (ttl !== this.firstTtl) {
      if (this.otherTtls === null) this.otherTtls = [ttl];
      else if (this.otherTtls.length < MAX_TTLS_PER_SIDE - 1 && !this.otherTtls.includes(ttl)) this.otherTtls.push(ttl);
    }
  }

  /** Accounts a segment carrying `length` (> 0) bytes of this side's data (see the path MTU fields). */
  sentPayload(sequence: number, length: number, retransmission: boolean, frame: number): void {
    if (length > this.largestPayload) this.largestPayload = length;
    if (!retransmission) {
      if (length > this.pendingPayload) {
        this.pendingPayload = length;
        this.pendingEnd = (sequence + length) >>> 0;
      }
      return;
    }
    const stall = this.stall;
    if (stall === null) this.stall = new SegmentStall(sequence, length, frame);
    else if (stall.sequence === sequence && stall.length === length) {
      stall.retransmits++;
      stall.lastFrame = frame;
    } else stall.restart(sequence, length, frame);
  }

  /** The other end acknowledged this side's data up to `acknowledgment` (the next byte it expects). */
  acknowledgedUpTo(acknowledgment: number): void {
    // Serial arithmetic (RFC 1982): the acknowledgment is at or past the segment's end.
    if (this.pendingPayload > 0 && ((acknowledgment - this.pendingEnd) | 0) >= 0) {
      if (this.pendingPayload > this.deliveredPayload) this.deliveredPayload = this.pendingPayload;
      this.pendingPayload = 0;
    }
    const stall = this.stall;
    if (stall !== null && ((acknowledgment - stall.sequence) | 0) > 0) stall.acknowledged = true;
  }

  /** Every distinct non-RST TTL, the first one first. */
  ttls(): number[] {
    if (this.firstTtl < 0) return [];
    return this.otherTtls === null ? [this.firstTtl] : [this.firstTtl, ...this.otherTtls];
  }
}

export class TcpConversationState implements LadderHolder {
  readonly a = new TcpSide();
  readonly b = new TcpSide();
  /** 0 undecided, 1 A is the client, 2 B is the client. */
  clientSide = 0;
  synAckSeen = false;
  /** Seconds from the client's first SYN to the first SYN-ACK, -1 until a handshake seen from its start is answered. */
  answerSeconds = -1;
  synRetransmits = 0;
  /** Packets here the capture recorded a second time (see capture-copies.ts). */
  captureCopies = 0;
  /** TCP flags of every packet, ORed. */
  tcpFlags = 0;
  /** Side that sent the first RST, -1 when none did. */
  firstResetSide = -1;
  /** Index in the tracker's reset list of the first RST, -1 when none (or past the list's cap). */
  firstReset = -1;
  /** FIN had gone both ways before the first RST: the RST only tidied up a finished conversation. */
  closedBeforeReset = false;
  /** Reset list index of an RST not yet followed by any packet here, -1 when none (see ResetRecord.crossedPeerFin). */
  unsettledReset = -1;
  /** That RST's side and acknowledgment number: the other end's FIN must start there for the two to have crossed. */
  unsettledResetSide = 0;
  unsettledResetAck = 0;
  lastFrame: number;
  lastSeconds: number;
  lastNanoseconds: number;
  lastFileIndex: number;
  tlsServerName: string | null = null;
  /** Names on the first certificate the server sent in plaintext (TLS 1.2 and earlier), and its frame. */
  tlsServerCertificate: (CertificateNames & { frame: number }) | null = null;
  /** Frame of the server's last answer that ended the application's session (an SMB2 logoff), 0 when none. */
  sessionEndFrame = 0;
  /** Frame of the last segment known to end a whole answer (SMB2, TDS: see answer-ends.ts), 0 when none. */
  wholeAnswerFrame = 0;
  /** HTTP proxy tunnel (see http-proxy.ts): where a CONNECT asked to go, and the proxy's last answer (0 until one came). */
  proxyStage = 0;
  proxyRequestSide = 0;
  proxyTarget: string | null = null;
  proxyStatus = 0;
  proxyAnswers = 0;
  /** Frames of the last CONNECT and of the answer to it, for evidence. */
  proxyRequestFrame = 0;
  proxyStatusFrame = 0;

  /** Ladder rows recorded so far and, once past the shared arena, this conversation's slot in the store's pages (see ladder.ts). */
  ladderCount = 0;
  ladderSlot = -1;

  constructor(
    readonly id: number,
    readonly ipVersion: number,
    /** Index of the 4-tuple in the tracker's key table for its IP version, where the addresses live. */
    readonly keyIndex: number,
    /** True when side A's address is the key's first (lower) one. */
    readonly aIsLow: boolean,
    readonly portA: number,
    readonly portB: number,
    readonly firstFrame: number,
    readonly firstSeconds: number,
    readonly firstNanoseconds: number,
    readonly firstFileIndex: number,
  ) {
    this.lastFrame = firstFrame;
    this.lastSeconds = firstSeconds;
    this.lastNanoseconds = firstNanoseconds;
    this.lastFileIndex = firstFileIndex;
  }

  side(index: number): TcpSide {
    return index === 0 ? this.a : this.b;
  }

  /** Side index (0 = A, 1 = B) of the client, deciding by port for mid-stream conversations. */
  clientIndex(): number {
    if (this.clientSide !== 0) return this.clientSide - 1;
    // Mid-stream: clients usually pick an ephemeral port above the server's well-known one.
    return this.portB > this.portA ? 1 : 0;
  }

  state(): ConversationState {
    const client = this.clientIndex();
    const clientSide = this.side(client);
    const serverSide = this.side(1 - client);
    if (this.firstResetSide >= 0 && !this.closedBeforeReset) {
      if (!this.synAckSeen && clientSide.synSent && this.firstResetSide !== client) return 'refused';
      if (!this.synAckSeen && clientSide.synSent && serverSide.packets === 0) return 'no-answer';
      return 'reset';
    }
    // A reset (above) matters even when the start was missed; FINs of a conversation whose SYN
    // we never saw say less than the fact that the capture began in the middle of it.
    if (!this.a.synSent && !this.b.synSent) return 'mid-stream';
    if (this.a.finSent && this.b.finSent) return 'closed';
    if (this.a.finSent || this.b.finSent) return 'half-closed';
    // A client that went on to acknowledge was answered, even if the capture missed the answer.
    return this.synAckSeen || serverSide.packets > 0 || (this.tcpFlags & TCP_ACK) !== 0 ? 'established' : 'no-answer';
  }
}
