/**
 * The per-conversation state the TCP tracker keeps. One instance per conversation (never per
 * packet); side 0 is "A", the sender of the conversation's first packet, side 1 is "B". Which
 * side is the client is decided by the handshake, or at the end by the port heuristic.
 *
 * The ladder keeps the first and last packets in typed arrays: head rows fill from the start,
 * then the second half is a ring of the most recent rows, so memory per conversation is capped
 * however long it runs.
 */
import type { ConversationState } from '../report';

/** Int32 columns per ladder row (the time offset lives in a parallel Float64Array). */
export const LADDER_COLUMNS = 6;
const COLUMN_FRAME = 0;
const COLUMN_META = 1;
const COLUMN_SEQUENCE = 2;
const COLUMN_ACKNOWLEDGMENT = 3;
const COLUMN_WINDOW = 4;
const COLUMN_PAYLOAD = 5;
/** Distinct TTLs remembered per side: a host uses one or two; more means something odd we need not detail. */
const MAX_TTLS_PER_SIDE = 8;
const FIRST_LADDER_ROWS = 4;

export interface LadderRow {
  frame: number;
  offsetUs: number;
  fromA: boolean;
  flags: number;
  sequence: number;
  acknowledgment: number;
  window: number;
  payloadLength: number;
  ttl: number;
  synRetransmit: boolean;
}

export class TcpConversationState {
  readonly id: number;
  readonly ipVersion: number;
  readonly addressA = new Uint32Array(4);
  readonly addressB = new Uint32Array(4);
  readonly portA: number;
  readonly portB: number;
  /** 0 undecided, 1 A is the client, 2 B is the client. */
  clientSide = 0;

  readonly packets = [0, 0];
  readonly bytes = [0, 0];
  /** SYN without ACK seen from that side. */
  readonly synSent = [false, false];
  readonly finSent = [false, false];
  synAckSeen = false;
  synRetransmits = 0;
  /** TCP analysis per side, as Wireshark's tcp_analyze_seq_info: -1 = not yet seen. */
  readonly nextSequence = [-1, -1];
  readonly baseSequence = [-1, -1];
  /** Each side's index in the HostTracker, cached so TCP packets skip the host lookup. */
  readonly hostIndex = [-1, -1];
  /** Non-RST TTLs per side: the SYN/SYN-ACK's first, then any other distinct value. */
  readonly ttls: [number[], number[]] = [[], []];

  /** Side that sent the first RST, -1 when none did. */
  firstResetSide = -1;
  /** Index in the tracker's reset list of the first RST, -1 when none (or past the list's cap). */
  firstReset = -1;
  /** FIN had gone both ways before the first RST: the RST only tidied up a finished conversation. */
  closedBeforeReset = false;

  firstFrame: number;
  lastFrame: number;
  readonly firstSeconds: number;
  readonly firstNanoseconds: number;
  lastSeconds: number;
  lastNanoseconds: number;
  readonly firstFileIndex: number;
  lastFileIndex: number;

  tlsServerName: string | null = null;

  private ladderRows: Int32Array | null = null;
  private ladderOffsets: Float64Array | null = null;
  private ladderCount = 0;

  constructor(id: number, ipVersion: number, source: Uint32Array, sourcePort: number, destination: Uint32Array, destinationPort: number, frame: number, seconds: number, nanoseconds: number, fileIndex: number) {
    this.id = id;
    this.ipVersion = ipVersion;
    this.addressA.set(source);
    this.addressB.set(destination);
    this.portA = sourcePort;
    this.portB = destinationPort;
    this.firstFrame = this.lastFrame = frame;
    this.firstSeconds = this.lastSeconds = seconds;
    this.firstNanoseconds = this.lastNanoseconds = nanoseconds;
    this.firstFileIndex = this.lastFileIndex = fileIndex;
  }

  /** True when a packet from `source:sourcePort` travels A -> B. */
  isFromA(source: Uint32Array, sourcePort: number): boolean {
    if (this.portA !== this.portB) return sourcePort === this.portA;
    const a = this.addressA;
    return source[0] === a[0] && source[1] === a[1] && source[2] === a[2] && source[3] === a[3];
  }

  /** Side index (0 = A, 1 = B) of the client, deciding by port for mid-stream conversations. */
  clientIndex(): number {
    if (this.clientSide !== 0) return this.clientSide - 1;
    // Mid-stream: clients usually pick an ephemeral port above the server's well-known one.
    return this.portB > this.portA ? 1 : 0;
  }

