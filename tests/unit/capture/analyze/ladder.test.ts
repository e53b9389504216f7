import { describe, expect, it } from 'vitest';
import { LadderStore, type LadderHolder, type LadderRow } from '../../../../src/lib/capture/analyze/ladder';

/** The store hands out one scratch row; keeping rows means copying them. */
const copy = (row: Readonly<LadderRow>): LadderRow => ({ ...row });

function holders(count: number): LadderHolder[] {
  return Array.from({ length: count }, (_, id) => ({ id, ladderCount: 0, ladderSlot: -1 }));
}

/** Row `row` of conversation `id`: every field distinct, so a row read from the wrong place shows. */
function addRow(store: LadderStore, holder: LadderHolder, row: number): void {
  const id = holder.id;
  store.add(holder, id * 1000 + row, row * 1_500_000 + id, row % 2 === 0, row % 3 === 0 ? 0x18 : 0x10, 0xfffffff0 + row, id, 1000 + row, 7 * row, 64 - (row % 5), row === 1);
}

describe('ladder store', () => {
  // 300 conversations with 12 rows each and a limit of 10: they all outgrow the arena's 4 rows,
  // filling pages of 64, 128 and 256 slots, and each keeps rows 0-4 and its last 5 (7-11).
  it('keeps every conversation its own head and tail across pages, added interleaved', () => {
    const store = new LadderStore(10);
    const conversations = holders(300);
    for (let row = 0; row < 12; row++) for (const holder of conversations) addRow(store, holder, row);
    for (const holder of [conversations[0], conversations[63], conversations[64], conversations[191], conversations[192], conversations[299]]) {
      const { rows, omitted } = store.rows(holder, copy);
      expect(omitted).toBe(2);
      expect(rows.map((row) => row.frame)).toEqual([0, 1, 2, 3, 4, 7, 8, 9, 10, 11].map((row) => holder.id * 1000 + row));
      expect(rows[6]).toEqual({
        frame: holder.id * 1000 + 8,
        offsetUs: 8 * 1_500_000 + holder.id,
        fromA: true,
        flags: 0x10,
        sequence: 0xfffffff8,
        acknowledgment: holder.id,
        window: 1008,
        payloadLength: 56,
        ttl: 61,
        synRetransmit: false,
      });
      expect(rows[1]).toMatchObject({ synRetransmit: true, flags: 0x10, fromA: false });
    }
  });

  it('leaves short conversations in the arena and reads them back in order', () => {
    const store = new LadderStore(40);
    const conversations = holders(3);
    for (let row = 0; row < 3; row++) for (const holder of conversations) addRow(store, holder, row);
    expect(conversations.map((holder) => holder.ladderSlot)).toEqual([-1, -1, -1]);
    expect(store.rows(conversations[2], copy).rows.map((row) => row.frame)).toEqual([2000, 2001, 2002]);
  });

  it('release empties a ladder without disturbing those still held', () => {
    const store = new LadderStore(10);
    const conversations = holders(70);
    for (let row = 0; row < 6; row++) for (const holder of conversations) addRow(store, holder, row);
    // The first 64 fill the first page; releasing them all frees it while 64-69 live on the second.
    for (const holder of conversations.slice(0, 64)) store.release(holder);
    expect(store.rows(conversations[10], copy)).toEqual({ rows: [], omitted: 0 });
    expect(store.rows(conversations[69], copy).rows.map((row) => row.frame)).toEqual([69000, 69001, 69002, 69003, 69004, 69005]);
  });
});
