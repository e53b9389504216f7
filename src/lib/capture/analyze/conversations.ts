/**
 * TCP conversations keyed by their 4-tuple through a numeric hash table, with the rules
 * Wireshark's tcp.stream and tcp.analysis use, so our counts line up with tshark's:
 *
 * - A SYN (without ACK) whose sequence number differs from the first one seen in that
 *   direction is port reuse: a new conversation starts under the same 4-tuple.
 * - A SYN repeating a sequence number already passed in its direction (next expected
 *   sequence > seq) is a retransmission (`tcp.flags.syn==1 && tcp.analysis.retransmission`);
 *   that holds for SYN-ACKs too.
 *
 * Every RST is judged on arrival against the TTLs its claimed sender used before (see ttl.ts).
 */
import { TcpFlag, type DecodedPacket } from '../decode/packet';
import { formatAddress } from './address';
import type { HostTracker } from './hosts';
import { KeyTable } from './key-table';
import { LadderStore } from './ladder';
import { TcpConversationState } from './tcp-conversation';
import { explainReset } from './ttl';

/** version, low address (4 words), high address (4 words), low port << 16 | high port. */
const KEY_WORDS = 10;
/** Reset records kept with their explanation; beyond that they are only counted. */
export const MAX_RESET_RECORDS = 5000;

export interface ResetEvent {
  frame: number;
  fileIndex: number;
  seconds: number;
  nanoseconds: number;
  source: string;
  sourcePort: number;
  destination: string;
  destinationPort: number;
  ttl: number;
  conversationId: number;
  sentBy: 'peer' | 'path' | 'unknown';
  explanation: string;
}

