/**
 * TCP conversations keyed by their 4-tuple through a numeric hash table, with the rules
 * Wireshark's tcp.stream and tcp.analysis use, so our counts line up with tshark's:
 *
 * - A SYN (without ACK) whose sequence number differs from the first one seen in that
 *   direction is port reuse: a new conversation starts under the same 4-tuple.
 * - A SYN repeating a sequence number already passed in its direction (next expected
 *   sequence > seq) is a retransmission (`tcp.flags.syn==1 && tcp.analysis.retransmission`);
 *   that holds for SYN-ACKs too.
 * - Except where Wireshark is fooled: a segment repeating its side's previous one within a
 *   millisecond is the capture's own copy (capture-copies.ts), not a retransmission.
 *
 * Every RST is judged against the TTLs its claimed sender used (see ttl.ts): on arrival against
 * its earlier packets in the conversation; when it sent none there, against all its packets
 * elsewhere in the trace, judged again for every report (rejudgeResets) so packets captured after
 * the RST count too.
 */
import { TcpFlag, type DecodedPacket } from '../decode/packet';
import { LadderMeta } from '../ladder-rows';
import { formatAddress } from './address';
import { MAX_COPY_FRAMES, repeatIsCopy, tcpSegmentSignature, withinCopyWindow } from './capture-copies';
import type { HostTracker } from './hosts';
import { KeyTable } from './key-table';
import { LadderStore } from './ladder';
import { TcpConversationState, type TcpSide } from './tcp-conversation';
import { explainReset } from './ttl';

/** Reset records kept with their explanation; beyond that they are only counted. */
export const MAX_RESET_RECORDS = 5000;
/**
 * Longest gap between an RST and the other end's FIN for the two to count as crossed: the FIN
 * left before the RST arrived, so the gap is at most a round trip (well under a second even
 * between continents).
 */
const CROSSING_SECONDS = 1;
const IN_CONVERSATION = 'in this conversation';
const ELSEWHERE = 'elsewhere in the trace';

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
  /** See ResetRecord.afterPeerFin. */
  afterPeerFin: boolean;
  /** See ResetRecord.afterOwnFin. */
  afterOwnFin: boolean;
  /** Packets of the conversation before this RST, not counting the capture's copies. */
  packetsBefore: number;
  /** Frame of the other end's FIN that crossed this RST (ResetRecord.crossedPeerFin), 0 when none did; settled by the conversation's next packet. */
  crossingFinFrame: number;
  /** The claimed sender's host index when the verdict rests on its packets elsewhere in the trace, else -1. */
  hostIndex: number;
}

