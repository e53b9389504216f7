/**
 * Damaged files: each fault names the field, its value and the limit, points at the offset,
 * and keeps the records read before it.
 */
import { describe, expect, it } from 'vitest';
import { memorySource } from '../../../../src/lib/io/memory-source';
import { EXPECTED, fixtureBytes, patched, readAll } from './support';

async function readBytes(name: string, bytes: Uint8Array, chunkSize = 64) {
  const { trace, records } = await readAll([memorySource(name, bytes)], { chunkSize });
  return { records, faults: trace.faults, files: trace.files };
}

const base = fixtureBytes('base.pcap');
const ng = fixtureBytes('base.pcapng');
const netmon = fixtureBytes('netmon2.cap');
const netmon23 = fixtureBytes('netmon23.cap');
const frames = EXPECTED['base.pcap'].frames;
/** Offset of pcap record `index` (0-based) in base.pcap: 24-byte file header, 16-byte record headers. */
const pcapRecordOffset = (index: number) => 24 + frames.slice(0, index).reduce((sum, frame) => sum + 16 + frame.captured, 0);

describe('pcap', () => {
  it('a file cut inside its last record keeps the records before and faults short-read at that record', async () => {
    const cut = base.subarray(0, base.length - 10);
    const { records, faults } = await readBytes('cut.pcap', cut);
    expect(records).toHaveLength(5);
    expect(faults).toMatchInlineSnapshot(`
      [
        {
          "code": "short-read",
          "file": "cut.pcap",
          "format": "pcap",
          "hint": undefined,
          "offset": ${pcapRecordOffset(5)},
          "reason": "pcap record needs 135 bytes (captured length 119), file ends after 125",
        },
      ]
    `);
  });

  it('a file cut inside a record header faults short-read', async () => {
    const { records, faults } = await readBytes('cut.pcap', base.subarray(0, pcapRecordOffset(2) + 5));
    expect(records).toHaveLength(2);
    expect(faults[0].reason).toMatchInlineSnapshot(`"pcap record header needs 16 bytes, file ends after 5"`);
  });

  it('a file shorter than its header faults short-read at 0', async () => {
    const { faults, files } = await readBytes('tiny.pcap', base.subarray(0, 10));
    expect(files).toHaveLength(1);
    expect(faults[0]).toMatchObject({ code: 'short-read', offset: 0, reason: 'pcap file header needs 24 bytes, file has 10' });
  });

  it('rejects a captured length above the 262144-byte cap before allocating anything', async () => {
    const bad = patched(base, (_, view) => view.setUint32(pcapRecordOffset(1) + 8, 0x7fffffff, true));
    const { records, faults } = await readBytes('huge.pcap', bad);
    expect(records).toHaveLength(1);
    expect(faults[0]).toMatchObject({ code: 'bad-file', offset: pcapRecordOffset(1) });
    expect(faults[0].reason).toMatchInlineSnapshot(`"pcap record captured length 2147483647 > maximum 262144"`);
  });

  it('calls an unknown major version unsupported, not damaged', async () => {
    const bad = patched(base, (_, view) => view.setUint16(4, 3, true));
    const { records, faults } = await readBytes('v3.pcap', bad);
    expect(records).toHaveLength(0);
    expect(faults[0]).toMatchObject({ code: 'unsupported', offset: 4, reason: 'pcap major version 3 unsupported (only 2 is defined)' });
  });

  it('passes an unknown link type on instead of faulting', async () => {
    const odd = patched(base, (_, view) => view.setUint32(20, 4242, true));
    const { records, faults, files } = await readBytes('odd.pcap', odd);
    expect([records.length, faults, files[0].linkTypes, records[0].linkType]).toEqual([6, [], [4242], 4242]);
  });
});

/** Offsets of the blocks in base.pcapng, walked by their lengths (little-endian). */
function blockOffsets(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const offsets: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += view.getUint32(offset + 4, true)) offsets.push(offset);
  return offsets;
}