/** Signed 32-bit sequence comparison (RFC 1982 serial arithmetic): a after b. */
function sequenceAfter(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

export class TcpTracker {
  readonly conversations: TcpConversationState[] = [];
  readonly resets: ResetEvent[] = [];
  /** Every RST, including those past MAX_RESET_RECORDS. */
  resetPackets = 0;
  synRetransmissions = 0;
  packets = 0;
  /** The packet just added repeats sequence space already seen: its payload was dissected before
   *  (Wireshark does not hand retransmitted data to DNS or TLS again, and neither do we). */
  lastRetransmission = false;
  /** Side (0 = A, 1 = B) of the packet just added within its conversation. */
  lastSide = 0;
  private readonly keys = new KeyTable(KEY_WORDS);
  /** Key index -> the conversation currently using that 4-tuple (the object, not its id: one
   *  dependent load fewer on every packet). */
  private readonly current: TcpConversationState[] = [];
  private readonly key = new Uint32Array(KEY_WORDS);
  private readonly hosts: HostTracker;
  readonly ladders: LadderStore;

  constructor(hosts: HostTracker, ladderLimit: number) {
    this.hosts = hosts;
    this.ladders = new LadderStore(ladderLimit);
  }

  /** Fills the scratch key; returns true when the source endpoint is the key's first (lower) one. */
  private fillKey(version: number, source: Uint32Array, sourcePort: number, destination: Uint32Array, destinationPort: number): boolean {
    let sourceFirst = sourcePort < destinationPort;
    for (let word = 0; word < 4; word++) {
      if (source[word] !== destination[word]) {
        sourceFirst = source[word] < destination[word];
        break;
      }
    }
    const low = sourceFirst ? source : destination;
    const high = sourceFirst ? destination : source;
    const key = this.key;
    key[0] = version;
    key[1] = low[0];
    key[2] = low[1];
    key[3] = low[2];
    key[4] = low[3];
    key[5] = high[0];
    key[6] = high[1];
    key[7] = high[2];
    key[8] = high[3];
    key[9] = sourceFirst ? (sourcePort << 16) | destinationPort : (destinationPort << 16) | sourcePort;
    return sourceFirst;
  }

  /** The conversation currently holding this 4-tuple (either direction), or -1. */
  find(version: number, source: Uint32Array, sourcePort: number, destination: Uint32Array, destinationPort: number): number {
    this.fillKey(version, source, sourcePort, destination, destinationPort);
    const index = this.keys.find(this.key);
    return index < 0 ? -1 : this.current[index].id;
  }

  /** Where side `side`'s address starts in `keyWords()` (key layout: version, low address, high address, ports). */
  addressOffset(conversation: TcpConversationState, side: number): number {
    const low = (side === 0) === conversation.aIsLow;
    return this.keys.offsetOf(conversation.keyIndex) + (low ? 1 : 5);
  }

  /** The key table's words, for formatting addresses with addressOffset(). */
  keyWords(): Uint32Array {
    return this.keys.words;
  }

  /** Accounts one decoded TCP packet; returns its conversation (and sets lastSide, lastRetransmission). */
  add(packet: DecodedPacket, frame: number, fileIndex: number, seconds: number, nanoseconds: number, wireLength: number): TcpConversationState {
    this.packets++;
    const flags = packet.tcpFlags;
    const sequence = packet.sequence;
    const sourceFirst = this.fillKey(packet.ipVersion, packet.source, packet.sourcePort, packet.destination, packet.destinationPort);
    let keyIndex = this.keys.find(this.key);
    let conversation: TcpConversationState;
    if (keyIndex < 0) {
      keyIndex = this.keys.insert(this.key);
      conversation = this.open(packet, keyIndex, sourceFirst, frame, seconds, nanoseconds, fileIndex);
    } else {
      conversation = this.current[keyIndex];
      // Side A is whichever endpoint sorted the same way in the key as the first packet's source.
      const base = conversation.side(sourceFirst === conversation.aIsLow ? 0 : 1).baseSequence;
      if ((flags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.SYN && base >= 0 && base !== sequence) {
        conversation = this.open(packet, keyIndex, sourceFirst, frame, seconds, nanoseconds, fileIndex);
      }
    }

    const sideIndex = sourceFirst === conversation.aIsLow ? 0 : 1;
    const side = conversation.side(sideIndex);
    this.lastSide = sideIndex;
    side.packets++;
    side.bytes += wireLength;
    conversation.lastFrame = frame;
    conversation.lastSeconds = seconds;
    conversation.lastNanoseconds = nanoseconds;
    conversation.lastFileIndex = fileIndex;
    if (side.baseSequence < 0) side.baseSequence = sequence;

    const syn = (flags & TcpFlag.SYN) !== 0;
    if (syn) {
      if ((flags & TcpFlag.ACK) === 0) {
        side.synSent = true;
        if (conversation.clientSide === 0) conversation.clientSide = sideIndex + 1;
      } else {
        conversation.synAckSeen = true;
        if (conversation.clientSide === 0) conversation.clientSide = 2 - sideIndex;
      }
    }

    let synRetransmit = false;
    this.lastRetransmission = false;
    const segmentLength = packet.payloadWireLength;
    if (segmentLength > 0 || (flags & (TcpFlag.SYN | TcpFlag.FIN)) !== 0) {
      const expected = side.nextSequence;
      this.lastRetransmission = expected >= 0 && sequenceAfter(expected, sequence);
      if (syn && this.lastRetransmission) {
        synRetransmit = true;
        conversation.synRetransmits++;
        this.synRetransmissions++;
      }
      const next = (sequence + segmentLength + (syn ? 1 : 0) + ((flags & TcpFlag.FIN) !== 0 ? 1 : 0)) >>> 0;
      if (expected < 0 || sequenceAfter(next, expected)) side.nextSequence = next;
    }

    if ((flags & TcpFlag.FIN) !== 0) side.finSent = true;
    if ((flags & TcpFlag.RST) !== 0) this.recordReset(packet, conversation, sideIndex, frame, fileIndex, seconds, nanoseconds);
    else side.remember(packet.ttl);

    const offsetUs = (seconds - conversation.firstSeconds) * 1e6 + (nanoseconds - conversation.firstNanoseconds) / 1000;
    this.ladders.add(conversation, frame, offsetUs, sideIndex === 0, flags, sequence, packet.acknowledgment, packet.window, segmentLength, packet.ttl, synRetransmit);
    return conversation;
  }

  private open(packet: DecodedPacket, keyIndex: number, sourceFirst: boolean, frame: number, seconds: number, nanoseconds: number, fileIndex: number): TcpConversationState {
    const conversation = new TcpConversationState(this.conversations.length, packet.ipVersion, keyIndex, sourceFirst, packet.sourcePort, packet.destinationPort, frame, seconds, nanoseconds, fileIndex);
    this.conversations.push(conversation);
    this.current[keyIndex] = conversation;
    return conversation;
  }

  private recordReset(packet: DecodedPacket, conversation: TcpConversationState, side: number, frame: number, fileIndex: number, seconds: number, nanoseconds: number): void {
    this.resetPackets++;
    const first = conversation.firstResetSide < 0;
    if (first) {
      conversation.firstResetSide = side;
      conversation.closedBeforeReset = conversation.a.finSent && conversation.b.finSent;
    }
    if (this.resets.length >= MAX_RESET_RECORDS) return;
    if (first) conversation.firstReset = this.resets.length;
    const source = formatAddress(packet.ipVersion, packet.source);
    const own = conversation.side(side).ttls();
    const elsewhere = own.length === 0 ? this.hosts.ttlsOf(packet.ipVersion, packet.source) : own;
    const verdict = explainReset(source, packet.ttl, elsewhere, own.length > 0 ? 'in this conversation' : 'elsewhere in the trace');
    this.resets.push({
      frame,
      fileIndex,
      seconds,
      nanoseconds,
      source,
      sourcePort: packet.sourcePort,
      destination: formatAddress(packet.ipVersion, packet.destination),
      destinationPort: packet.destinationPort,
      ttl: packet.ttl,
      conversationId: conversation.id,
      sentBy: verdict.sentBy,
      explanation: verdict.explanation,
    });
  }
}
