import { describe, expect, it } from 'vitest';
import { LinkType } from '../../../../src/lib/capture/records';
import { blobSource } from '../../../../src/lib/io/blob-source';
import { memorySource } from '../../../../src/lib/io/memory-source';
import { EXPECTED, fixture, fixtureBytes, patched, readAll } from './support';

/** capinfos file type -> our format name and version. */
const FORMAT: Record<string, { format: string; version: string }> = {
  pcap: { format: 'pcap', version: '2.4' },
  nsecpcap: { format: 'pcap', version: '2.4' },
  modpcap: { format: 'pcap', version: '2.4' },
  suse6_3pcap: { format: 'pcap', version: '2.4' },
  rh6_1pcap: { format: 'pcap', version: '2.4' },
  nokiapcap: { format: 'pcap', version: '2.4' },
  pcapng: { format: 'pcapng', version: '1.0' },
  netmon1: { format: 'netmon', version: '1.1' },
  netmon2: { format: 'netmon', version: '2.x' },
  snoop: { format: 'snoop', version: '2' },
};

/** Files whose frames tshark and capinfos agree on (every record is a packet with a time). */
const PLAIN = Object.keys(EXPECTED).filter((name) => EXPECTED[name].capinfos_packets === EXPECTED[name].frames.length);

describe.each(PLAIN)('%s', (name) => {
  const expected = EXPECTED[name];

  it.each([7, 64, 1 << 20])('matches tshark frame by frame with %i-byte chunks', async (chunkSize) => {
    const { trace, records } = await readAll([fixture(name)], { chunkSize });
    expect(trace.faults).toEqual([]);
    expect(records.map((record) => record.time)).toEqual(expected.frames.map((frame) => frame.time));
    expect(records.map((record) => record.originalLength)).toEqual(expected.frames.map((frame) => frame.length));
    expect(records.map((record) => record.capturedLength)).toEqual(expected.frames.map((frame) => frame.captured));
    expect(records.map((record) => record.frameNumber)).toEqual(expected.frames.map((_, index) => index + 1));
  });

  it('reads the same through a Blob (the browser path, streamed)', async () => {
    const { trace, records } = await readAll([blobSource(new Blob([fixtureBytes(name)]), name)]);
    expect(trace.faults).toEqual([]);
    expect(records.map((record) => record.time)).toEqual(expected.frames.map((frame) => frame.time));
  });

  it('names the format and version capinfos names', async () => {
    const { trace } = await readAll([fixture(name)]);
    const { format, version } = FORMAT[expected.capinfos_file_type];
    expect(trace.files[0].format).toBe(format);
    if (version.endsWith('.x')) expect(trace.files[0].version).toMatch(/^2\.[0-3]$/);
    else expect(trace.files[0].version).toBe(version);
    expect(trace.files[0].compressed ?? false).toBe(name.endsWith('.gz'));
    expect(trace.bytesRead).toBe(trace.bytesTotal);
  });
});

describe('time precision', () => {
  it.each([
    ['base.pcap', 6],
    ['base-nsec.pcap', 9],
    ['base.pcapng', 6],
    ['base-nsec.pcapng', 9],
    ['two-sections.pcapng', 9],
    ['netmon1.cap', 3],
    ['netmon2.cap', 9],
    ['netmon23.cap', 9],
    ['base.snoop', 6],
  ])('%s carries %i digits', async (name, digits) => {
    const { trace } = await readAll([fixture(name)]);
    expect(trace.files[0].timePrecisionDigits).toBe(digits);
  });
});

describe('pcapng blocks editcap does not write', () => {
  it('reads a big-endian section after a little-endian one, with 2^-20 s ticks and if_tsoffset, an obsolete PB, and skips NRB/ISB/DSB', async () => {
    const { trace, records } = await readAll([fixture('mixed-order.pcapng')], { chunkSize: 50 });
    expect(trace.faults).toEqual([]);
    expect(records.map((record) => record.time)).toEqual(EXPECTED['mixed-order.pcapng'].frames.map((frame) => frame.time));
    expect(trace.files[0].timePrecisionDigits).toBe(6);
    // Interface ids stay unique across sections: the second section's interface 0 is the file's interface 1.
    expect(records.map((record) => record.interfaceId)).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
    expect(trace.files[0].linkTypes).toEqual([1]);
  });

  it('counts the packets capinfos counts when a section also holds a custom block and a Simple Packet Block', async () => {
    const expected = EXPECTED['extra-blocks.pcapng'];
    const { trace, records } = await readAll([fixture('extra-blocks.pcapng')]);
    expect(trace.faults).toEqual([]);
    expect(records).toHaveLength(expected.capinfos_packets);
    // tshark numbers the custom block as a frame with no time; we deliver packets only (see the report's known differences).
    const packets = expected.frames.filter((frame) => frame.length !== 12);
    expect(records.map((record) => record.originalLength)).toEqual(packets.map((frame) => frame.length));
    // An SPB carries no timestamp: it takes the previous packet's time so merged order stays stable.
    expect(records.at(-1)?.time).toBe(records.at(-2)?.time);
  });
});

