/**
 * ICMP (RFC 792) and ICMPv6 (RFC 4443). Error messages quote the offending packet's IP header
 * and at least 8 bytes of its transport header; we decode that quote into `packet.quoted` so
 * the analyzer can tie "port unreachable" or "time exceeded" to the conversation it hit.
 */
import { DecodedPacket, IpProtocol, type Dissector } from './packet';

/** ICMPv4 types whose body is a quoted datagram: unreachable, source quench, redirect, time exceeded, parameter problem. */
const ICMP_ERROR_TYPES = new Set([3, 4, 5, 11, 12]);
/** ICMPv6 errors: unreachable, packet too big, time exceeded, parameter problem. */
const ICMPV6_ERROR_TYPES = new Set([1, 2, 3, 4]);

export function isIcmpError(protocol: number, type: number): boolean {
  return protocol === IpProtocol.ICMP ? ICMP_ERROR_TYPES.has(type) : ICMPV6_ERROR_TYPES.has(type);
}

/** `quotedNetwork` decodes the quoted IP header (the IP dissector of the matching version). */
export function icmpDissector(protocol: typeof IpProtocol.ICMP | typeof IpProtocol.IPV6_ICMP, quotedNetwork: Dissector): Dissector {
  return (data, offset, end, packet) => {
    if (offset + 4 > end) {
      if (!packet.insideError) packet.problem('transport', offset, `ICMP header needs 4 bytes, ${end - offset} captured`, true);
      return;
    }
    packet.transport = protocol;
    packet.icmpType = data[offset];
    packet.icmpCode = data[offset + 1];
    // One level only: an error about an error is not generated (RFC 1122 3.2.2), and a crafted
    // nesting must not recurse.
    if (packet.insideError || !isIcmpError(protocol, packet.icmpType) || offset + 8 >= end) return;
    let quoted = packet.quoted;
    if (quoted === null) {
      quoted = new DecodedPacket(true);
      packet.quoted = quoted;
    }
    quoted.reset();
    quoted.frameStart = packet.frameStart;
    quotedNetwork(data, offset + 8, end, quoted);
    packet.quotedPresent = quoted.ipVersion !== 0;
  };
}
