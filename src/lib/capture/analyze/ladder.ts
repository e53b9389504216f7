/**
 * Per-conversation packet ladders with a bounded size: the first half of `limit` rows, then a
 * ring of the most recent rows, so a long conversation keeps its opening and its end.
 *
 * Storage is shaped by how traces look: most conversations are a handful of packets (scans,
 * refusals, short requests), so every conversation's first rows live in one shared Int32Array
 * arena, and only a conversation that outgrows them gets its own array. Small typed arrays per
 * conversation measured slower than everything else in a 100k-conversation trace.
 */

const COLUMN_FRAME = 0;
const COLUMN_META = 1;
const COLUMN_SEQUENCE = 2;
const COLUMN_ACKNOWLEDGMENT = 3;
const COLUMN_WINDOW = 4;
const COLUMN_PAYLOAD = 5;
/** Time since the conversation's first packet, split so it fits Int32 columns for any duration. */
const COLUMN_OFFSET_SECONDS = 6;
const COLUMN_OFFSET_MICROSECONDS = 7;
const COLUMNS = 8;
/** Rows per conversation in the shared arena. */
const ARENA_ROWS = 4;
const INITIAL_ARENA_CONVERSATIONS = 1024;

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

/** The ladder fields a conversation carries; the store does the rest. */
export interface LadderHolder {
  readonly id: number;
  ladderCount: number;
  ladderOwn: Int32Array | null;
}

export class LadderStore {
  readonly limit: number;
  private readonly headRows: number;
  private arena = new Int32Array(INITIAL_ARENA_CONVERSATIONS * ARENA_ROWS * COLUMNS);

  constructor(limit: number) {
    this.limit = Math.max(0, Math.floor(limit));
    this.headRows = Math.ceil(this.limit / 2);
  }

  add(holder: LadderHolder, frame: number, offsetUs: number, fromA: boolean, flags: number, sequence: number, acknowledgment: number, window: number, payloadLength: number, ttl: number, synRetransmit: boolean): void {
    const limit = this.limit;
    if (limit === 0) return;
    const count = holder.ladderCount++;
    const row = count < limit ? count : this.headRows + ((count - this.headRows) % (limit - this.headRows));
    let target: Int32Array;
    let base: number;
    if (holder.ladderOwn === null && row < ARENA_ROWS) {
      const arenaBase = holder.id * ARENA_ROWS * COLUMNS;
      if (arenaBase + ARENA_ROWS * COLUMNS > this.arena.length) this.growArena(holder.id);
      target = this.arena;
      base = arenaBase + row * COLUMNS;
    } else {
      if (holder.ladderOwn === null) {
        // Outgrew the arena: move its rows into an array of the full capped size.
        holder.ladderOwn = new Int32Array(limit * COLUMNS);
        const arenaBase = holder.id * ARENA_ROWS * COLUMNS;
        holder.ladderOwn.set(this.arena.subarray(arenaBase, arenaBase + ARENA_ROWS * COLUMNS));
      }
      target = holder.ladderOwn;
      base = row * COLUMNS;
    }
    const offsetSeconds = Math.floor(offsetUs / 1e6);
    target[base + COLUMN_FRAME] = frame;
    target[base + COLUMN_META] = (flags & 0xff) | ((ttl & 0xff) << 8) | (fromA ? 1 << 16 : 0) | (synRetransmit ? 1 << 17 : 0);
    target[base + COLUMN_SEQUENCE] = sequence;
    target[base + COLUMN_ACKNOWLEDGMENT] = acknowledgment;
    target[base + COLUMN_WINDOW] = window;
    target[base + COLUMN_PAYLOAD] = payloadLength;
    target[base + COLUMN_OFFSET_SECONDS] = offsetSeconds;
    target[base + COLUMN_OFFSET_MICROSECONDS] = offsetUs - offsetSeconds * 1e6;
  }

  private growArena(id: number): void {
    let size = this.arena.length;
    while ((id + 1) * ARENA_ROWS * COLUMNS > size) size *= 2;
    const grown = new Int32Array(size);
    grown.set(this.arena);
    this.arena = grown;
  }

  /** Rows in packet order (head, then the tail ring oldest first) and how many were left out between. */
  rows(holder: LadderHolder): { rows: LadderRow[]; omitted: number } {
    const rows: LadderRow[] = [];
    const data = holder.ladderOwn ?? this.arena;
    const start = holder.ladderOwn === null ? holder.id * ARENA_ROWS * COLUMNS : 0;
    const read = (row: number) => {
      const base = start + row * COLUMNS;
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
    const limit = this.limit;
    if (holder.ladderCount <= limit) {
      for (let row = 0; row < holder.ladderCount; row++) read(row);
      return { rows, omitted: 0 };
    }
    const tailRows = limit - this.headRows;
    for (let row = 0; row < this.headRows; row++) read(row);
    const oldest = (holder.ladderCount - this.headRows) % tailRows;
    for (let step = 0; step < tailRows; step++) read(this.headRows + ((oldest + step) % tailRows));
    return { rows, omitted: holder.ladderCount - limit };
  }
}
