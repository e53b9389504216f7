/**
 * Per-conversation packet ladders with a bounded size: the first half of `limit` rows, then a
 * ring of the most recent rows, so a long conversation keeps its opening and its end.
 *
 * Storage is shaped by how traces look: most conversations are a handful of packets (scans,
 * refusals, short requests), so every conversation's first rows live in one shared Int32Array
 * arena, and only a conversation that outgrows them moves to a slot of `limit` rows in a page.
 * Pages hold many slots, so a trace with 50,000 long conversations makes a dozen large
 * allocations instead of 50,000 small ArrayBuffers (each with its own heap objects, and whose
 * freed memory the allocator keeps); the final report frees a page once every ladder in it has
 * been copied, which hands the memory back before the report's own objects need it. A dropped
 * page would wait for a full garbage collection (it has long been promoted to the old
 * generation), which the report's growth does not trigger in time; so release() transfers the
 * page's buffer to a fresh clone and drops that, and the next young-generation collection (the
 * report's allocations cause several) frees the memory.
 *
 * Pages are plain ArrayBuffers, not resizable ones shrunk to 0 on release: in Node 20's V8 an
 * element access through a resizable buffer takes a slow path (4-6x a plain one in a
 * micro-benchmark), and a row is written for every TCP packet.
 *
 * Rows use the report's layout (ladder-rows.ts), except that LadderMeta.FROM_CLIENT means "from
 * side A" here: which side is the client may be decided only later.
 */
import { LADDER_COLUMNS as COLUMNS, LadderColumn, ladderHeadRows, LadderMeta } from '../ladder-rows';

/** Rows per conversation in the shared arena. */
const ARENA_ROWS = 4;
const INITIAL_ARENA_CONVERSATIONS = 1024;
/** Pages start small, so a small trace pays little, and double up to MAX_PAGE_INTS. */
const FIRST_PAGE_SLOTS = 64;
/** 8 MB: a dozen pages for 50,000 long conversations at the default limit. */
const MAX_PAGE_INTS = 2 * 1024 * 1024;
/** A slot is written page << SLOT_BITS | index in page. */
const SLOT_BITS = 16;
const SLOT_MASK = (1 << SLOT_BITS) - 1;

/** The ladder fields a conversation carries; the store does the rest. */
export interface LadderHolder {
  readonly id: number;
  ladderCount: number;
  /** Slot (page << 16 | index) in the store's pages once the ladder outgrew the arena, else -1. */
  ladderSlot: number;
}

export class LadderStore {
  readonly limit: number;
  private readonly headRows: number;
  private readonly slotInts: number;
  private arena = new Int32Array(INITIAL_ARENA_CONVERSATIONS * ARENA_ROWS * COLUMNS);
  private readonly maxPageSlots: number;
  /** A page is null once released. */
  private readonly pages: Array<Int32Array | null> = [];
  /** Slots per page whose ladder has not been released yet. */
  private readonly pageLive: number[] = [];
  /** Slots handed out in the last page. */
  private lastPageUsed = 0;

  constructor(limit: number) {
    this.limit = Math.max(0, Math.floor(limit));
    this.headRows = ladderHeadRows(this.limit);
    this.slotInts = this.limit * COLUMNS;
    this.maxPageSlots = Math.min(SLOT_MASK + 1, Math.max(1, Math.floor(MAX_PAGE_INTS / Math.max(1, this.slotInts))));
  }

  /** `marks`: LadderMeta.SYN_RETRANSMIT and CAPTURE_COPY bits. */
  add(holder: LadderHolder, frame: number, offsetUs: number, fromA: boolean, flags: number, sequence: number, acknowledgment: number, window: number, payloadLength: number, ttl: number, marks: number): void {
    const limit = this.limit;
    if (limit === 0) return;
    const count = holder.ladderCount++;
    const row = count < limit ? count : this.headRows + ((count - this.headRows) % (limit - this.headRows));
    let target: Int32Array;
    let base: number;
    if (holder.ladderSlot < 0 && row < ARENA_ROWS) {
      const arenaBase = holder.id * ARENA_ROWS * COLUMNS;
      if (arenaBase + ARENA_ROWS * COLUMNS > this.arena.length) this.growArena(holder.id);
      target = this.arena;
      base = arenaBase + row * COLUMNS;
    } else {
      if (holder.ladderSlot < 0) this.moveToSlot(holder);
      const slot = holder.ladderSlot;
      target = this.pages[slot >>> SLOT_BITS] as Int32Array;
      base = (slot & SLOT_MASK) * this.slotInts + row * COLUMNS;
    }
    const offsetSeconds = Math.floor(offsetUs / 1e6);
    target[base + LadderColumn.FRAME] = frame;
    target[base + LadderColumn.META] = (flags & 0xff) | ((ttl & 0xff) << 8) | (fromA ? LadderMeta.FROM_CLIENT : 0) | marks;
    target[base + LadderColumn.SEQUENCE] = sequence;
    target[base + LadderColumn.ACKNOWLEDGMENT] = acknowledgment;
    target[base + LadderColumn.WINDOW] = window;
    target[base + LadderColumn.PAYLOAD] = payloadLength;
    target[base + LadderColumn.OFFSET_SECONDS] = offsetSeconds;
    target[base + LadderColumn.OFFSET_MICROSECONDS] = offsetUs - offsetSeconds * 1e6;
  }

