/**
 * The snoop reader on base.snoop (editcap -F snoop of base.pcap) and on edited copies of it.
 * Expected packets and times come from expected.json (tshark); the outcome of each edit was
 * checked by running capinfos 4.0.17 on the same bytes, quoted beside each case.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CaptureErrorCode, LinkType } from '../../../../src/lib/capture/records';
import { memorySource } from '../../../../src/lib/io/memory-source';
import { EXPECTED, fixtureBytes, patched, readAll } from './support';

const base = fixtureBytes('base.snoop');
const frames = EXPECTED['base.snoop'].frames;
const FILE_HEADER = 16;
const RECORD_HEADER = 24;
/** Record length as snoop writes it: header and data, padded to 4 bytes. */
const recordLength = (captured: number) => Math.ceil((RECORD_HEADER + captured) / 4) * 4;
/** Offset of record `index` (0-based) in base.snoop. */
const recordOffset = (index: number) => FILE_HEADER + frames.slice(0, index).reduce((sum, frame) => sum + recordLength(frame.captured), 0);

async function read(name: string, bytes: Uint8Array, chunkSize = 64) {
  const { trace, records } = await readAll([memorySource(name, bytes)], { chunkSize });
  return { records, faults: trace.faults, files: trace.files };
}

/** base.snoop with its first record rewritten to carry `padding` bytes after the data (a Surveyor trailer when 20 or more). */
function withFirstRecordPadding(padding: number, datalink: number): Uint8Array {
  const captured = frames[0].captured;
  const header = base.slice(0, FILE_HEADER);
  new DataView(header.buffer).setUint32(12, datalink);
  const record = new Uint8Array(RECORD_HEADER + captured + padding);
  record.set(base.subarray(FILE_HEADER, FILE_HEADER + RECORD_HEADER + captured));
  new DataView(record.buffer).setUint32(8, record.length);
  const file = new Uint8Array(header.length + record.length);
  file.set(header);
  file.set(record, header.length);
  return file;
}

describe('snoop', () => {
  it('reads base.snoop as tshark does: six Ethernet packets, first and last time to the microsecond', async () => {
    const { records, faults, files } = await read('base.snoop', base);
    expect(faults).toEqual([]);
    expect(files[0]).toMatchObject({ format: 'snoop', version: '2', linkTypes: [LinkType.ETHERNET], timePrecisionDigits: 6 });
    expect(records).toHaveLength(EXPECTED['base.snoop'].capinfos_packets);
    expect([records[0].time, records.at(-1)?.time]).toEqual([frames[0].time, frames.at(-1)?.time]);
    expect(records.map((record) => record.offset)).toEqual(frames.map((_, index) => recordOffset(index)));
  });

  it('reads a gzip-compressed snoop file', async () => {
    const { records, faults, files } = await read('base.snoop.gz', gzipSync(base));
    expect(faults).toEqual([]);
    expect(files[0]).toMatchObject({ format: 'snoop', compressed: true });
    expect(records.map((record) => record.time)).toEqual(frames.map((frame) => frame.time));
  });

  it('reads a file with a header and no records as an empty capture (capinfos: 0 packets)', async () => {
    const { records, faults, files } = await read('empty.snoop', base.subarray(0, FILE_HEADER));
    expect([records.length, faults, files[0].linkTypes]).toEqual([0, [], [LinkType.ETHERNET]]);
  });

  // capinfos' "File encapsulation" for the same header with each datalink type: Ethernet, Ethernet, NULL/Loopback, NULL/Loopback.
  it.each([
    [0, LinkType.ETHERNET],
    [4, LinkType.ETHERNET],
    [9, LinkType.NULL],
    [14, LinkType.NULL],
  ])('maps datalink type %i to link type %i as wiretap does', async (datalink, linkType) => {
    const { records, files } = await read('datalink.snoop', patched(base, (_, view) => view.setUint32(12, datalink)));
    expect(records).toHaveLength(frames.length);
    expect(files[0].linkTypes).toEqual([linkType]);
  });

  it('names a datalink type Wireshark reads but we do not decode, with the conversion step (capinfos: Token Ring)', async () => {
    const { records, faults, files } = await read('ring.snoop', patched(base, (_, view) => view.setUint32(12, 2)));
    expect([records.length, files[0].format]).toEqual([0, 'snoop']);
    expect(faults[0]).toMatchObject({ code: CaptureErrorCode.Unsupported, offset: 12 });
    expect(faults[0].reason).toMatchInlineSnapshot(`"snoop datalink type 2 (token ring) is not decoded here: only Ethernet and loopback are"`);
    expect(faults[0].hint).toContain('editcap -F pcapng file.snoop file.pcapng');
  });

  it('says when no tool reads the datalink type (capinfos: "network type 99 unknown or unsupported")', async () => {
    const { faults } = await read('odd.snoop', patched(base, (_, view) => view.setUint32(12, 99)));
    expect(faults[0]).toMatchObject({ code: CaptureErrorCode.Unsupported, offset: 12 });
    expect(faults[0].hint).toContain('Wireshark does not read this datalink type either');
  });

  it('takes 20 or more bytes of padding in the first record for a Surveyor file and its datalink numbering (capinfos: Shomiti/Finisar Surveyor, Ethernet)', async () => {
    const { records, faults, files } = await read('surveyor.snoop', withFirstRecordPadding(22, 10));
    expect(faults).toEqual([]);
    expect([records.length, files[0].linkTypes]).toEqual([1, [LinkType.ETHERNET]]);
    // The same datalink type with snoop's usual padding is snoop's type 10, frame relay, which nobody reads.
    const plain = await read('frame-relay.snoop', withFirstRecordPadding(2, 10));
    expect(plain.faults[0]).toMatchObject({ code: CaptureErrorCode.Unsupported, offset: 12 });
  });

  it("refuses Surveyor's 802.11 type (18), which needs its radio header decoded", async () => {
    const { faults } = await read('wireless.snoop', withFirstRecordPadding(22, 18));
    expect(faults[0].reason).toBe('Shomiti/Surveyor snoop datalink type 18 (802.11 with radio header) is not decoded here: only Ethernet and loopback are');
  });

  it('refuses a version other than 2 to 5 (capinfos: "snoop: version 1 unsupported")', async () => {
    const { records, faults, files } = await read('v1.snoop', patched(base, (_, view) => view.setUint32(8, 1)));
    expect([records.length, files[0].format]).toEqual([0, 'snoop']);
    expect(faults[0]).toMatchObject({ code: CaptureErrorCode.Unsupported, offset: 8, reason: 'snoop version 1 unsupported (versions 2 to 5 are defined)' });
  });
});