describe('pcapng', () => {
  const blocks = blockOffsets(ng);
  const firstPacket = blocks[2];
  const secondPacket = blocks[3];

  it('checks a block length against the minimum for its type', async () => {
    const bad = patched(ng, (_, view) => view.setUint32(secondPacket + 4, 12, true));
    const { records, faults } = await readBytes('short-epb.pcapng', bad);
    expect(records).toHaveLength(1);
    expect(faults[0]).toMatchObject({ code: 'bad-file', format: 'pcapng', offset: secondPacket });
    expect(faults[0].reason).toMatchInlineSnapshot(`"pcapng EPB block length 12 < minimum 32"`);
  });

  it('checks that a block length is a multiple of 4', async () => {
    const bad = patched(ng, (_, view) => view.setUint32(firstPacket + 4, 90, true));
    const { faults } = await readBytes('odd-length.pcapng', bad);
    expect(faults[0].reason).toMatchInlineSnapshot(`"pcapng EPB block length 90 is not a multiple of 4"`);
  });

  it('caps a block length before buffering it', async () => {
    const bad = patched(ng, (_, view) => view.setUint32(firstPacket + 4, 0x7ffffff0, true));
    const { faults } = await readBytes('long.pcapng', bad);
    expect(faults[0].reason).toMatchInlineSnapshot(`"pcapng EPB block length 2147483632 > maximum 16777216"`);
  });

  it('checks that the trailing length equals the leading one', async () => {
    const length = new DataView(ng.buffer, ng.byteOffset).getUint32(firstPacket + 4, true);
    const bad = patched(ng, (_, view) => view.setUint32(firstPacket + length - 4, length + 4, true));
    const { faults } = await readBytes('trailer.pcapng', bad);
    expect(faults[0]).toMatchObject({ offset: firstPacket });
    expect(faults[0].reason).toBe(`pcapng EPB trailing block length ${length + 4} != leading length ${length}`);
  });

  it('rejects a packet on an interface the section never described', async () => {
    const bad = patched(ng, (_, view) => view.setUint32(secondPacket + 8, 3, true));
    const { records, faults } = await readBytes('iface.pcapng', bad);
    expect(records).toHaveLength(1);
    expect(faults[0].reason).toMatchInlineSnapshot(`"pcapng EPB interface id 3 >= 1 interfaces described in this section"`);
  });

  it('rejects a captured length larger than its block', async () => {
    const bad = patched(ng, (_, view) => view.setUint32(firstPacket + 20, 4000, true));
    const { faults } = await readBytes('caplen.pcapng', bad);
    expect(faults[0].reason).toMatchInlineSnapshot(`"pcapng EPB captured length 4000 > 56 bytes of block body"`);
  });

  it('rejects an option running past its block', async () => {
    // The SHB's first option (shb_hardware or similar) starts at byte 24.
    const bad = patched(ng, (_, view) => view.setUint16(26, 0x3030, true));
    const { faults } = await readBytes('option.pcapng', bad);
    expect(faults[0]).toMatchObject({ code: 'bad-file', offset: 24 });
    expect(faults[0].reason).toMatch(/^pcapng SHB option \d+ length 12336 > \d+ bytes left in block$/);
  });

  it('rejects a bad byte-order magic', async () => {
    const bad = patched(ng, (_, view) => view.setUint32(8, 0x01020304, true));
    const { faults } = await readBytes('bom.pcapng', bad);
    expect(faults[0]).toMatchObject({ offset: 8 });
    expect(faults[0].reason).toMatchInlineSnapshot(`"pcapng byte-order magic 0x1020304 is neither 0x1a2b3c4d nor 0x4d3c2b1a"`);
  });

  it('a file cut inside a block keeps the packets before it', async () => {
    const { records, faults } = await readBytes('cut.pcapng', ng.subarray(0, secondPacket + 40));
    expect(records).toHaveLength(1);
    expect(faults[0]).toMatchObject({ code: 'short-read', offset: secondPacket });
    expect(faults[0].reason).toMatch(/^pcapng EPB block needs \d+ bytes, file ends after 40$/);
  });

  it('skips blocks of unknown type safely', async () => {
    const custom = new Uint8Array(16);
    const view = new DataView(custom.buffer);
    view.setUint32(0, 0x0badcafe, true);
    view.setUint32(4, 16, true);
    view.setUint32(12, 16, true);
    const joined = new Uint8Array(ng.length + 16);
    joined.set(ng.subarray(0, firstPacket));
    joined.set(custom, firstPacket);
    joined.set(ng.subarray(firstPacket), firstPacket + 16);
    const { records, faults } = await readBytes('custom.pcapng', joined);
    expect([records.length, faults]).toEqual([6, []]);
  });
});

