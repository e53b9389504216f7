import { describe, expect, it } from 'vitest';
import type { ByteSource } from '../../../src/lib/capture/records';
import { ByteWindow } from '../../../src/lib/io/byte-window';
import { memorySource } from '../../../src/lib/io/memory-source';
import { RangeWindow } from '../../../src/lib/io/range-window';

/** Length-prefixed records (u32 LE length, then the body): the shape every sequential capture format has. */
function recordFile(bodySizes: number[]): Uint8Array {
  const file = new Uint8Array(bodySizes.reduce((sum, size) => sum + 4 + size, 0));
  const view = new DataView(file.buffer);
  let position = 0;
  for (const size of bodySizes) {
    view.setUint32(position, size, true);
    for (let index = 0; index < size; index++) file[position + 4 + index] = (position + index * 31) & 0xff;
    position += 4 + size;
  }
  return file;
}

/** One record, or null when the window lacks bytes (as the format parsers behave). */
function parse(window: ByteWindow): { offset: number; body: Uint8Array } | null {
  const bytes = window.bytes;
  const start = window.position;
  if (bytes.length - start < 4) return null;
  const size = bytes[start] | (bytes[start + 1] << 8) | (bytes[start + 2] << 16) | (bytes[start + 3] << 24);
  // Misplaced bytes read as a length would otherwise make the test gather "records" until memory runs out.
  if (size < 0 || size > 100_000) throw new Error(`bad record length ${size} at ${window.fileOffset}`);
  if (bytes.length - start < 4 + size) return null;
  window.position = start + 4 + size;
  return { offset: window.fileOffset - 4 - size, body: bytes.subarray(start + 4, start + 4 + size) };
}

/** Drives a window as SequentialRecordReader does: parse, advance when short, append when advancing finds nothing. */
function readAll(file: Uint8Array, chunkSize: number): Array<{ offset: number; body: number[] }> {
  const window = new ByteWindow();
  const seen: Array<{ offset: number; body: number[] }> = [];
  let next = 0;
  for (;;) {
    const record = parse(window);
    if (record) {
      seen.push({ offset: record.offset, body: Array.from(record.body) });
      continue;
    }
    if (window.advance()) continue;
    if (window.final) break;
    if (next < file.length) {
      window.append(file.subarray(next, next + chunkSize));
      next += chunkSize;
    } else {
      window.finish();
    }
  }
  expect(window.remaining).toBe(0);
  return seen;
}

function expectedRecords(file: Uint8Array, bodySizes: number[]): Array<{ offset: number; body: number[] }> {
  let position = 0;
  return bodySizes.map((size) => {
    const record = { offset: position, body: Array.from(file.subarray(position + 4, position + 4 + size)) };
    position += 4 + size;
    return record;
  });
}