/** Signed 32-bit sequence comparison (RFC 1982 serial arithmetic): a after b. */
function sequenceAfter(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

/**
 * Conversations of one IP version by 4-tuple. Key: low address, high address (one word each
 * for IPv4, four for IPv6), then low port << 16 | high port. IPv4 and IPv6 get separate tables
 * so an IPv4 key is 3 words, not 9 with 6 zeros: hashing and comparing the key is the largest
 * per-packet cost after decoding.
 */
class TupleTable {
  readonly keys: KeyTable;
  /** Key index -> the conversation currently using that 4-tuple (the object, not its id: one
   *  dependent load fewer on every packet). */
  readonly current: TcpConversationState[] = [];
  readonly key: Uint32Array;

  constructor(readonly addressWords: number) {
    this.keys = new KeyTable(2 * addressWords + 1);
    this.key = new Uint32Array(2 * addressWords + 1);
  }

  /** Fills the scratch key; returns true when the source endpoint is the key's first (lower) one. */
  fillKey(source: Uint32Array, sourcePort: number, destination: Uint32Array, destinationPort: number): boolean {
    const words = this.addressWords;
    let sourceFirst = sourcePort < destinationPort;
    for (let word = 0; word < words; word++) {
      if (source[word] !== destination[word]) {
        sourceFirst = source[word] < destination[word];
        break;
      }
    }
    const low = sourceFirst ? source : destination;
    const high = sourceFirst ? destination : source;
    const key = this.key;
    for (let word = 0; word < words; word++) {
      key[word] = low[word];
      key[words + word] = high[word];
    }
    key[2 * words] = sourceFirst ? (sourcePort << 16) | destinationPort : (destinationPort << 16) | sourcePort;
    return sourceFirst;
  }
}

export class TcpTracker {
  readonly conversations: TcpConversationState[] = [];
  readonly resets: ResetEvent[] = [];
  /** Every RST, including those past MAX_RESET_RECORDS. */
  resetPackets = 0;
  synRetransmissions = 0;
  packets = 0;
  /** Packets that are the capture's own copies of the packet before them (see capture-copies.ts), and the first of their frames. */
  duplicatePackets = 0;
  readonly duplicateFrames: number[] = [];
  /** The packet just added repeats sequence space already seen: its payload was dissected before
   *  (Wireshark does not hand retransmitted data to DNS or TLS again, and neither do we). */
  lastRetransmission = false;
  /** The packet just added is the capture's own copy of the one before it (lastRetransmission is then true too). */
  lastCaptureCopy = false;
  /** Side (0 = A, 1 = B) of the packet just added within its conversation. */
  lastSide = 0;
  private readonly ipv4 = new TupleTable(1);
  private readonly ipv6 = new TupleTable(4);
  private readonly hosts: HostTracker;
  readonly ladders: LadderStore;

  constructor(hosts: HostTracker, ladderLimit: number) {
    this.hosts = hosts;
    this.ladders = new LadderStore(ladderLimit);
  }

  private tableOf(version: number): TupleTable {
    return version === 6 ? this.ipv6 : this.ipv4;
  }

  /** The conversation currently holding this 4-tuple (either direction), or -1. */
  find(version: number, source: Uint32Array, sourcePort: number, destination: Uint32Array, destinationPort: number): number {
    const table = this.tableOf(version);
    table.fillKey(source, sourcePort, destination, destinationPort);
    const index = table.keys.find(table.key);
    return index < 0 ? -1 : table.current[index].id;
  }

  /** Where side `side`'s address starts in `keyWords(its version)`. */
  addressOffset(conversation: TcpConversationState, side: number): number {
    const table = this.tableOf(conversation.ipVersion);
    const low = (side === 0) === conversation.aIsLow;
    return table.keys.offsetOf(conversation.keyIndex) + (low ? 0 : table.addressWords);
  }

  /** The key words of one IP version's table, for formatting addresses with addressOffset(). */
  keyWords(version: number): Uint32Array {
    return this.tableOf(version).keys.words;
  }

  /** Accounts one decoded TCP packet; returns its conversation (and sets lastSide, lastRetransmission, lastCaptureCopy). */
  add(packet: DecodedPacket, frame: number, fileIndex: number, seconds: number, nanoseconds: number, wireLength: number): TcpConversationState {
    this.packets++;
    const flags = packet.tcpFlags;
    const sequence = packet.sequence;
    const table = this.tableOf(packet.ipVersion);
    const sourceFirst = table.fillKey(packet.source, packet.sourcePort, packet.destination, packet.destinationPort);
    let keyIndex = table.keys.find(table.key);
    let conversation: TcpConversationState;
    if (keyIndex < 0) {
      keyIndex = table.keys.insert(table.key);
      conversation = this.open(packet, table, keyIndex, sourceFirst, frame, seconds, nanoseconds, fileIndex);
    } else {
      conversation = table.current[keyIndex];
      // Side A is whichever endpoint sorted the same way in the key as the first packet's source.
      const base = conversation.side(sourceFirst === conversation.aIsLow ? 0 : 1).baseSequence;
      if ((flags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.SYN && base >= 0 && base !== sequence) {
        conversation = this.open(packet, table, keyIndex, sourceFirst, frame, seconds, nanoseconds, fileIndex);
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
    conversation.tcpFlags |= flags;
    if (side.baseSequence < 0) side.baseSequence = sequence;

    const syn = (flags & TcpFlag.SYN) !== 0;
    if (syn) {
      if ((flags & TcpFlag.ACK) === 0) {
        side.synSent = true;
        if (conversation.clientSide === 0) conversation.clientSide = sideIndex + 1;
      } else {
        if (!conversation.synAckSeen && conversation.side(1 - sideIndex).synSent) {
          conversation.answerSeconds = seconds - conversation.firstSeconds + (nanoseconds - conversation.firstNanoseconds) / 1e9;
        }
        conversation.synAckSeen = true;
        if (conversation.clientSide === 0) conversation.clientSide = 2 - sideIndex;
      }
    }

    const segmentLength = packet.payloadWireLength;
    const offsetUs = (seconds - conversation.firstSeconds) * 1e6 + (nanoseconds - conversation.firstNanoseconds) / 1000;
    const carriesSequenceSpace = segmentLength > 0 || (flags & (TcpFlag.SYN | TcpFlag.FIN)) !== 0;
    if (this.isCaptureCopy(side, packet, seconds, nanoseconds) && repeatIsCopy(carriesSequenceSpace, packet.ipIdentification, conversation.captureCopies > 0)) {
      // Counted as a packet, as tshark counts it, but not as a retransmission, nor an RST copy as a second reset.
      conversation.captureCopies++;
      this.duplicatePackets++;
      if (this.duplicateFrames.length < MAX_COPY_FRAMES) this.duplicateFrames.push(frame);
      this.lastRetransmission = true;
      this.lastCaptureCopy = true;
      this.ladders.add(conversation, frame, offsetUs, sideIndex === 0, flags, sequence, packet.acknowledgment, packet.window, segmentLength, packet.ttl, LadderMeta.CAPTURE_COPY);
      return conversation;
    }

    let synRetransmit = false;
    this.lastRetransmission = false;
    this.lastCaptureCopy = false;
    if (carriesSequenceSpace) {
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

    // What the path MTU rule (mtu-findings.ts) needs: sizes sent, acknowledged and sent again.
    if (segmentLength > 0) side.sentPayload(sequence, segmentLength, this.lastRetransmission, frame);
    const peer = conversation.side(1 - sideIndex);
    if ((flags & TcpFlag.ACK) !== 0) peer.acknowledgedUpTo(packet.acknowledgment);
    if (peer.stall !== null && peer.stall.peerHeardFrame === 0) peer.stall.peerHeardFrame = frame;

    if (conversation.unsettledReset >= 0) this.settleCrossing(conversation, sideIndex, flags, sequence, segmentLength, frame, seconds, nanoseconds);
    if ((flags & TcpFlag.FIN) !== 0) side.finSent = true;
    if ((flags & TcpFlag.RST) !== 0) this.recordReset(packet, conversation, sideIndex, frame, fileIndex, seconds, nanoseconds);
    else side.remember(packet.ttl);

    this.ladders.add(conversation, frame, offsetUs, sideIndex === 0, flags, sequence, packet.acknowledgment, packet.window, segmentLength, packet.ttl, synRetransmit ? LadderMeta.SYN_RETRANSMIT : 0);
    return conversation;
  }

  /** Whether this segment repeats its side's previous one, field for field, within the copy window (and remembers it for the next). */
  private isCaptureCopy(side: TcpSide, packet: DecodedPacket, seconds: number, nanoseconds: number): boolean {
    const signature = tcpSegmentSignature(packet);
    const time = seconds + nanoseconds / 1e9;
    const copy = signature === side.lastSegmentSignature && withinCopyWindow(side.lastSegmentTime, time);
    side.lastSegmentSignature = signature;
    side.lastSegmentTime = time;
    return copy;
  }

  private open(packet: DecodedPacket, table: TupleTable, keyIndex: number, sourceFirst: boolean, frame: number, seconds: number, nanoseconds: number, fileIndex: number): TcpConversationState {
    const conversation = new TcpConversationState(this.conversations.length, packet.ipVersion, keyIndex, sourceFirst, packet.sourcePort, packet.destinationPort, frame, seconds, nanoseconds, fileIndex);
    this.conversations.push(conversation);
    table.current[keyIndex] = conversation;
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
    const hostIndex = own.length === 0 ? this.hosts.indexOf(packet.ipVersion, packet.source) : -1;
    const verdict = hostIndex < 0 ? explainReset(source, packet.ttl, own, IN_CONVERSATION) : explainReset(source, packet.ttl, this.hosts.ttlsAt(hostIndex), ELSEWHERE);
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
      afterPeerFin: conversation.side(1 - side).finSent,
      afterOwnFin: conversation.side(side).finSent,
      packetsBefore: conversation.a.packets + conversation.b.packets - 1 - conversation.captureCopies,
      crossingFinFrame: 0,
      hostIndex,
    });
    // Without ACK an RST's acknowledgment field means nothing, so no FIN can be matched to it.
    if ((packet.tcpFlags & TcpFlag.ACK) !== 0) {
      conversation.unsettledReset = this.resets.length - 1;
      conversation.unsettledResetSide = side;
      conversation.unsettledResetAck = packet.acknowledgment;
    }
  }

  /**
   * The packet after an RST decides whether the other end's FIN crossed it: a FIN without data
   * from the other end, starting exactly where the RST acknowledged (so nothing that end sent was
   * lost), soon enough to have left before the RST arrived.
   */
  private settleCrossing(conversation: TcpConversationState, sideIndex: number, flags: number, sequence: number, segmentLength: number, frame: number, seconds: number, nanoseconds: number): void {
    const event = this.resets[conversation.unsettledReset];
    conversation.unsettledReset = -1;
    const gap = seconds - event.seconds + (nanoseconds - event.nanoseconds) / 1e9;
    const crossed = sideIndex !== conversation.unsettledResetSide && (flags & (TcpFlag.FIN | TcpFlag.RST | TcpFlag.SYN)) === TcpFlag.FIN && segmentLength === 0 &&
      sequence === conversation.unsettledResetAck && gap <= CROSSING_SECONDS;
    if (crossed) event.crossingFinFrame = frame;
  }

  /** Judges again the RSTs whose verdict rests on their sender's packets elsewhere, with all seen so far. */
  rejudgeResets(): void {
    for (const event of this.resets) {
      if (event.hostIndex < 0) continue;
      const verdict = explainReset(event.source, event.ttl, this.hosts.ttlsAt(event.hostIndex), ELSEWHERE);
      event.sentBy = verdict.sentBy;
      event.explanation = verdict.explanation;
    }
  }
}