describe('NetMon', () => {
  it('reports a frame table that points past the end of the file, after reading the records in file order', async () => {
    const bad = patched(netmon, (_, view) => view.setUint32(24, netmon.length + 0x100, true));
    const { records, faults, files } = await readBytes('table.cap', bad);
    // The table is still there, read as records once the real ones end: its 24 bytes hold no whole record.
    expect(records.map((record) => record.time)).toEqual(EXPECTED['netmon2.cap'].frames.map((frame) => frame.time));
    expect(files).toHaveLength(1);
    expect(faults[0]).toMatchObject({ code: 'short-read', format: 'netmon' });
    expect(faults[0].reason).toMatch(/^netmon frame 7 needs \d+ bytes, file ends after 24; the file was cut short before its frame table, and 6 records were read in file order without it$/);
  });

  // Network Monitor writes its frame table last, so a file copied while the capture ran, or cut on
  // the way, has records and no table: they are read in file order, as far as they go.
  describe.each(['netmon1.cap', 'netmon2.cap', 'netmon21.cap', 'netmon22.cap', 'netmon23.cap', 'netmon23-specials.cap'])('%s cut short', (name) => {
    const whole = fixtureBytes(name);
    const header = new DataView(whole.buffer, whole.byteOffset);
    const tableOffset = header.getUint32(24, true);
    // Records the whole file's table lists; NetMon 3 special records among them give no packet.
    const recordCount = header.getUint32(28, true) / 4;
    const expected = EXPECTED[name].frames;
    const times = (records: Array<{ time: string }>) => records.map((record) => record.time);
    const lengths = (records: Array<{ capturedLength: number; originalLength: number }>) => records.map((record) => [record.originalLength, record.capturedLength]);

    it('at its frame table keeps every frame tshark reads in the whole file, and names the missing table', async () => {
      for (const cut of [tableOffset, tableOffset + 6]) {
        const { records, faults } = await readBytes('cut.cap', whole.subarray(0, cut));
        expect(times(records)).toEqual(expected.map((frame) => frame.time));
        expect(lengths(records)).toEqual(expected.map((frame) => [frame.length, frame.captured]));
        expect(faults).toHaveLength(1);
        expect(faults[0]).toMatchObject({ code: 'bad-file', offset: 24 });
        expect(faults[0].reason).toMatch(new RegExp(`points past end of file \\(size 0x${cut.toString(16)}\\); the file was cut short before its frame table, and ${recordCount} records were read in file order without it$`));
      }
    });

    it('inside its last record keeps the frames before it and faults short-read there', async () => {
      const { records, faults } = await readBytes('cut.cap', whole.subarray(0, tableOffset - 5));
      expect(times(records)).toEqual(expected.slice(0, -1).map((frame) => frame.time));
      expect(faults[0]).toMatchObject({ code: 'short-read' });
      expect(faults[0].reason).toMatch(new RegExp(`^netmon frame ${recordCount} needs \\d+ bytes, file ends after \\d+; .* and ${recordCount - 1} records were read`));
    });
  });

  it('reports a frame table length that is not a whole number of entries', async () => {
    const bad = patched(netmon, (_, view) => view.setUint32(28, 22, true));
    const { faults } = await readBytes('table.cap', bad);
    expect(faults[0].reason).toMatchInlineSnapshot(`"netmon frame table length 22 is not a multiple of 4"`);
  });

  it('reports a frame table entry pointing past the end, after delivering the frames before it', async () => {
    const tableOffset = new DataView(netmon.buffer, netmon.byteOffset).getUint32(24, true);
    const bad = patched(netmon, (_, view) => view.setUint32(tableOffset + 8, 0xfffffff0, true));
    const { records, faults } = await readBytes('entry.cap', bad);
    expect(records).toHaveLength(2);
    expect(faults[0]).toMatchObject({ code: 'bad-file', offset: tableOffset + 8 });
    expect(faults[0].reason).toBe(`netmon frame table entry 3 offset 0xfffffff0 points past end of file (size 0x${netmon.length.toString(16)})`);
  });

  it('reports a frame whose data runs past the end of the file as a short read at that frame', async () => {
    const tableOffset = new DataView(netmon.buffer, netmon.byteOffset).getUint32(24, true);
    const last = new DataView(netmon.buffer, netmon.byteOffset).getUint32(tableOffset + 20, true);
    const bad = patched(netmon, (_, view) => view.setUint32(last + 12, 5000, true));
    const { records, faults } = await readBytes('frame.cap', bad);
    expect(records).toHaveLength(5);
    expect(faults[0]).toMatchObject({ code: 'short-read', offset: last });
    expect(faults[0].reason).toBe(`netmon frame 6 needs 5016 bytes, file ends after ${netmon.length - last}`);
  });

  it('calls a major version 3 file unsupported', async () => {
    const bad = patched(netmon23, (copy) => {
      copy[5] = 3;
    });
    const { faults } = await readBytes('v3.cap', bad);
    expect(faults[0]).toMatchObject({ code: 'unsupported', reason: 'netmon major version 3 unsupported (1 and 2 are defined)' });
  });

  it('a file shorter than its header faults short-read', async () => {
    const { faults } = await readBytes('tiny.cap', netmon.subarray(0, 40));
    expect(faults[0]).toMatchObject({ code: 'short-read', offset: 0, reason: 'netmon file header needs 128 bytes, file has 40' });
  });
});

