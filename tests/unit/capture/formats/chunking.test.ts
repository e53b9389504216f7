/**
 * Records that straddle chunk boundaries, of every size from a bare header to one longer than
 * several chunks, come out whole and in order whatever the chunking and whichever way the
 * source delivers bytes (read() calls, reads into reused buffers, or a stream). Files are built here so the expected frames
 * are known by construction.
 */
import { describe, expect, it } from 'vitest';
import { openTrace } from '../../../../src/lib/capture/read-trace';
import { frameBytes, type ByteSource } from '../../../../src/lib/capture/records';
import { memorySource } from '../../../../src/lib/io/memory-source';

const SIZES = [60, 1514, 2100, 5000, 9000, 65_535, 200_000, 14, ...Array.from({ length: 20 }, () => 1514), 3000];
const FRAMES = [...SIZES, ...SIZES.slice().reverse(), ...SIZES].map((size, index) => {
  const data = new Uint8Array(size);
  for (let position = 0; position < size; position++) data[position] = (position * 7 + index * 13) & 0xff;
  // Whole seconds from 2024-01-02T00:00:00Z plus index milliseconds.
  return { data, seconds: 1_704_153_600 + Math.floor(index / 1000), microseconds: (index % 1000) * 1000 };
});

class Writer {
  bytes = new Uint8Array(4 << 20);
  view = new DataView(this.bytes.buffer);
  length = 0;
  u16(value: number): void {
    this.view.setUint16(this.length, value, true);
    this.length += 2;
  }
  u32(value: number): void {
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }
  raw(data: Uint8Array): void {
    this.bytes.set(data, this.length);
    this.length += data.length;
  }
  done(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

function pcapFile(): Uint8Array {
  const out = new Writer();
  out.u32(0xa1b2c3d4);
  out.u16(2);
  out.u16(4);
  [0, 0, 262_144, 1].forEach((value) => out.u32(value));
  for (const frame of FRAMES) {
    [frame.seconds, frame.microseconds, frame.data.length, frame.data.length].forEach((value) => out.u32(value));
    out.raw(frame.data);
  }
  return out.done();
}

function pcapngFile(): Uint8Array {
  const out = new Writer();
  [0x0a0d0d0a, 28, 0x1a2b3c4d].forEach((value) => out.u32(value));
  out.u16(1);
  out.u16(0);
  [0xffffffff, 0xffffffff, 28].forEach((value) => out.u32(value));
  [1, 20].forEach((value) => out.u32(value));
  out.u16(1);
  out.u16(0);
  [0, 20].forEach((value) => out.u32(value));
  for (const frame of FRAMES) {
    const padded = (frame.data.length + 3) & ~3;
    const ticks = frame.seconds * 1_000_000 + frame.microseconds;
    [6, 32 + padded, 0, Math.floor(ticks / 4294967296), ticks % 4294967296, frame.data.length, frame.data.length].forEach((value) => out.u32(value));
    out.raw(frame.data);
    out.length += padded - frame.data.length;
    out.u32(32 + padded);
  }
  return out.done();
}

/** NetMon 2.0 (no per-record trailer): header, records, then the frame table they are found by, listed in `order`. */
function netmonFile(order = FRAMES.map((_, index) => index)): Uint8Array {
  const out = new Writer();
  out.raw(new TextEncoder().encode('GMBU'));
  out.raw(Uint8Array.of(0, 2));
  out.u16(1);
  // SYSTEMTIME 2024-01-02 00:00:00.000: year, month, day of week, day, hour, minute, second, millisecond.
  [2024, 1, 2, 2, 0, 0, 0, 0].forEach((value) => out.u16(value));
  out.length = 128;
  const offsets: number[] = [];
  FRAMES.forEach((frame, index) => {
    offsets.push(out.length);
    [index * 1000, 0, frame.data.length, frame.data.length].forEach((value) => out.u32(value));
    out.raw(frame.data);
  });
  const table = out.length;
  order.forEach((index) => out.u32(offsets[index]));
  out.view.setUint32(24, table, true);
  out.view.setUint32(28, offsets.length * 4, true);
  return out.done();
}

/** A source whose stream() hands out fixed-size chunks, as Blob.stream() does (64 KiB in Node). */
function streamed(name: string, bytes: Uint8Array, chunkSize: number): ByteSource {
  return {
    ...memorySource(name, bytes),
    stream() {
      let position = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (position >= bytes.length) controller.close();
          else controller.enqueue(bytes.slice(position, (position += chunkSize)));
        },
      });
    },
  };
}

