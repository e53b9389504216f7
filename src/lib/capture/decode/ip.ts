/**
 * IPv4 (RFC 791) and IPv6 (RFC 8200, extension headers; AH per RFC 4302). Both hand the
 * payload to the IP-protocol table, so IP knows nothing of TCP, UDP or ICMP.
 *
 * Fragments: only the first fragment (offset 0) carries the transport header, so later ones
 * stop here with `fragment` set. We do not reassemble: a transport header split across
 * fragments is vanishingly rare and reassembly would need per-datagram buffers.
 */
import type { DecodedPacket, DispatchTable, Dissector } from './packet';

const IPV6_HOP_BY_HOP = 0;
const IPV6_ROUTING = 43;
const IPV6_FRAGMENT = 44;
const IPV6_DESTINATION_OPTIONS = 60;
const IPV6_AUTHENTICATION = 51;
const IPV6_NO_NEXT_HEADER = 59;
/** Extension headers followed before giving up; a legitimate packet has a handful at most. */
const MAX_EXTENSION_HEADERS = 16;
/** IP headers per packet: the packet itself plus a few levels of IP-in-IP tunnel. */
const MAX_IP_LAYERS = 4;

function tooDeep(packet: DecodedPacket, offset: number): boolean {
  if (++packet.ipLayers <= MAX_IP_LAYERS) return false;
  packet.problem('network', offset, `more than ${MAX_IP_LAYERS} nested IP headers`, false);
  return true;
}

/** The quoted copy in an ICMP error is cut short by design, so running out of bytes there is not news. */
function shortOf(packet: DecodedPacket, offset: number, reason: string): void {
  if (!packet.insideError) packet.problem('network', offset, reason, true);
}

export function ipv4Dissector(protocols: DispatchTable): Dissector {
  return (data, offset, end, packet) => {
    if (tooDeep(packet, offset)) return;
    if (offset + 20 > end) return shortOf(packet, offset, `IPv4 header needs 20 bytes, ${end - offset} captured`);
    const versionAndLength = data[offset];
    if (versionAndLength >> 4 !== 4) return packet.problem('network', offset, `IPv4 version field is ${versionAndLength >> 4}`, false);
    const headerLength = (versionAndLength & 0x0f) * 4;
    if (headerLength < 20) return packet.problem('network', offset, `IPv4 header length ${headerLength} < 20`, false);
    if (offset + headerLength > end) return shortOf(packet, offset, `IPv4 header length ${headerLength} runs past the ${end - offset} captured bytes`);
    let totalLength = (data[offset + 2] << 8) | data[offset + 3];
    // Total length 0 comes from TCP segmentation offload and BIG TCP: the NIC fills it in later.
    // Wireshark then trusts the captured length, and so do we.
    if (totalLength === 0) totalLength = end - offset;
    else if (totalLength < headerLength) return packet.problem('network', offset, `IPv4 total length ${totalLength} < header length ${headerLength}`, false);

    packet.ipVersion = 4;
    packet.ttl = data[offset + 8];
    packet.ipIdentification = (data[offset + 4] << 8) | data[offset + 5];
    packet.protocol = data[offset + 9];
    packet.source[0] = ((data[offset + 12] << 24) | (data[offset + 13] << 16) | (data[offset + 14] << 8) | data[offset + 15]) >>> 0;
    packet.destination[0] = ((data[offset + 16] << 24) | (data[offset + 17] << 16) | (data[offset + 18] << 8) | data[offset + 19]) >>> 0;
    packet.source[1] = packet.source[2] = packet.source[3] = 0;
    packet.destination[1] = packet.destination[2] = packet.destination[3] = 0;
    packet.ipPayloadLength = totalLength - headerLength;
    const flagsAndOffset = (data[offset + 6] << 8) | data[offset + 7];
    const moreFragments = (flagsAndOffset & 0x2000) !== 0;
    packet.fragmentOffset = (flagsAndOffset & 0x1fff) * 8;
    packet.fragment = moreFragments || packet.fragmentOffset !== 0;
    if (packet.fragmentOffset !== 0) return;

    // Ethernet pads short frames; the IP length says where the datagram really ends.
    const datagramEnd = Math.min(end, offset + totalLength);
    const next = protocols.get(packet.protocol);
    if (next !== undefined) next(data, offset + headerLength, datagramEnd, packet);
  };
}

export function ipv6Dissector(protocols: DispatchTable): Dissector {
  return (data, offset, end, packet) => {
    if (tooDeep(packet, offset)) return;
    if (offset + 40 > end) return shortOf(packet, offset, `IPv6 header needs 40 bytes, ${end - offset} captured`);
    if (data[offset] >> 4 !== 6) return packet.problem('network', offset, `IPv6 version field is ${data[offset] >> 4}`, false);
    const payloadLength = (data[offset + 4] << 8) | data[offset + 5];
    packet.ipVersion = 6;
    packet.ttl = data[offset + 7];
    packet.ipIdentification = -1;
    for (let word = 0; word < 4; word++) {
      const source = offset + 8 + word * 4;
      const destination = offset + 24 + word * 4;
      packet.source[word] = ((data[source] << 24) | (data[source + 1] << 16) | (data[source + 2] << 8) | data[source + 3]) >>> 0;
      packet.destination[word] = ((data[destination] << 24) | (data[destination + 1] << 16) | (data[destination + 2] << 8) | data[destination + 3]) >>> 0;
    }
    // Payload length 0 means a jumbogram (RFC 2675) or BIG TCP: trust the captured bytes.
    const datagramEnd = payloadLength === 0 ? end : Math.min(end, offset + 40 + payloadLength);
    let nextHeader = data[offset + 6];
    let cursor = offset + 40;

    for (let count = 0; count < MAX_EXTENSION_HEADERS; count++) {
      if (nextHeader === IPV6_HOP_BY_HOP || nextHeader === IPV6_ROUTING || nextHeader === IPV6_DESTINATION_OPTIONS || nextHeader === IPV6_AUTHENTICATION) {
        if (cursor + 2 > datagramEnd) return shortOf(packet, cursor, `IPv6 extension header ${nextHeader} cut short`);
        // AH counts its length in 4-byte units minus 2; the others in 8-byte units minus 1.
        const length = nextHeader === IPV6_AUTHENTICATION ? (data[cursor + 1] + 2) * 4 : (data[cursor + 1] + 1) * 8;
        nextHeader = data[cursor];
        cursor += length;
      } else if (nextHeader === IPV6_FRAGMENT) {
        if (cursor + 8 > datagramEnd) return shortOf(packet, cursor, 'IPv6 fragment header cut short');
        const offsetAndFlags = (data[cursor + 2] << 8) | data[cursor + 3];
        packet.fragmentOffset = offsetAndFlags & 0xfff8;
        packet.fragment = true;
        nextHeader = data[cursor];
        cursor += 8;
        if (packet.fragmentOffset !== 0) {
          packet.protocol = nextHeader;
          return;
        }
      } else {
        break;
      }
    }
    packet.protocol = nextHeader;
    if (cursor > datagramEnd) return shortOf(packet, datagramEnd, 'IPv6 extension headers run past the datagram');
    packet.ipPayloadLength = Math.max(0, (payloadLength === 0 ? end - offset - 40 : payloadLength) - (cursor - offset - 40));
    if (nextHeader === IPV6_NO_NEXT_HEADER) return;
    const next = protocols.get(nextHeader);
    if (next !== undefined) next(data, cursor, datagramEnd, packet);
  };
}