describe('gzip', () => {
  it('reports corrupt compressed data as damage', async () => {
    const gz = fixtureBytes('base.pcapng.gz');
    const bad = patched(gz, (copy) => copy.fill(0x55, 20, 120));
    const { faults } = await readBytes('bad.pcapng.gz', bad);
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ code: 'bad-file', file: 'bad.pcapng.gz' });
  });

  it('a wrong CRC in the gzip trailer faults after the packets that inflated were delivered', async () => {
    const gz = fixtureBytes('base.pcapng.gz');
    const bad = patched(gz, (copy) => {
      copy[copy.length - 8] ^= 0xff;
    });
    const { records, faults } = await readBytes('crc.pcapng.gz', bad);
    // The platform may hold back the last inflated bytes when the check fails; what it gave is intact.
    expect(records.length).toBeGreaterThan(0);
    expect(records.map((record) => record.time)).toEqual(EXPECTED['base.pcapng'].frames.slice(0, records.length).map((frame) => frame.time));
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ code: 'bad-file', file: 'crc.pcapng.gz', format: 'pcapng' });
    expect(faults[0].reason).toMatch(/^gzip data could not be inflated after \d+ bytes of output: /);
  });

  it('a gzip stream cut short keeps what inflated and faults', async () => {
    const gz = fixtureBytes('base.pcapng.gz');
    const { records, faults } = await readBytes('cut.pcapng.gz', gz.subarray(0, gz.length - 12));
    expect(records.length).toBeGreaterThan(0);
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ code: 'bad-file', file: 'cut.pcapng.gz', format: 'pcapng' });
    expect(faults[0].reason).toMatch(/^gzip data could not be inflated after \d+ bytes of output: /);
  });

  it('caps the inflated size of a compressed NetMon file, with a clear message', async () => {
    const { trace } = await readAll([memorySource('big.cap.gz', fixtureBytes('netmon23.cap.gz'))], { maxInflatedNetmonBytes: 500 });
    expect(trace.files).toEqual([]);
    expect(trace.faults[0]).toMatchObject({ code: 'unsupported', format: 'netmon' });
    expect(trace.faults[0].reason).toMatchInlineSnapshot(
      `"gzip-compressed Network Monitor file inflates to more than 500 bytes, the most held in memory to seek its frame table"`,
    );
  });
});