/** A source that can fill a caller's buffer, as the CLI's file source does, so chunk buffers get reused. */
function fillable(name: string, bytes: Uint8Array): ByteSource {
  return {
    ...memorySource(name, bytes),
    readInto(offset, target) {
      const part = bytes.subarray(offset, offset + target.length);
      target.set(part);
      return Promise.resolve(part.length);
    },
  };
}

async function expectAllFrames(source: ByteSource, chunkSize: number): Promise<void> {
  const trace = await openTrace([source], { chunkSize });
  let index = 0;
  for (;;) {
    for (let record = trace.next(); record !== null; record = trace.next()) {
      const frame = FRAMES[index++];
      expect([record.frameNumber, record.capturedLength, record.tsSec, record.tsNsec]).toEqual([index, frame.data.length, frame.seconds, frame.microseconds * 1000]);
      expect(Buffer.from(frameBytes(record)).equals(frame.data)).toBe(true);
    }
    if (!(await trace.load())) break;
  }
  expect(trace.faults).toEqual([]);
  expect(index).toBe(FRAMES.length);
}

describe.each([
  ['pcap', pcapFile()],
  ['pcapng', pcapngFile()],
  ['netmon', netmonFile()],
])('%s records across chunk boundaries', (format, bytes) => {
  it.each([1000, 4096, 65_536, 1 << 20])('read() in %i-byte chunks', async (chunkSize) => {
    await expectAllFrames(memorySource(`frames.${format}`, bytes), chunkSize);
  });

  it.each([1000, 4096, 65_536])('readInto() reused buffers of %i bytes', async (chunkSize) => {
    await expectAllFrames(fillable(`frames.${format}`, bytes), chunkSize);
  });

  it.each([4093, 65_536, 1 << 20])('stream() of %i-byte chunks', async (streamChunk) => {
    await expectAllFrames(streamed(`frames.${format}`, bytes, streamChunk), 1 << 20);
  });
});

describe('NetMon frame table out of file order', () => {
  it('alternating between two halves of the file reads each half about once', async () => {
    const half = FRAMES.length >> 1;
    const order = FRAMES.flatMap((_, index) => (index < half ? [index, half + index] : index === 2 * half ? [index] : []));
    const bytes = netmonFile(order);
    let read = 0;
    const memory = fillable('alternating.cap', bytes);
    const source: ByteSource = {
      ...memory,
      read(offset, length) {
        read += Math.max(0, Math.min(length, bytes.length - offset));
        return memory.read(offset, length);
      },
      readInto(offset, target) {
        read += Math.max(0, Math.min(target.length, bytes.length - offset));
        return (memory.readInto as NonNullable<ByteSource['readInto']>)(offset, target);
      },
    };
    const trace = await openTrace([source], { chunkSize: 64 * 1024 });
    const seen: number[] = [];
    for (;;) {
      for (let record = trace.next(); record !== null; record = trace.next()) {
        const index = order[seen.length];
        expect(Buffer.from(frameBytes(record)).equals(FRAMES[index].data)).toBe(true);
        seen.push(index);
      }
      if (!(await trace.load())) break;
    }
    expect([trace.faults, seen]).toEqual([[], order]);
    // Reading a whole chunk at each switch between the halves read over ten times the file.
    expect(read).toBeLessThan(1.5 * bytes.length);
  });
});
