/**
 * The per-conversation state the TCP tracker keeps. One instance per conversation (never per
 * packet), and kept small because a trace may hold hundreds of thousands: scalar fields, two
 * side records, addresses left in the tracker's key table, and one Int32Array for the ladder.
 *
 * Side A is the sender of the conversation's first packet, side B the other. Which side is the
 * client is decided by the handshake, or at the end by the port heuristic.
 *
 * The ladder keeps the first and last packets: head rows fill from the start, then the second
 * half is a ring of the most recent rows, so its size is capped however long the conversation runs.
 */
import type { ConversationState } from '../report';

const COLUMN_FRAME = 0;
const COLUMN_META = 1;
const COLUMN_SEQUENCE = 2;
const COLUMN_ACKNOWLEDGMENT = 3;
const COLUMN_WINDOW = 4;
const COLUMN_PAYLOAD = 5;
/** Time since the conversation's first packet, split so it fits Int32 columns for any duration. */
const COLUMN_OFFSET_SECONDS = 6;
const COLUMN_OFFSET_MICROSECONDS = 7;
const LADDER_COLUMNS = 8;
const FIRST_LADDER_ROWS = 4;
/** Distinct TTLs remembered per side: a host uses one or two; more means something odd we need not detail. */
const MAX_TTLS_PER_SIDE = 8;

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

  remember(ttl: number): void {
    if (this.firstTtl < 0) this.firstTtl = ttl;
    else if (ttl !== this.firstTtl) {
      if (this.otherTtls === null) this.otherTtls = [ttl];
      else if (this.otherTtls.length < MAX_TTLS_PER_SIDE - 1 && !this.otherTtls.includes(ttl)) this.otherTtls.push(ttl);
    }
  }

  /** Every distinct non-RST TTL, the first one first. */
  ttls(): number[] {
    if (this.firstTtl < 0) return [];
    return this.otherTtls === null ? [this.firstTtl] : [this.firstTtl, ...this.otherTtls];
  }
}

export class TcpConversationState {
  readonly a = new TcpSide();
  readonly b = new TcpSide();
  /** 0 undecided, 1 A is the client, 2 B is the client. */
  clientSide = 0;
  synAckSeen = false;
  synRetransmits = 0;
  /** Side that sent the first RST, -1 when none did. */
  firstResetSide = -1;
  /** Index in the tracker's reset list of the first RST, -1 when none (or past the list's cap). */
  firstReset = -1;
  /** FIN had gone both ways before the first RST: the RST only tidied up a finished conversation. */
  closedBeforeReset = false;
  lastFrame: number;
  lastSeconds: number;
  lastNanoseconds: number;
  lastFileIndex: number;
  tlsServerName: string | null = null;

  private ladderRows: Int32Array | null = null;
  private ladderCount = 0;

  constructor(
    readonly id: number,
    readonly ipVersion: number,
    /** Index of the 4-tuple in the tracker's key table, where the addresses live. */
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
    if (this.a.finSent && this.b.finSent) return 'closed';
    if (this.a.finSent || this.b.finSent) return 'half-closed';
    if (this.a.synSent || this.b.synSent) return this.synAckSeen || serverSide.packets > 0 ? 'established' : 'no-answer';
    return 'mid-stream';
  }

  addLadderRow(limit: number, frame: number, offsetUs: number, fromA: boolean, flags: number, sequence: number, acknowledgment: number, window: number, payloadLength: number, ttl: number, synRetransmit: boolean): void {
    if (limit <= 0) return;
    const headRows = Math.ceil(limit / 2);
    const count = this.ladderCount++;
    const row = count < limit ? count : headRows + ((count - headRows) % (limit - headRows));
    if (this.ladderRows === null || (row + 1) * LADDER_COLUMNS > this.ladderRows.length) this.growLadder(Math.min(limit, Math.max(FIRST_LADDER_ROWS, row * 2)));
    const rows = this.ladderRows as Int32Array;
    const base = row * LADDER_COLUMNS;
    const offsetSeconds = Math.floor(offsetUs / 1e6);
    rows[base + COLUMN_FRAME] = frame;
    rows[base + COLUMN_META] = (flags & 0xff) | ((ttl & 0xff) << 8) | (fromA ? 1 << 16 : 0) | (synRetransmit ? 1 << 17 : 0);
    rows[base + COLUMN_SEQUENCE] = sequence;
    rows[base + COLUMN_ACKNOWLEDGMENT] = acknowledgment;
    rows[base + COLUMN_WINDOW] = window;
    rows[base + COLUMN_PAYLOAD] = payloadLength;
    rows[base + COLUMN_OFFSET_SECONDS] = offsetSeconds;
    rows[base + COLUMN_OFFSET_MICROSECONDS] = offsetUs - offsetSeconds * 1e6;
  }

  private growLadder(rows: number): void {
    const grown = new Int32Array(rows * LADDER_COLUMNS);
    if (this.ladderRows !== null) grown.set(this.ladderRows);
    this.ladderRows = grown;
  }

  /** Rows in packet order (head, then the tail ring oldest first) and how many were left out between. */
  ladder(limit: number): { rows: LadderRow[]; omitted: number } {
    const rows: LadderRow[] = [];
    const data = this.ladderRows;
    if (data === null) return { rows, omitted: 0 };
    const read = (row: number) => {
      const base = row * LADDER_COLUMNS;
      const meta = data[base + COLUMN_META];
      rows.push({
        frame: data[base + COLUMN_FRAME],
        offsetUs: data[base + COLUMN_OFFSET_SECONDS] * 1e6 + data[base + COLUMN_OFFSET_MICROSECONDS],
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
    const headRows = Math.ceil(limit / 2);
    const tailRows = limit - headRows;
    for (let row = 0; row < headRows; row++) read(row);
    const oldest = (this.ladderCount - headRows) % tailRows;
    for (let step = 0; step < tailRows; step++) read(headRows + ((oldest + step) % tailRows));
    return { rows, omitted: this.ladderCount - limit };
  }
}
