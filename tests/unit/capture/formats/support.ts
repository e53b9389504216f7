import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openTrace, type OpenTraceOptions, type TraceReader } from '../../../../src/lib/capture/read-trace';
import type { ByteSource } from '../../../../src/lib/capture/records';
import { memorySource } from '../../../../src/lib/io/memory-source';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/formats/', import.meta.url));

export function fixture(name: string): ByteSource {
  return memorySource(name, new Uint8Array(readFileSync(FIXTURES + name)));
}

export function fixtureBytes(name: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(FIXTURES + name));
}

/** An ETL head as Windows writes it: a 72-byte WMI buffer header (64 KiB buffer), then a system trace header (version 2, 64-bit, flags 0xC0, hook 0). */
export function etlHead(): Uint8Array<ArrayBuffer> {
  const head = new Uint8Array(256);
  const view = new DataView(head.buffer);
  view.setUint32(0, 0x10000, true);
  view.setUint16(0x48, 2, true);
  head[0x4a] = 2;
  head[0x4b] = 0xc0;
  view.setUint16(0x4c, 0, true);
  return head;
}

export interface ExpectedFrame {
  time: string;
  length: number;
  captured: number;
}

export const EXPECTED: Record<string, { capinfos_file_type: string; capinfos_packets: number; frames: ExpectedFrame[] }> = JSON.parse(
  readFileSync(FIXTURES + 'expected.json', 'utf8'),
);

/** What a test needs from each record, copied out because readers reuse one FrameRecord. */
export interface SeenRecord {
  frameNumber: number;
  fileIndex: number;
  offset: number;
  linkType: number;
  interfaceId: number;
  time: string;
  tsSec: number;
  tsNsec: number;
  capturedLength: number;
  originalLength: number;
  firstByte: number;
}

export async function readAll(sources: ByteSource[], options?: OpenTraceOptions): Promise<{ trace: TraceReader; records: SeenRecord[] }> {
  const trace = await openTrace(sources, options);
  const records: SeenRecord[] = [];
  for (;;) {
    const record = trace.next();
    if (record) {
      records.push({
        frameNumber: record.frameNumber,
        fileIndex: record.fileIndex,
        offset: record.offset,
        linkType: record.linkType,
        interfaceId: record.interfaceId,
        time: `${record.tsSec}.${String(record.tsNsec).padStart(9, '0')}`,
        tsSec: record.tsSec,
        tsNsec: record.tsNsec,
        capturedLength: record.capturedLength,
        originalLength: record.originalLength,
        firstByte: record.data[record.dataOffset],
      });
      expect(record.dataOffset + record.capturedLength).toBeLessThanOrEqual(record.data.length);
      continue;
    }
    if (!(await trace.load())) break;
  }
  return { trace, records };
}

/** A copy of `bytes` with `edit` applied, for damage tests. */
export function patched(bytes: Uint8Array, edit: (copy: Uint8Array, view: DataView) => void): Uint8Array {
  const copy = bytes.slice();
  edit(copy, new DataView(copy.buffer));
  return copy;
}
