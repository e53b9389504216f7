/**
 * Wires the dissectors together through explicit dispatch tables (link type -> EtherType ->
 * IP protocol -> port), the way Wireshark's dissector tables keep IP from importing TCP.
 * Adding a protocol means adding one row here, not touching the layer below it.
 */
import { LinkType } from '../records';
import { dnsOverTcp, dnsOverUdp, DNS_PORTS } from './dns';
import { icmpDissector } from './icmp';
import { ipv4Dissector, ipv6Dissector } from './ip';
import { EtherType, linkDissectors } from './link';
import { DispatchTable, IpProtocol, type DecodedPacket } from './packet';
import { tcpDissector } from './tcp';
import { udpDissector } from './udp';

export const DecodeOutcome = {
  /** The link type has no dissector here (or is a NetMon special frame). */
  UnknownLink: 0,
  /** The link layer was read but no IP header followed (ARP, STP, encrypted 802.11 ...). */
  NotIp: 1,
  Ip: 2,
} as const;
export type DecodeOutcome = (typeof DecodeOutcome)[keyof typeof DecodeOutcome];

const PORTS = 65536;
const ETHER_TYPES = 65536;
const IP_PROTOCOLS = 256;

export class PacketDecoder {
  private readonly links: DispatchTable;

  constructor() {
    const tcpPorts = new DispatchTable(PORTS, DNS_PORTS.map((port) => [port, dnsOverTcp] as const));
    const udpPorts = new DispatchTable(PORTS, DNS_PORTS.map((port) => [port, dnsOverUdp] as const));
    const tcp = tcpDissector(tcpPorts);
    const udp = udpDissector(udpPorts);

    // ICMP quotes are decoded by a second pair of IP dissectors whose tables stop at the
    // transport layer: an error quoting an error is not followed.
    const quotedProtocols = new DispatchTable(IP_PROTOCOLS, [
      [IpProtocol.TCP, tcp],
      [IpProtocol.UDP, udp],
    ]);
    const quotedIpv4 = ipv4Dissector(quotedProtocols);
    const quotedIpv6 = ipv6Dissector(quotedProtocols);

    const protocols = new DispatchTable(IP_PROTOCOLS, [
      [IpProtocol.TCP, tcp],
      [IpProtocol.UDP, udp],
      [IpProtocol.ICMP, icmpDissector(IpProtocol.ICMP, quotedIpv4)],
      [IpProtocol.IPV6_ICMP, icmpDissector(IpProtocol.IPV6_ICMP, quotedIpv6)],
    ]);
    const ipv4 = ipv4Dissector(protocols);
    const ipv6 = ipv6Dissector(protocols);
    // IP-in-IP tunnels (RFC 2003, RFC 2473): the inner header overwrites the outer one, so the
    // conversation is keyed by the inner addresses, as Wireshark's is.
    protocols.set(IpProtocol.IPV4_IN_IP, ipv4);
    protocols.set(IpProtocol.IPV6_IN_IP, ipv6);
    const etherTypes = new DispatchTable(ETHER_TYPES, [
      [EtherType.IPV4, ipv4],
      [EtherType.IPV6, ipv6],
    ]);
    this.links = linkDissectors(etherTypes);
  }

  /**
   * Decodes the frame `data[start, start + length)` into `packet` (which it resets first); the
   * packet's offsets then index `data`. Never throws.
   */
  decode(linkType: number, data: Uint8Array, start: number, length: number, packet: DecodedPacket): DecodeOutcome {
    packet.reset();
    packet.frameStart = start;
    const link = linkType === LinkType.NETMON_SPECIAL ? undefined : this.links.get(linkType);
    if (link === undefined) return DecodeOutcome.UnknownLink;
    link(data, start, Math.min(start + length, data.length), packet);
    return packet.ipVersion === 0 ? DecodeOutcome.NotIp : DecodeOutcome.Ip;
  }
}
