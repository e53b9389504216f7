/**
 * Link layers: find where the network header starts and what EtherType it carries, then hand
 * over through the EtherType table (the link layer never imports IP).
 *
 * References: https://www.tcpdump.org/linktypes.html (header layouts per LINKTYPE),
 * IEEE 802.1Q / 802.1ad (VLAN tags), RFC 1042 (LLC/SNAP), RFC 2516 (PPPoE), RFC 3032 (MPLS),
 * IEEE 802.11-2020 §9.2 (MAC header), https://www.radiotap.org, PPI spec (CACE, 2007).
 */
import { LinkType } from '../records';
import { NON_IP_LINK_TYPES } from './link-names';
import { DispatchTable, type DecodedPacket, type Dissector } from './packet';

export const EtherType = {
  IPV4: 0x0800,
  IPV6: 0x86dd,
  VLAN: 0x8100,
  QINQ: 0x88a8,
  /** Pre-standard QinQ outer tag still sent by some switches. */
  QINQ_LEGACY: 0x9100,
  MPLS_UNICAST: 0x8847,
  MPLS_MULTICAST: 0x8848,
  PPPOE_SESSION: 0x8864,
} as const;

/** Link types beyond records.ts's LinkType that cost a few lines each and appear in real traces. */
const LINKTYPE_FDDI = 10;
const LINKTYPE_IEEE802_11_RADIOTAP = 127;
const LINKTYPE_PPI = 192;
const LINKTYPE_NFLOG = 239;
const LINKTYPE_IPOIB = 242;
const LINKTYPE_ARCNET_LINUX = 129;
const LINKTYPE_DSA_TAG_BRCM = 281;

/** One past the largest link type we dissect (LINKTYPE_DSA_TAG_BRCM is 281). */
const LINK_TYPES = 512;

/** Tags, labels and encapsulations followed before giving up: real traces use two or three;
 *  the cap keeps a crafted frame of repeated tags from costing more than a few steps. */
const MAX_ENCAPSULATION_DEPTH = 8;

const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057;

/** BSD address families as found in NULL/LOOP headers (AF_INET6 differs per OS). */
const AF_INET = 2;
const AF_INET6_VALUES = new Set([10, 24, 28, 30]);

function read16(data: Uint8Array, offset: number): number {
  return (data[offset] << 8) | data[offset + 1];
}

function dispatchByVersionNibble(data: Uint8Array, offset: number, end: number, packet: DecodedPacket, etherTypes: DispatchTable): void {
  if (offset >= end) {
    packet.problem('link', offset, 'no network header after the link header', true);
    return;
  }
  const version = data[offset] >> 4;
  const type = version === 4 ? EtherType.IPV4 : version === 6 ? EtherType.IPV6 : -1;
  const next = type < 0 ? undefined : etherTypes.get(type);
  if (next === undefined) {
    packet.problem('link', offset, `IP version nibble ${version} is neither 4 nor 6`, false);
    return;
  }
  next(data, offset, end, packet);
}

/**
 * Follows an EtherType through VLAN tags, LLC/SNAP, PPPoE and MPLS to the network header.
 * Shared by every link layer that carries EtherTypes (Ethernet, SLL, SLL2, 802.11, FDDI ...).
 */