describe('ByteWindow bridging chunk boundaries', () => {
  // Bodies shorter and longer than the first bridge (2048 bytes), and longer than whole chunks.
  const sizes = [0, 1, 96, 1510, 2044, 2046, 5000, 9000, 20_000, 65_536, 3, 1400, 70_000, 12, 2500, 96, 96, 96];
  const file = recordFile([...sizes, ...sizes.slice().reverse()]);
  const expected = expectedRecords(file, [...sizes, ...sizes.slice().reverse()]);

  it.each([1, 7, 100, 3000, 10_000, 70_000, 1 << 20])('hands out every record whole with %i-byte chunks', (chunkSize) => {
    expect(readAll(file, chunkSize)).toEqual(expected);
  });

  it('copies only the straddling record, then reads the new chunk itself', () => {
    // 100-byte records and 10050-byte chunks: the record at 10000 straddles the first boundary by 50 bytes.
    const file = recordFile(Array.from({ length: 300 }, () => 96));
    const window = new ByteWindow();
    window.append(file.subarray(0, 10_050));
    for (let count = 0; count < 100; count++) expect(parse(window)).not.toBeNull();
    expect(parse(window)).toBeNull();
    const second = file.subarray(10_050, 20_050);
    window.append(second);
    // A bridge: the 50-byte tail plus the first 2048 bytes of the new chunk, not the whole chunk.
    expect([window.bytes.length, window.base, window.fileOffset]).toEqual([50 + 2048, 10_000, 10_000]);
    let parsed = 0;
    while (parse(window)) parsed++;
    expect(parsed).toBe(20);
    expect(window.advance()).toBe(true);
    expect(window.bytes).toBe(second);
    expect(window.fileOffset).toBe(12_000);
    while (parse(window)) parsed++;
    expect(parsed).toBe(100);
    expect(window.advance()).toBe(false);
  });

  it('doubles the bridge for a longer straddling record', () => {
    const file = recordFile([18_996, 4996, 96]);
    const window = new ByteWindow();
    window.append(file.subarray(0, 20_000));
    expect(parse(window)?.offset).toBe(0);
    expect(parse(window)).toBeNull();
    window.append(file.subarray(20_000));
    // Tail 1000 + 2048 cannot hold the 5000-byte record; 1000 + 4096 can.
    expect(window.bytes.length).toBe(3048);
    expect(parse(window)).toBeNull();
    expect(window.advance()).toBe(true);
    expect(window.bytes.length).toBe(1000 + 4096);
    expect(Array.from(parse(window)?.body ?? [])).toEqual(Array.from(file.subarray(19_004, 24_000)));
  });

  it('is final only once the waiting chunk is reached after the source ends, and knows where received bytes end', () => {
    const file = recordFile([96, 96, 96]);
    const window = new ByteWindow();
    window.append(file.subarray(0, 150));
    parse(window);
    window.append(file.subarray(150, 299));
    window.finish();
    expect(window.end).toBe(299);
    expect(window.final).toBe(false);
    expect(parse(window)?.offset).toBe(100);
    expect(parse(window)).toBeNull();
    expect(window.advance()).toBe(true);
    // The last record lacks its final byte: a parser now sees the end of the file.
    expect(window.final).toBe(true);
    expect([window.fileOffset, window.remaining]).toEqual([200, 99]);
  });
});

/** A source that logs its reads. */
function counted(bytes: Uint8Array): { source: ByteSource; reads: Array<[number, number]> } {
  const memory = memorySource('m', bytes);
  const reads: Array<[number, number]> = [];
  return {
    reads,
    source: {
      name: 'm',
      size: bytes.length,
      read(offset, length) {
        reads.push([offset, length]);
        return memory.read(offset, length);
      },
    },
  };
}

const bytes = Uint8Array.from({ length: 10_000 }, (_, index) => (index * 13 + (index >> 8)) & 0xff);

function expectRange(window: RangeWindow, offset: number, length: number): void {
  expect(window.has(offset, length)).toBe(true);
  const start = offset - window.base;
  // Buffer.equals rather than toEqual on arrays: thousands of ranges are checked.
  expect(Buffer.from(window.bytes.subarray(start, start + length)).equals(bytes.subarray(offset, offset + length))).toBe(true);
}

