import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ByteSource } from '../../../src/lib/capture/records';
import { blobSource } from '../../../src/lib/io/blob-source';
import { ByteWindow } from '../../../src/lib/io/byte-window';
import { inflateChunks, sequentialChunks, type ChunkPuller } from '../../../src/lib/io/chunk-source';
import { memorySource } from '../../../src/lib/io/memory-source';
import { RangeWindow } from '../../../src/lib/io/range-window';

const FIXTURES = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));
const bytes = Uint8Array.from({ length: 1000 }, (_, index) => (index * 7) & 0xff);

/** Wraps a source and logs every read, to count chunks and see what is read ahead. */
function counted(source: ByteSource): { source: ByteSource; reads: Array<[number, number]> } {
  const reads: Array<[number, number]> = [];
  return {
    reads,
    source: {
      name: source.name,
      size: source.size,
      read(offset, length) {
        reads.push([offset, length]);
        return source.read(offset, length);
      },
    },
  };
}

async function drain(puller: ChunkPuller): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for (let chunk = await puller.pull(); chunk; chunk = await puller.pull()) chunks.push(chunk);
  return chunks;
}

describe('memorySource and blobSource', () => {
  it('read the same ranges, clamped at the end', async () => {
    const memory = memorySource('m', bytes);
    const blob = blobSource(new Blob([bytes]), 'b');
    for (const [offset, length] of [[0, 10], [995, 10], [1000, 4], [400, 0]]) {
      expect(Array.from(await blob.read(offset, length))).toEqual(Array.from(await memory.read(offset, length)));
    }
    expect([memory.size, blob.size, blob.name]).toEqual([1000, 1000, 'b']);
  });

  it('blobSource takes a File name and streams the whole Blob', async () => {
    const source = blobSource(new File([bytes], 'trace.pcapng'));
    expect(source.name).toBe('trace.pcapng');
    const chunks = await drain(sequentialChunks(source));
    expect(Array.from(Buffer.concat(chunks))).toEqual(Array.from(bytes));
  });
});

describe('sequentialChunks without stream()', () => {
  it('reads chunk by chunk with the next read already in flight', async () => {
    const { source, reads } = counted(memorySource('m', bytes));
    const puller = sequentialChunks(source, 300);
    expect(reads).toEqual([[0, 300]]);
    await puller.pull();
    expect(reads).toEqual([[0, 300], [300, 300]]);
    const rest = await drain(puller);
    expect(rest.map((chunk) => chunk.length)).toEqual([300, 300, 100]);
    expect(reads).toHaveLength(4);
    expect(puller.bytesConsumed).toBe(1000);
  });
});

describe('sequentialChunks reusing buffers', () => {
  it('fills three buffers in turn through readInto, each chunk intact until the pull after next', async () => {
    const fills: number[] = [];
    const source: ByteSource = {
      ...memorySource('m', bytes),
      readInto(offset, target) {
        fills.push(offset);
        const part = bytes.subarray(offset, offset + target.length);
        target.set(part);
        return Promise.resolve(part.length);
      },
    };
    const puller = sequentialChunks(source, 300, true);
    const first = (await puller.pull()) as Uint8Array;
    const second = (await puller.pull()) as Uint8Array;
    expect(Array.from(first)).toEqual(Array.from(bytes.subarray(0, 300)));
    const third = (await puller.pull()) as Uint8Array;
    const fourth = (await puller.pull()) as Uint8Array;
    expect(Array.from(second)).toEqual(Array.from(bytes.subarray(300, 600)));
    expect(Array.from(third)).toEqual(Array.from(bytes.subarray(600, 900)));
    expect(Array.from(fourth)).toEqual(Array.from(bytes.subarray(900, 1000)));
    expect(fourth.buffer).toBe(first.buffer);
    expect(new Set([first.buffer, second.buffer, third.buffer]).size).toBe(3);
    expect(await puller.pull()).toBeNull();
    expect([fills, puller.bytesConsumed]).toEqual([[0, 300, 600, 900], 1000]);
  });

  it('allocates a chunk per read unless the caller asks for reuse', async () => {
    let fills = 0;
    const source: ByteSource = { ...memorySource('m', bytes), readInto: () => Promise.resolve(fills++) };
    const chunks = await drain(sequentialChunks(source, 300));
    expect([fills, chunks.length]).toEqual([0, 4]);
  });
});

describe('inflateChunks', () => {
  it('inflates gzip and counts compressed bytes as consumed', async () => {
    const gz = new Uint8Array(readFileSync(FIXTURES + 'base.pcapng.gz'));
    const puller = inflateChunks(sequentialChunks(memorySource('gz', gz), 100));
    const inflated = Buffer.concat(await drain(puller));
    expect(Array.from(inflated)).toEqual(Array.from(readFileSync(FIXTURES + 'base.pcapng')));
    expect(puller.bytesConsumed).toBe(gz.length);
  });
});

describe('ByteWindow', () => {
  it('carries only the unread tail over a chunk boundary and keeps file offsets', () => {
    const window = new ByteWindow();
    window.append(bytes.subarray(0, 100));
    window.position = 90;
    const second = bytes.subarray(100, 200);
    window.append(second);
    expect([window.base, window.position, window.remaining, window.fileOffset]).toEqual([90, 0, 110, 90]);
    expect(Array.from(window.bytes.subarray(0, 12))).toEqual(Array.from(bytes.subarray(90, 102)));
    window.position = window.bytes.length;
    const third = bytes.subarray(200, 300);
    window.append(third);
    // Nothing left unread: the new chunk is used as is, not copied.
    expect(window.bytes).toBe(third);
    expect(window.base).toBe(200);
  });
});

describe('RangeWindow', () => {
  it('serves forward ranges from few reads, reading the next window ahead once access goes on', async () => {
    const { source, reads } = counted(memorySource('m', bytes));
    const window = new RangeWindow(source, 256, bytes.length);
    await window.ensure(0, 16);
    expect(reads).toEqual([[0, 256]]);
    expect(window.has(100, 100)).toBe(true);
    await window.ensure(250, 20);
    // The straddling range keeps its held part, reads the next window and now reads ahead.
    expect(reads).toEqual([[0, 256], [256, 256], [512, 256]]);
    expect(Array.from(window.bytes.subarray(0, 20))).toEqual(Array.from(bytes.subarray(250, 270)));
    await window.ensure(900, 50);
    expect(reads.at(-1)).toEqual([900, 100]);
    expect(Array.from(window.bytes.subarray(0, 50))).toEqual(Array.from(bytes.subarray(900, 950)));
    expect(window.fetched).toBe(256 + 256 + 100);
  });

  it('reads a range larger than its chunk size in one go', async () => {
    const { source, reads } = counted(memorySource('m', bytes));
    const window = new RangeWindow(source, 64, 800);
    await window.ensure(100, 500);
    expect(window.has(100, 500)).toBe(true);
    // Nothing is read ahead after a seek.
    expect(reads).toEqual([[100, 500]]);
  });

  it('stops if the source returns less than its size promised, leaving the range unavailable', async () => {
    const short: ByteSource = { name: 's', size: 1000, read: (offset, length) => memorySource('s', bytes.subarray(0, 500)).read(offset, length) };
    const window = new RangeWindow(short, 256, 1000);
    await window.ensure(400, 300);
    expect(window.has(400, 300)).toBe(false);
  });
});