export function dispatchEtherType(type: number, data: Uint8Array, offset: number, end: number, packet: DecodedPacket, etherTypes: DispatchTable): void {
  for (let depth = 0; depth < MAX_ENCAPSULATION_DEPTH; depth++) {
    if (type === EtherType.VLAN || type === EtherType.QINQ || type === EtherType.QINQ_LEGACY) {
      if (offset + 4 > end) return packet.problem('link', offset, 'VLAN tag cut short', true);
      type = read16(data, offset + 2);
      offset += 4;
    } else if (type <= 1500) {
      // An 802.3 length field: the frame carries LLC, and IP only behind a SNAP header.
      if (offset + 8 > end) return packet.problem('link', offset, 'LLC/SNAP header cut short', true);
      if (data[offset] !== 0xaa || data[offset + 1] !== 0xaa || data[offset + 2] !== 0x03) return;
      type = read16(data, offset + 6);
      offset += 8;
    } else if (type === EtherType.PPPOE_SESSION) {
      if (offset + 8 > end) return packet.problem('link', offset, 'PPPoE header cut short', true);
      const pppProtocol = read16(data, offset + 6);
      offset += 8;
      if (pppProtocol === PPP_IPV4) type = EtherType.IPV4;
      else if (pppProtocol === PPP_IPV6) type = EtherType.IPV6;
      else return;
    } else if (type === EtherType.MPLS_UNICAST || type === EtherType.MPLS_MULTICAST) {
      // Walk the label stack to the bottom-of-stack bit; the payload type is not signalled, so
      // guess from the version nibble as Wireshark does for a plain MPLS payload.
      let bottom = false;
      for (let label = 0; label < MAX_ENCAPSULATION_DEPTH && !bottom; label++) {
        if (offset + 4 > end) return packet.problem('link', offset, 'MPLS label cut short', true);
        bottom = (data[offset + 2] & 0x01) !== 0;
        offset += 4;
      }
      if (!bottom) return packet.problem('link', offset, `MPLS label stack deeper than ${MAX_ENCAPSULATION_DEPTH}`, false);
      return dispatchByVersionNibble(data, offset, end, packet, etherTypes);
    } else {
      const next = etherTypes.get(type);
      if (next !== undefined) next(data, offset, end, packet);
      return;
    }
  }
  packet.problem('link', offset, `more than ${MAX_ENCAPSULATION_DEPTH} nested tags or encapsulations`, false);
}

/** LLC/SNAP straight after a MAC header (802.11, FDDI): any value up to 1500 reads as an 802.3 length. */
function dispatchLlc(data: Uint8Array, offset: number, end: number, packet: DecodedPacket, etherTypes: DispatchTable): void {
  dispatchEtherType(0, data, offset, end, packet, etherTypes);
}

function ethernet(etherTypes: DispatchTable): Dissector {
  return (data, offset, end, packet) => {
    if (offset + 14 > end) return packet.problem('link', offset, `Ethernet header needs 14 bytes, ${end - offset} captured`, true);
    dispatchEtherType(read16(data, offset + 12), data, offset + 14, end, packet, etherTypes);
  };
}

function nullLoopback(etherTypes: DispatchTable, networkOrder: boolean): Dissector {
  return (data, offset, end, packet) => {
    if (offset + 4 > end) return packet.problem('link', offset, 'loopback header needs 4 bytes', true);
    const bigEndian = ((data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3]) >>> 0;
    // LINKTYPE_NULL is in the capturing host's byte order, which the file does not record:
    // a family fits in 16 bits, so a value above that must be the other order.
    const family = networkOrder || bigEndian <= 0xffff ? bigEndian : ((data[offset + 3] << 24) | (data[offset + 2] << 16) | (data[offset + 1] << 8) | data[offset]) >>> 0;
    const start = offset + 4;
    if (family === AF_INET || AF_INET6_VALUES.has(family)) dispatchByVersionNibble(data, start, end, packet, etherTypes);
  };
}

function rawIp(etherTypes: DispatchTable): Dissector {
  return (data, offset, end, packet) => dispatchByVersionNibble(data, offset, end, packet, etherTypes);
}

/** Linux cooked capture v1: 16-byte header, protocol (EtherType) in the last two bytes. */
function linuxSll(etherTypes: DispatchTable): Dissector {
  return (data, offset, end, packet) => {
    if (offset + 16 > end) return packet.problem('link', offset, 'Linux SLL header needs 16 bytes', true);
    dispatchEtherType(read16(data, offset + 14), data, offset + 16, end, packet, etherTypes);
  };
}

/** Linux cooked capture v2: 20-byte header, protocol (EtherType) in the first two bytes. */
function linuxSll2(etherTypes: DispatchTable): Dissector {
  return (data, offset, end, packet) => {
    if (offset + 20 > end) return packet.problem('link', offset, 'Linux SLL2 header needs 20 bytes', true);
    dispatchEtherType(read16(data, offset), data, offset + 20, end, packet, etherTypes);
  };
}

