/**
 * Network Monitor 802.11 captures (media type 6): each frame starts with NetMon's metadata header
 * (version u8, its length u16 LE, radio fields), which the reader drops so what follows is a
 * plain LINKTYPE_IEEE802_11 frame, as Wireshark's wiretap/netmon.c does. Built here byte by byte,
 * since editcap cannot write 802.11 NetMon files.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../../src/lib/capture/analyze-capture';
import { openTrace } from '../../../../src/lib/capture/read-trace';
import { frameBytes, LinkType } from '../../../../src/lib/capture/records';
import { memorySource } from '../../../../src/lib/io/memory-source';
import { ipv4, SYN, tcp } from '../analyze/frame-builder';

const METADATA_LENGTH = 32;
const QOS_DATA_TO_DS = [0x88, 0x01, 0, 0, ...Array(18).fill(0xaa), 0, 0, 0, 0];
const LLC_SNAP_IPV4 = [0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00];

function wirelessFrame(): Uint8Array {
  const metadata = new Uint8Array(METADATA_LENGTH);
  metadata[0] = 2;
  new DataView(metadata.buffer).setUint16(1, METADATA_LENGTH, true);
  const datagram = ipv4('10.1.1.1', '10.1.1.2', 6, tcp({ sourcePort: 50000, destinationPort: 443, flags: SYN, seq: 1 }));
  return Uint8Array.from([...metadata, ...QOS_DATA_TO_DS, ...LLC_SNAP_IPV4, ...datagram]);
}

/** NetMon 2.0: 128-byte header (media type 6), two records (2.0 has no trailer), the frame table. */
function netmonWirelessFile(frames: Uint8Array[]): Uint8Array {
  const size = 128 + frames.reduce((sum, frame) => sum + 16 + frame.length, 0) + 4 * frames.length;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('GMBU'));
  bytes.set([0, 2], 4);
  view.setUint16(6, 6, true);
  [2024, 1, 2, 2, 0, 0, 0, 0].forEach((value, index) => view.setUint16(8 + 2 * index, value, true));
  let at = 128;
  const offsets: number[] = [];
  frames.forEach((frame, index) => {
    offsets.push(at);
    // A second apart, as a real SYN retry is: identical frames a millisecond apart are the capture's own copies.
    view.setUint32(at, index * 1_000_000, true);
    view.setUint32(at + 8, frame.length, true);
    view.setUint32(at + 12, frame.length, true);
    bytes.set(frame, at + 16);
    at += 16 + frame.length;
  });
  view.setUint32(24, at, true);
  view.setUint32(28, 4 * frames.length, true);
  offsets.forEach((offset, index) => view.setUint32(at + 4 * index, offset, true));
  return bytes;
}

describe('NetMon 802.11 (media type 6)', () => {
  const file = netmonWirelessFile([wirelessFrame(), wirelessFrame()]);

  it('drops the metadata header: records are IEEE 802.11 frames', async () => {
    const trace = await openTrace([memorySource('wlan.cap', file)]);
    const frames: Uint8Array[] = [];
    for (;;) {
      for (let record = trace.next(); record !== null; record = trace.next()) {
        expect(record.linkType).toBe(LinkType.IEEE802_11);
        frames.push(frameBytes(record).slice());
      }
      if (!(await trace.load())) break;
    }
    const expected = wirelessFrame().subarray(METADATA_LENGTH);
    expect(frames).toEqual([expected, expected]);
  });

  it('decodes through 802.11 and LLC/SNAP to the TCP conversation', async () => {
    const report = await analyzeCapture([memorySource('wlan.cap', file)]);
    expect(report.files[0]).toMatchObject({ format: 'netmon', linkTypes: [LinkType.IEEE802_11], packets: 2 });
    expect(report.tcp.conversations).toEqual([expect.objectContaining({ client: '10.1.1.1:50000', server: '10.1.1.2:443', state: 'no-answer', synRetransmits: 1 })]);
  });
});