describe('NetMon frame table', () => {
  it('is followed even when it lists records out of file order, as tshark does', async () => {
    const bytes = fixtureBytes('netmon23.cap');
    const view = new DataView(bytes.buffer);
    const table = view.getUint32(24, true);
    // Swap the table entries of frames 2 and 5: the records stay where they are in the file.
    const second = view.getUint32(table + 4, true);
    view.setUint32(table + 4, view.getUint32(table + 16, true), true);
    view.setUint32(table + 16, second, true);
    const { trace, records } = await readAll([memorySource('reordered.cap', bytes)], { chunkSize: 128 });
    const times = EXPECTED['netmon23.cap'].frames.map((frame) => frame.time);
    [times[1], times[4]] = [times[4], times[1]];
    expect(trace.faults).toEqual([]);
    expect(records.map((record) => record.time)).toEqual(times);
    expect(records.map((record) => record.frameNumber)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('NetMon 3 special frames', () => {
  it('numbers a NetEvent frame as tshark does and drops the payload header frame, counting both', async () => {
    const { trace, records } = await readAll([fixture('netmon23-specials.cap')]);
    expect(records.map((record) => record.linkType)).toEqual([1, 1, 1, LinkType.NETMON_SPECIAL, 1, 1, 1]);
    expect(trace.perFile[0].skipped).toEqual({ 'netmon-payload-header': 1, 'netmon-event': 1 });
    expect(trace.perFile[0].packets).toBe(7);
    expect(trace.files[0].linkTypes).toEqual([1, LinkType.NETMON_SPECIAL]);
  });
});

describe('several files are one trace', () => {
  const whole = EXPECTED['netmon2.cap'].frames.map((frame) => frame.time);

  it.each([
    [['chain.cap', 'chain(1).cap', 'chain(2).cap']],
    [['chain(2).cap', 'chain.cap', 'chain(1).cap']],
    [['chain(1).cap', 'chain(2).cap', 'chain.cap']],
  ])('a chained NetMon set given as %j comes out in capture order', async (names) => {
    const { trace, records } = await readAll(names.map(fixture), { chunkSize: 64 });
    expect(records.map((record) => record.time)).toEqual(whole);
    expect(records.map((record) => record.frameNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(trace.files.map((file) => file.name)).toEqual(names);
    const chainIndex = names.indexOf('chain.cap');
    expect(records.slice(0, 2).map((record) => record.fileIndex)).toEqual([chainIndex, chainIndex]);
    expect(trace.perFile.map((file) => file.packets)).toEqual([2, 2, 2]);
  });

  it('interleaves files by time, equal times in file order', async () => {
    // base.pcap with the last byte of every packet flipped: the same times, other packets.
    const altered = patched(fixtureBytes('base.pcap'), (copy, view) => {
      for (let offset = 24; offset < copy.length; offset += 16 + view.getUint32(offset + 8, true)) copy[offset + 16 + view.getUint32(offset + 8, true) - 1] ^= 0xff;
    });
    const { trace, records } = await readAll([memorySource('altered.pcap', altered), fixture('base.pcapng')]);
    const times = EXPECTED['base.pcap'].frames.map((frame) => frame.time);
    expect(records.map((record) => [record.time, record.fileIndex])).toEqual(times.flatMap((time) => [[time, 0], [time, 1]]));
    expect(trace.perFile.map((file) => file.repeated)).toEqual([undefined, undefined]);
  });

  it('passes over a copy of the same capture in another format, packet by packet, and counts it for its file', async () => {
    // capinfos: netmon1.cap holds base.pcapng's 6 packets, with times cut to Network Monitor 1.x's milliseconds.
    const { trace, records } = await readAll([fixture('base.pcapng'), fixture('netmon1.cap')]);
    expect(records.map((record) => [record.time, record.fileIndex])).toEqual(EXPECTED['base.pcapng'].frames.map((frame) => [frame.time, 0]));
    expect(trace.perFile.map((file) => file.packets)).toEqual([6, 6]);
    expect(trace.perFile[1].repeated).toEqual({ ofFile: 0, packets: 6 });
  });
});