/**
 * 802.11: only data frames carry IP. Management (type 0), control (type 1) and extension (type 3)
 * frames are complete without a 24-byte header (an ACK is 10 bytes plus the FCS), so the frame
 * type is read before any length is demanded; like null-data and protected (encrypted) frames,
 * they are simply not IP.
 */
function ieee80211(etherTypes: DispatchTable): Dissector {
  const DATA_FRAME = 2;
  return (data, offset, end, packet) => {
    if (offset + 2 > end) return packet.problem('link', offset, '802.11 frame control cut short', true);
    const frameControl = data[offset];
    const flags = data[offset + 1];
    const frameType = (frameControl >> 2) & 0x3;
    const subtype = frameControl >> 4;
    if (frameType !== DATA_FRAME || (subtype & 0x4) !== 0) return; // not data, or a null-data subtype
    if ((flags & 0x40) !== 0) return; // protected frame
    if (offset + 24 > end) return packet.problem('link', offset, '802.11 data header needs 24 bytes', true);
    let headerLength = 24;
    if ((flags & 0x03) === 0x03) headerLength += 6; // ToDS and FromDS: a fourth address
    if ((subtype & 0x8) !== 0) {
      headerLength += 2; // QoS control
      if ((flags & 0x80) !== 0) headerLength += 4; // +HTC
    }
    const start = offset + headerLength;
    if (start + 8 > end) return packet.problem('link', offset, '802.11 frame ends before its LLC header', true);
    dispatchLlc(data, start, end, packet, etherTypes);
  };
}

/** Radiotap: little-endian header length at bytes 2..3, then the 802.11 frame. */
function radiotap(wireless: Dissector): Dissector {
  return (data, offset, end, packet) => {
    if (offset + 4 > end) return packet.problem('link', offset, 'radiotap header cut short', true);
    const length = data[offset + 2] | (data[offset + 3] << 8);
    if (length < 8 || offset + length > end) return packet.problem('link', offset, `radiotap length ${length} does not fit the frame`, offset + length > end);
    wireless(data, offset + length, end, packet);
  };
}

/** PPI: little-endian header length at 2..3 and the inner link type at 4..7. */
function perPacketInformation(inner: DispatchTable): Dissector {
  return (data, offset, end, packet) => {
    if (offset + 8 > end) return packet.problem('link', offset, 'PPI header cut short', true);
    const length = data[offset + 2] | (data[offset + 3] << 8);
    const innerLinkType = data[offset + 4] | (data[offset + 5] << 8) | (data[offset + 6] << 16) | (data[offset + 7] << 24);
    if (length < 8 || offset + length > end) return packet.problem('link', offset, `PPI length ${length} does not fit the frame`, offset + length > end);
    const next = innerLinkType === LINKTYPE_PPI ? undefined : inner.get(innerLinkType);
    if (next !== undefined) next(data, offset + length, end, packet);
  };
}

/** NFLOG: 4-byte header, then TLVs (little-endian length and type, padded to 4); type 9 is the packet. */
function nflog(etherTypes: DispatchTable): Dissector {
  const NFULA_PAYLOAD = 9;
  return (data, offset, end, packet) => {
    let cursor = offset + 4;
    while (cursor + 4 <= end) {
      const length = data[cursor] | (data[cursor + 1] << 8);
      const type = (data[cursor + 2] | (data[cursor + 3] << 8)) & 0x7fff;
      if (length < 4) return packet.problem('link', cursor, `NFLOG attribute length ${length} < 4`, false);
      if (type === NFULA_PAYLOAD) return dispatchByVersionNibble(data, cursor + 4, Math.min(end, cursor + length), packet, etherTypes);
      cursor += (length + 3) & ~3;
    }
  };
}

/**
 * IP over InfiniBand: RFC 4391's 4-byte header (EtherType, reserved). Linux captures put two
 * 20-byte hardware addresses (source, destination) in front of it; we take that layout when the
 * plain one does not start with a known EtherType.
 */
