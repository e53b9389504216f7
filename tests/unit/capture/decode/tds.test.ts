import { describe, expect, it } from 'vitest';
import { tdsAnswerEnds } from '../../../../src/lib/capture/decode/tds';

/** A TDS packet ([MS-TDS] 2.2.3.1): type, status (0x01 ends the message), big-endian length with the 8-byte header. */
function tdsPacket(type: number, status: number, bodyBytes: number): Uint8Array {
  const packet = new Uint8Array(8 + bodyBytes);
  packet[0] = type;
  packet[1] = status;
  new DataView(packet.buffer).setUint16(2, packet.length);
  return packet;
}

function joined(...packets: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(packets.reduce((sum, packet) => sum + packet.length, 0));
  let at = 0;
  for (const packet of packets) {
    all.set(packet, at);
    at += packet.length;
  }
  return all;
}

const RESULT = 0x04;
const EOM = 0x01;

describe('TDS answer end', () => {
  it('says a segment of whole result packets ends the answer when its last packet carries EOM', () => {
    const whole = joined(tdsPacket(RESULT, 0, 100), tdsPacket(RESULT, EOM, 20));
    expect(tdsAnswerEnds(whole, 0, whole.length)).toBe(true);
  });

  it('says no when the last packet is not the message\'s last, or the segment stops inside a packet', () => {
    const notLast = joined(tdsPacket(RESULT, EOM, 20), tdsPacket(RESULT, 0, 100));
    expect(tdsAnswerEnds(notLast, 0, notLast.length)).toBe(false);
    const cut = tdsPacket(RESULT, EOM, 100);
    expect(tdsAnswerEnds(cut, 0, 60)).toBe(false);
  });

  it('says no for what is not a server result: a client batch, a length below the header, a segment too short for one', () => {
    const batch = tdsPacket(0x01, EOM, 20);
    expect(tdsAnswerEnds(batch, 0, batch.length)).toBe(false);
    const tiny = tdsPacket(RESULT, EOM, 20);
    new DataView(tiny.buffer).setUint16(2, 4);
    expect(tdsAnswerEnds(tiny, 0, tiny.length)).toBe(false);
    expect(tdsAnswerEnds(tdsPacket(RESULT, EOM, 0), 0, 7)).toBe(false);
  });
});