describe('damaged snoop files keep the records before the damage', () => {
  it('a file shorter than its header faults short-read at 0', async () => {
    const { faults, files } = await read('tiny.snoop', base.subarray(0, 10));
    expect(files[0].format).toBe('snoop');
    expect(faults[0]).toMatchObject({ code: CaptureErrorCode.ShortRead, offset: 0, reason: 'snoop file header needs 16 bytes, file has 10' });
  });

  it('a file cut inside a record header faults short-read at that record', async () => {
    const { records, faults } = await read('cut.snoop', base.subarray(0, recordOffset(2) + 5));
    expect(records).toHaveLength(2);
    expect(faults[0]).toMatchObject({ code: CaptureErrorCode.ShortRead, offset: recordOffset(2), reason: 'snoop record header needs 24 bytes, file ends after 5' });
  });

  it('a file cut inside the last record faults short-read (capinfos: error after 5 packets, cut short)', async () => {
    const { records, faults } = await read('cut.snoop', base.subarray(0, base.length - 10));
    expect(records).toHaveLength(5);
    expect(faults[0]).toMatchObject({ code: CaptureErrorCode.ShortRead, offset: recordOffset(5) });
    expect(faults[0].reason).toMatchInlineSnapshot(`"snoop record needs 144 bytes (included length 119), file ends after 134"`);
  });

  it('a file missing only the padding of its last record is cut short too, as capinfos says', async () => {
    const { records, faults } = await read('cut-padding.snoop', base.subarray(0, base.length - 1));
    expect(records).toHaveLength(5);
    expect(faults[0]).toMatchObject({ code: CaptureErrorCode.ShortRead, offset: recordOffset(5) });
  });

  it('a record length of 0 is damage, not an endless loop (capinfos: error after 1 packet, damaged)', async () => {
    const { records, faults } = await read('zero.snoop', patched(base, (_, view) => view.setUint32(recordOffset(1) + 8, 0)));
    expect(records).toHaveLength(1);
    expect(faults[0]).toMatchObject({ code: CaptureErrorCode.BadFile, offset: recordOffset(1), reason: 'snoop record length 0 < 24-byte header + included length 67' });
  });

  it('a record length one byte short of header and data is damage', async () => {
    const short = RECORD_HEADER + frames[3].captured - 1;
    const { records, faults } = await read('short.snoop', patched(base, (_, view) => view.setUint32(recordOffset(3) + 8, short)));
    expect(records).toHaveLength(3);
    expect(faults[0]).toMatchObject({ code: CaptureErrorCode.BadFile, offset: recordOffset(3) });
    expect(faults[0].reason).toBe(`snoop record length ${short} < 24-byte header + included length ${frames[3].captured}`);
  });

  // capinfos reads on to the end of the file and calls it cut short; we stop at the field that is wrong.
  it('a huge record length is damage at once, without waiting for gigabytes of padding', async () => {
    const { records, faults } = await read('huge.snoop', patched(base, (_, view) => view.setUint32(recordOffset(1) + 8, 0xffffffff)), 16);
    expect(records).toHaveLength(1);
    expect(faults[0]).toMatchObject({ code: CaptureErrorCode.BadFile, offset: recordOffset(1) });
    expect(faults[0].reason).toMatchInlineSnapshot(`"snoop record length 4294967295 leaves 4294967204 bytes of padding after included length 67 (at most 256)"`);
  });

  it.each([
    ['included', 4, 'snoop record included length 2147483647 > maximum 262144'],
    ['original', 0, 'snoop record original length 2147483647 > maximum 262144'],
  ])('an %s length above the 262144-byte cap is damage', async (_, field, reason) => {
    const { records, faults } = await read('big.snoop', patched(base, (__, view) => view.setUint32(recordOffset(2) + field, 0x7fffffff)));
    expect(records).toHaveLength(2);
    expect(faults[0]).toMatchObject({ code: CaptureErrorCode.BadFile, offset: recordOffset(2), reason });
  });
});