function ipOverInfiniband(etherTypes: DispatchTable): Dissector {
  const LINUX_PSEUDO_HEADER = 40;
  return (data, offset, end, packet) => {
    if (offset + 4 > end) return packet.problem('link', offset, 'IPoIB header cut short', true);
    let start = offset;
    if (!etherTypes.has(read16(data, offset)) && offset + LINUX_PSEUDO_HEADER + 4 <= end && etherTypes.has(read16(data, offset + LINUX_PSEUDO_HEADER))) start += LINUX_PSEUDO_HEADER;
    dispatchEtherType(read16(data, start), data, start + 4, end, packet, etherTypes);
  };
}

/**
 * Linux ARCnet: source, destination, 2-byte offset, then the protocol id. RFC 1201 framing
 * (0xd4 for IP) adds a split flag and a 2-byte sequence; RFC 1051 framing (0xf0) does not.
 */
function arcnetLinux(etherTypes: DispatchTable): Dissector {
  const RFC1201_IP = 0xd4;
  const RFC1051_IP = 0xf0;
  return (data, offset, end, packet) => {
    if (offset + 5 > end) return packet.problem('link', offset, 'ARCnet header cut short', true);
    const protocol = data[offset + 4];
    if (protocol === RFC1051_IP) dispatchByVersionNibble(data, offset + 5, end, packet, etherTypes);
    else if (protocol === RFC1201_IP) dispatchByVersionNibble(data, offset + 8, end, packet, etherTypes);
  };
}

/**
 * Broadcom switch tag (LINKTYPE_DSA_TAG_BRCM): an Ethernet frame with a 4-byte tag between the
 * source address and the EtherType, as captured on the CPU port of a Broadcom switch chip.
 */
function broadcomTag(etherTypes: DispatchTable): Dissector {
  return (data, offset, end, packet) => {
    if (offset + 18 > end) return packet.problem('link', offset, `Broadcom-tagged Ethernet header needs 18 bytes, ${end - offset} captured`, true);
    dispatchEtherType(read16(data, offset + 16), data, offset + 18, end, packet, etherTypes);
  };
}

/** A link type that never carries IP (see NON_IP_LINK_TYPES): its frames are read as not IP. */
const carriesNoIp: Dissector = () => undefined;

/** FDDI: frame control, two 6-byte addresses, then LLC. */
function fddi(etherTypes: DispatchTable): Dissector {
  return (data, offset, end, packet) => {
    if (offset + 13 > end) return packet.problem('link', offset, 'FDDI header cut short', true);
    dispatchLlc(data, offset + 13, end, packet, etherTypes);
  };
}

/** The link-type table: LINKTYPE number -> dissector that finds the network layer. */
export function linkDissectors(etherTypes: DispatchTable): DispatchTable {
  const wireless = ieee80211(etherTypes);
  const table = new DispatchTable(LINK_TYPES, [
    [LinkType.ETHERNET, ethernet(etherTypes)],
    [LinkType.NULL, nullLoopback(etherTypes, false)],
    [LinkType.LOOP, nullLoopback(etherTypes, true)],
    [LinkType.RAW, rawIp(etherTypes)],
    [LinkType.IPV4, rawIp(etherTypes)],
    [LinkType.IPV6, rawIp(etherTypes)],
    [LinkType.LINUX_SLL, linuxSll(etherTypes)],
    [LinkType.LINUX_SLL2, linuxSll2(etherTypes)],
    [LinkType.IEEE802_11, wireless],
    [LINKTYPE_IEEE802_11_RADIOTAP, radiotap(wireless)],
    [LINKTYPE_NFLOG, nflog(etherTypes)],
    [LINKTYPE_IPOIB, ipOverInfiniband(etherTypes)],
    [LINKTYPE_FDDI, fddi(etherTypes)],
    [LINKTYPE_ARCNET_LINUX, arcnetLinux(etherTypes)],
    [LINKTYPE_DSA_TAG_BRCM, broadcomTag(etherTypes)],
    ...[...NON_IP_LINK_TYPES].map((linkType) => [linkType, carriesNoIp] as const),
  ]);
  table.set(LINKTYPE_PPI, perPacketInformation(table));
  return table;
}
