/**
 * Copies of one packet made by the capture itself. pktmon, left to capture at every network
 * component, records each packet at each of them; a capture on a bridge and on its port does the
 * same. The copies follow each other microseconds apart and repeat every field a resend would
 * change, so Wireshark and a naive tracker take them for retransmissions, duplicate ACKs and
 * second answers. A real resend comes a retransmission timeout (200 ms or more) or a round trip of
 * duplicate ACKs later, and over IPv4 with a new identification.
 */
import type { DecodedPacket } from '../decode/packet';

/** Longest gap between a packet and its copy; far below any retransmission timeout. */
export const COPY_WINDOW_SECONDS = 0.001;

/** At most this many copies' frames are kept, as evidence. */
export const MAX_COPY_FRAMES = 12;

function mix(value: number): number {
  const mixed = Math.imul(value ^ (value >>> 16), 0x45d9f3b);
  return Math.imul(mixed ^ (mixed >>> 16), 0x45d9f3b) ^ (mixed >>> 16);
}

/**
 * The TCP fields a copy repeats and another packet would not, hashed into one 32-bit number. The
 * checksum stands in for options and payload: two RSTs alike in every header field but their
 * options (MPTCP's reset reasons) are two packets, not one and its copy.
 */
export function tcpSegmentSignature(packet: DecodedPacket): number {
  let hash = mix(packet.sequence);
  hash = mix(hash ^ packet.acknowledgment);
  hash = mix(hash ^ (packet.tcpFlags & 0xff) ^ (packet.ttl << 8) ^ (packet.window << 16));
  hash = mix(hash ^ (packet.payloadWireLength & 0xffff) ^ (packet.ipIdentification << 16));
  return mix(hash ^ packet.tcpChecksum) | 0;
}

/**
 * Whether a segment alike in every field to its sender's previous one, within the window, is that
 * segment's copy. Data, SYN and FIN are resent only after a timeout, so an instant repeat is a
 * copy. A bare ACK or RST may truly go out twice alike (two duplicate ACKs; a host answering two
 * stray segments with two RSTs), but over IPv4 the second carries a new identification, unless
 * its sender leaves it 0, as Linux does in RSTs and SYN-ACKs. Then, and over IPv6, which has no
 * identification (-1 here), only a conversation already seen recorded twice tells that this
 * repeat is a copy too.
 */
export function repeatIsCopy(carriesSequenceSpace: boolean, ipIdentification: number, conversationHasCopies: boolean): boolean {
  return carriesSequenceSpace || ipIdentification > 0 || conversationHasCopies;
}

/** Within COPY_WINDOW_SECONDS after `earlier` (seconds); copies never run backwards in time. */
export function withinCopyWindow(earlier: number, later: number): boolean {
  return later >= earlier && later - earlier <= COPY_WINDOW_SECONDS;
}
