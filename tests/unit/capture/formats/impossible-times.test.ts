/**
 * Records whose sub-second time field holds a whole second or more (impossible, yet found in real
 * files: tcpdump's timestamp_invalid_nano.pcap). The reader keeps the record, places it at the start
 * of its second (no earlier than the record before it in that second), and counts it per file.
 *
 * What Wireshark makes of such a record, on base.pcap with record 2's microseconds set to 1,000,000
 * and record 4's to 0xffffffff (`tshark -r impossible-us.pcap -T fields -e frame.number -e frame.time_epoch`):
 *   2  1704164645.1000000000
 *   4  -1704164646.000001000
 * one time with ten fraction digits, one negative; the untouched records keep their expected.json times.
 * The last case follows one such record into the report, which must say which packet to distrust.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../../src/lib/capture/analyze-capture';
import { memorySource } from '../../../../src/lib/io/memory-source';
import { EXPECTED, fixtureBytes, patched, readAll } from './support';

interface Layout {
  file: string;
  /** Bytes before the first record, and the record header's size. */
  fileHeader: number;
  recordHeader: number;
  /** Where the sub-second field sits in a record header, and its byte order. */
  unitsAt: number;
  littleEndian: boolean;
  unitsPerSecond: number;
  /** Bytes a record takes after its header, from its captured length. */
  body: (captured: number) => number;
}

const LAYOUTS: Layout[] = [
  { file: 'base.pcap', fileHeader: 24, recordHeader: 16, unitsAt: 4, littleEndian: true, unitsPerSecond: 1e6, body: (captured) => captured },
  { file: 'base-nsec.pcap', fileHeader: 24, recordHeader: 16, unitsAt: 4, littleEndian: true, unitsPerSecond: 1e9, body: (captured) => captured },
  // snoop pads each record (24-byte header and data) to 4 bytes; the microseconds are big-endian at 20.
  { file: 'base.snoop', fileHeader: 16, recordHeader: 24, unitsAt: 20, littleEndian: false, unitsPerSecond: 1e6, body: (captured) => Math.ceil((24 + captured) / 4) * 4 - 24 },
];

describe.each(LAYOUTS)('$file with impossible sub-second fields', (layout) => {
  const frames = EXPECTED[layout.file].frames;
  const recordOffset = (index: number) => layout.fileHeader + frames.slice(0, index).reduce((sum, frame) => sum + layout.recordHeader + layout.body(frame.captured), 0);
  const damaged = patched(fixtureBytes(layout.file), (_copy, view) => {
    view.setUint32(recordOffset(1) + layout.unitsAt, layout.unitsPerSecond, layout.littleEndian);
    view.setUint32(recordOffset(3) + layout.unitsAt, 0xffffffff, layout.littleEndian);
  });

  it('keeps every record, each damaged one at the start of its second but not before the record ahead of it', async () => {
    const { trace, records } = await readAll([memorySource(layout.file, damaged)], { chunkSize: 64 });
    expect(trace.faults).toEqual([]);
    const expected = frames.map((frame) => frame.time);
    // Record 2 shares its second (1704164645) with record 1, so it takes record 1's time; record 4
    // starts a new second (1704164646), so it takes that second's start.
    expected[1] = frames[0].time;
    expected[3] = '1704164646.000000000';
    expect(records.map((record) => record.time)).toEqual(expected);
    expect(trace.files[0].impossibleTimes).toEqual({ records: 2, firstRecord: 2 });
  });

  it('counts nothing in the file as it was written', async () => {
    const { trace } = await readAll([memorySource(layout.file, fixtureBytes(layout.file))]);
    expect(trace.files[0].impossibleTimes).toBeUndefined();
  });
});

it('reports a single damaged record by its number in the file', async () => {
  // base.pcap record 5 (0-based 4) with microseconds 1,000,000: the only impossible time in the file.
  const frames = EXPECTED['base.pcap'].frames;
  const offset = 24 + frames.slice(0, 4).reduce((sum, frame) => sum + 16 + frame.captured, 0);
  const bytes = patched(fixtureBytes('base.pcap'), (_copy, view) => view.setUint32(offset + 4, 1_000_000, true));
  const report = await analyzeCapture([memorySource('one-bad.pcap', bytes)]);
  const damaged = report.findings.filter((finding) => finding.kind === 'capture-damaged');
  expect(damaged.map((finding) => finding.summary)).toEqual([
    'one-bad.pcap: packet 5 of the file carries an impossible time stamp (a microsecond part of a whole second or more). ' +
      'This tool placed it at the start of its second, so times and delays involving it may be off by up to a second; ' +
      'Wireshark may show it out of order or at a negative time. The program that wrote the file recorded it wrongly: ' +
      'capture again with Wireshark or pktmon if those times matter.',
  ]);
});