describe('RangeWindow bridging chunk boundaries', () => {
  it('bridges a straddling range, widens the bridge without reading, then serves the next chunk itself', async () => {
    const { source, reads } = counted(bytes);
    const window = new RangeWindow(source, 1000, bytes.length);
    await window.ensure(0, 16);
    expect(reads).toEqual([[0, 1000]]);
    await window.ensure(990, 16);
    expectRange(window, 990, 16);
    // Only the range is copied; access goes on, so the chunk after the next is read ahead.
    expect(window.bytes.length).toBe(16);
    expect(reads).toEqual([[0, 1000], [1000, 1000], [2000, 1000]]);
    // A NetMon reader asks for the record header, then the whole record: the bridge grows from itself.
    await window.ensure(990, 100);
    expectRange(window, 990, 100);
    expect(reads).toHaveLength(3);
    await window.ensure(1090, 16);
    expect([window.base, window.bytes.length]).toEqual([1000, 1000]);
    expectRange(window, 1090, 16);
    expect(reads).toHaveLength(3);
  });

  it('reads on as far as a straddling range longer than a chunk needs', async () => {
    const { source, reads } = counted(bytes);
    const window = new RangeWindow(source, 1000, bytes.length);
    await window.ensure(0, 16);
    await window.ensure(990, 1500);
    expectRange(window, 990, 1500);
    expect(reads).toEqual([[0, 1000], [1000, 1500], [2500, 1000]]);
  });

  it('reads little at a seek and doubles its reads while access goes on, reading ahead from a whole chunk', async () => {
    const big = new Uint8Array(1 << 20);
    const { source, reads } = counted(big);
    const window = new RangeWindow(source, 64 * 1024, big.length);
    await window.ensure(500_000, 16);
    for (let offset = 500_000; offset < 700_000; offset += 1000) await window.ensure(offset, 1000);
    const kb = 1024;
    expect(reads).toEqual([
      [500_000, 16 * kb], [500_000 + 16 * kb, 32 * kb], [500_000 + 48 * kb, 64 * kb], [500_000 + 112 * kb, 64 * kb], [500_000 + 176 * kb, 64 * kb],
      [500_000 + 240 * kb, 64 * kb],
    ]);
  });

  it('does not take a read-ahead shorter than the range at its offset', async () => {
    const { source, reads } = counted(bytes);
    const window = new RangeWindow(source, 7, bytes.length);
    await window.ensure(0, 7);
    await window.ensure(5, 4);
    await window.ensure(14, 16);
    expectRange(window, 14, 16);
    expect(reads).toEqual([[0, 7], [7, 7], [14, 7], [14, 16], [30, 7]]);
  });

  it('never reads into a buffer that a discarded read ahead may still be filling', async () => {
    // readInto calls wait here, and write their bytes only when the test lets them finish.
    const pending = new Map<number, () => void>();
    const source: ByteSource = {
      ...memorySource('m', bytes),
      readInto(offset, target) {
        return new Promise((resolve) => {
          pending.set(offset, () => {
            target.set(bytes.subarray(offset, offset + target.length));
            resolve(Math.min(target.length, bytes.length - offset));
          });
        });
      },
    };
    const finish = (offset: number): void => {
      (pending.get(offset) as () => void)();
      pending.delete(offset);
    };
    const window = new RangeWindow(source, 100, bytes.length);
    let ensuring = window.ensure(0, 16);
    finish(0);
    await ensuring;
    ensuring = window.ensure(95, 16);
    finish(100);
    await ensuring;
    // The read ahead at 200 is in flight, into the first chunk's buffer, when a seek to 500 discards it.
    ensuring = window.ensure(500, 16);
    finish(500);
    await ensuring;
    finish(200);
    expectRange(window, 500, 16);
    ensuring = window.ensure(600, 16);
    finish(600);
    await ensuring;
    expectRange(window, 600, 16);
  });

  it.each([7, 64, 1000])('serves any mix of forward ranges and seeks exactly with %i-byte chunks', async (chunkSize) => {
    const window = new RangeWindow(memorySource('m', bytes), chunkSize, bytes.length);
    let state = chunkSize;
    const random = (limit: number): number => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % limit;
    };
    let offset = 0;
    for (let step = 0; step < 2000; step++) {
      const length = 1 + random(random(4) === 0 ? 3000 : 200);
      if (random(20) === 0) offset = random(bytes.length);
      if (offset + length > bytes.length) offset = 0;
      await window.ensure(offset, Math.min(16, length));
      await window.ensure(offset, length);
      expectRange(window, offset, length);
      offset += length;
    }
  });
});