  /** Outgrew the arena: gives the holder a full-size slot and copies its arena rows there. */
  private moveToSlot(holder: LadderHolder): void {
    let last = this.pages.at(-1);
    if (last === undefined || last === null || this.lastPageUsed * this.slotInts === last.length) {
      const slots = Math.min(FIRST_PAGE_SLOTS * 2 ** this.pages.length, this.maxPageSlots);
      last = new Int32Array(slots * this.slotInts);
      this.pages.push(last);
      this.pageLive.push(0);
      this.lastPageUsed = 0;
    }
    const pageIndex = this.pages.length - 1;
    const index = this.lastPageUsed++;
    this.pageLive[pageIndex]++;
    holder.ladderSlot = (pageIndex << SLOT_BITS) | index;
    const arenaBase = holder.id * ARENA_ROWS * COLUMNS;
    last.set(this.arena.subarray(arenaBase, arenaBase + ARENA_ROWS * COLUMNS), index * this.slotInts);
  }

  private growArena(id: number): void {
    let size = this.arena.length;
    while ((id + 1) * ARENA_ROWS * COLUMNS > size) size *= 2;
    const grown = new Int32Array(size);
    grown.set(this.arena);
    this.arena = grown;
  }

  /**
   * Frees a holder's rows once the final report has copied them, and its page when that was the
   * page's last live ladder: with tens of thousands of conversations the stored ladders are tens
   * of MB, and keeping them while the report's copies are made would add the two. The holder
   * then reads as an empty ladder.
   */
  release(holder: LadderHolder): void {
    if (holder.ladderSlot >= 0) {
      const pageIndex = holder.ladderSlot >>> SLOT_BITS;
      if (--this.pageLive[pageIndex] === 0) {
        const buffer = (this.pages[pageIndex] as Int32Array).buffer;
        // Detaches the old-generation buffer; the young clone that now owns the memory dies at once.
        structuredClone(buffer, { transfer: [buffer] });
        this.pages[pageIndex] = null;
      }
    }
    holder.ladderSlot = -1;
    holder.ladderCount = 0;
  }

  /** Rows the holder's ladder yields: all it recorded, up to the limit. */
  storedRows(holder: LadderHolder): number {
    return Math.min(holder.ladderCount, this.limit);
  }

  /**
   * Copies the holder's rows in packet order (head, then the tail ring oldest first) into
   * `target` from row `at`, and returns how many were left out between head and tail.
   */
  copyRows(holder: LadderHolder, target: Int32Array, at: number): number {
    const inArena = holder.ladderSlot < 0;
    const data = inArena ? this.arena : (this.pages[holder.ladderSlot >>> SLOT_BITS] as Int32Array);
    const start = inArena ? holder.id * ARENA_ROWS * COLUMNS : (holder.ladderSlot & SLOT_MASK) * this.slotInts;
    const copy = (fromRow: number, rows: number, toRow: number) => target.set(data.subarray(start + fromRow * COLUMNS, start + (fromRow + rows) * COLUMNS), (at + toRow) * COLUMNS);
    const limit = this.limit;
    if (holder.ladderCount <= limit) {
      copy(0, holder.ladderCount, 0);
      return 0;
    }
    const headRows = this.headRows;
    const tailRows = limit - headRows;
    const oldest = (holder.ladderCount - headRows) % tailRows;
    copy(0, headRows, 0);
    copy(headRows + oldest, tailRows - oldest, headRows);
    copy(headRows, oldest, headRows + tailRows - oldest);
    return holder.ladderCount - limit;
  }
}
