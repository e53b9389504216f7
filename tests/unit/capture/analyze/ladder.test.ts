import { describe, expect, it } from 'vitest';
import { LadderStore, type LadderHolder } from '../../../../src/lib/capture/analyze/ladder';
import { LADDER_COLUMNS, LadderMeta, ladderPackets } from '../../../../src/lib/capture/ladder-rows';

/** The holder's rows copied out after two rows of filler, so an offset mistake in copyRows shows. */
function rowsOf(store: LadderStore, holder: LadderHolder) {
  const rows = store.storedRows(holder);
  const target = new Int32Array((rows + 2) * LADDER_COLUMNS).fill(-1);
  const omitted = store.copyRows(holder, target, 2);
  expect(target.subarray(0, 2 * LADDER_COLUMNS).every((value) => value === -1)).toBe(true);
  // In the store the "from client" bit means "from side A".
  return { rows: ladderPackets(target.subarray(2 * LADDER_COLUMNS)), omitted };
}

function holders(count: number): LadderHolder[] {
  return Array.from({ length: count }, (_, id) => ({ id, ladderCount: 0, ladderSlot: -1 }));
}

/** Row `row` of conversation `id`: every field distinct, so a row read from the wrong place shows. */
function addRow(store: LadderStore, holder: LadderHolder, row: number): void {
  const id = holder.id;
  store.add(holder, id * 1000 + row, row * 1_500_000 + id, row % 2 === 0, row % 3 === 0 ? 0x18 : 0x10, 0xfffffff0 + row, id, 1000 + row, 7 * row, 64 - (row % 5), row === 1 ? LadderMeta.SYN_RETRANSMIT : 0);
}

describe('ladder store', () => {
  // 300 conversations with 12 rows each and a limit of 10: they all outgrow the arena's 4 rows,
  // filling pages of 64, 128 and 256 slots, and each keeps rows 0-4 and its last 5 (7-11).
  it('keeps every conversation its own head and tail across pages, added interleaved', () => {
    const store = new LadderStore(10);
    const conversations = holders(300);
    for (let row = 0; row < 12; row++) for (const holder of conversations) addRow(store, holder, row);
    for (const holder of [conversations[0], conversations[63], conversations[64], conversations[191], conversations[192], conversations[299]]) {
      const { rows, omitted } = rowsOf(store, holder);
      expect(omitted).toBe(2);
      expect(rows.map((row) => row.frame)).toEqual([0, 1, 2, 3, 4, 7, 8, 9, 10, 11].map((row) => holder.id * 1000 + row));
      expect(rows[6]).toEqual({
        frame: holder.id * 1000 + 8,
        offsetUs: 8 * 1_500_000 + holder.id,
        fromClient: true,
        flags: 0x10,
        seq: 0xfffffff8,
        ack: holder.id,
        window: 1008,
        payloadLength: 56,
        ttl: 61,
        initialTtl: 64,
        hops: 3,
        origin: 'client',
      });
      expect(rows[1]).toMatchObject({ synRetransmit: true, flags: 0x10, fromClient: false });
    }
  });

  it('leaves short conversations in the arena and reads them back in order', () => {
    const store = new LadderStore(40);
    const conversations = holders(3);
    for (let row = 0; row < 3; row++) for (const holder of conversations) addRow(store, holder, row);
    expect(conversations.map((holder) => holder.ladderSlot)).toEqual([-1, -1, -1]);
    expect(rowsOf(store, conversations[2]).rows.map((row) => row.frame)).toEqual([2000, 2001, 2002]);
  });

  it('release empties a ladder without disturbing those still held', () => {
    const store = new LadderStore(10);
    const conversations = holders(70);
    for (let row = 0; row < 6; row++) for (const holder of conversations) addRow(store, holder, row);
    // The first 64 fill the first page; releasing them all frees it while 64-69 live on the second.
    for (const holder of conversations.slice(0, 64)) store.release(holder);
    expect(rowsOf(store, conversations[10])).toEqual({ rows: [], omitted: 0 });
    expect(rowsOf(store, conversations[69]).rows.map((row) => row.frame)).toEqual([69000, 69001, 69002, 69003, 69004, 69005]);
  });
});