  remember(side: number, ttl: number): void {
    const list = this.ttls[side];
    if (list.length > 0 && list[list.length - 1] === ttl) return;
    if (list.length < MAX_TTLS_PER_SIDE && !list.includes(ttl)) list.push(ttl);
  }

  state(): ConversationState {
    const client = this.clientIndex();
    if (this.firstResetSide >= 0 && !this.closedBeforeReset) {
      if (!this.synAckSeen && this.synSent[client] && this.firstResetSide !== client) return 'refused';
      if (!this.synAckSeen && this.synSent[client] && this.packets[1 - client] === 0) return 'no-answer';
      return 'reset';
    }
    if (this.finSent[0] && this.finSent[1]) return 'closed';
    if (this.finSent[0] || this.finSent[1]) return 'half-closed';
    if (this.synSent[0] || this.synSent[1]) return this.synAckSeen || this.packets[1 - client] > 0 ? 'established' : 'no-answer';
    return 'mid-stream';
  }

  addLadderRow(limit: number, frame: number, offsetUs: number, fromA: boolean, flags: number, sequence: number, acknowledgment: number, window: number, payloadLength: number, ttl: number, synRetransmit: boolean): void {
    if (limit <= 0) return;
    const headRows = Math.ceil(limit / 2);
    const count = this.ladderCount++;
    let row: number;
    if (count < limit) row = count;
    else row = headRows + ((count - headRows) % (limit - headRows));
    if (this.ladderRows === null || this.ladderOffsets === null || row >= this.ladderOffsets.length) this.growLadder(Math.min(limit, Math.max(FIRST_LADDER_ROWS, row * 2)));
    const rows = this.ladderRows as Int32Array;
    const base = row * LADDER_COLUMNS;
    rows[base + COLUMN_FRAME] = frame;
    rows[base + COLUMN_META] = (flags & 0xff) | ((ttl & 0xff) << 8) | (fromA ? 1 << 16 : 0) | (synRetransmit ? 1 << 17 : 0);
    rows[base + COLUMN_SEQUENCE] = sequence;
    rows[base + COLUMN_ACKNOWLEDGMENT] = acknowledgment;
    rows[base + COLUMN_WINDOW] = window;
    rows[base + COLUMN_PAYLOAD] = payloadLength;
    (this.ladderOffsets as Float64Array)[row] = offsetUs;
  }

  private growLadder(rows: number): void {
    const grownRows = new Int32Array(rows * LADDER_COLUMNS);
    const grownOffsets = new Float64Array(rows);
    if (this.ladderRows !== null && this.ladderOffsets !== null) {
      grownRows.set(this.ladderRows);
      grownOffsets.set(this.ladderOffsets);
    }
    this.ladderRows = grownRows;
    this.ladderOffsets = grownOffsets;
  }

  /** Rows in packet order (head, then the tail ring oldest first) and how many were left out between. */
  ladder(limit: number): { rows: LadderRow[]; omitted: number } {
    const rows: LadderRow[] = [];
    if (this.ladderRows === null || this.ladderOffsets === null) return { rows, omitted: 0 };
    const headRows = Math.ceil(limit / 2);
    const tailRows = limit - headRows;
    const read = (row: number) => {
      const base = row * LADDER_COLUMNS;
      const data = this.ladderRows as Int32Array;
      const meta = data[base + COLUMN_META];
      rows.push({
        frame: data[base + COLUMN_FRAME],
        offsetUs: (this.ladderOffsets as Float64Array)[row],
        fromA: (meta & (1 << 16)) !== 0,
        flags: meta & 0xff,
        sequence: data[base + COLUMN_SEQUENCE] >>> 0,
        acknowledgment: data[base + COLUMN_ACKNOWLEDGMENT] >>> 0,
        window: data[base + COLUMN_WINDOW],
        payloadLength: data[base + COLUMN_PAYLOAD],
        ttl: (meta >> 8) & 0xff,
        synRetransmit: (meta & (1 << 17)) !== 0,
      });
    };
    if (this.ladderCount <= limit) {
      for (let row = 0; row < this.ladderCount; row++) read(row);
      return { rows, omitted: 0 };
    }
    for (let row = 0; row < headRows; row++) read(row);
    const oldest = (this.ladderCount - headRows) % tailRows;
    for (let step = 0; step < tailRows; step++) read(headRows + ((oldest + step) % tailRows));
    return { rows, omitted: this.ladderCount - limit };
  }
}
