import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeOutcome, PacketDecoder } from '../../../../src/lib/capture/decode/decoder';
import { AppKind, DecodedPacket, IpProtocol } from '../../../../src/lib/capture/decode/packet';
import { LinkType } from '../../../../src/lib/capture/records';
import { formatAddress } from '../../../../src/lib/capture/analyze/address';
import { ACK, dnsQuery, ethernet, ipv4, ipv6, PSH, SYN, tcp, udp } from '../analyze/frame-builder';

const decoder = new PacketDecoder();
const packet = new DecodedPacket();

function decode(linkType: number, frame: Uint8Array): DecodeOutcome {
  return decoder.decode(linkType, frame, 0, frame.length, packet);
}

const synSegment = () => tcp({ sourcePort: 50123, destinationPort: 443, flags: SYN, seq: 0xfffffff0, window: 8192, options: [2, 4, 0x05, 0xb4, 1, 3, 3, 8, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0] });

describe('link layers', () => {
  it('reads Ethernet with stacked 802.1ad + 802.1Q tags down to TCP', () => {
    const frame = ethernet(ipv4('10.0.0.9', '10.0.0.5', 6, synSegment(), 128), 0x0800, [
      { tpid: 0x88a8, id: 100 },
      { tpid: 0x8100, id: 200 },
    ]);
    expect(decode(LinkType.ETHERNET, frame)).toBe(DecodeOutcome.Ip);
    expect(formatAddress(4, packet.source)).toBe('10.0.0.9');
    expect(formatAddress(4, packet.destination)).toBe('10.0.0.5');
    expect(packet.ttl).toBe(128);
    expect(packet.transport).toBe(IpProtocol.TCP);
    expect([packet.sourcePort, packet.destinationPort, packet.tcpFlags, packet.sequence]).toEqual([50123, 443, SYN, 0xfffffff0]);
    expect([packet.maximumSegmentSize, packet.windowScale, packet.sackPermitted, packet.timestampPresent]).toEqual([1460, 8, true, true]);
  });

  it('reads Linux SLL (protocol at 14) and SLL2 (protocol at 0)', () => {
    const datagram = ipv4('192.0.2.1', '192.0.2.2', 17, udp(1000, 2000, new Uint8Array(3)));
    const sll = new Uint8Array(16 + datagram.length);
    sll.set([0x08, 0x00], 14);
    sll.set(datagram, 16);
    expect(decode(LinkType.LINUX_SLL, sll)).toBe(DecodeOutcome.Ip);
    expect([packet.transport, packet.sourcePort, packet.destinationPort, packet.payloadLength]).toEqual([IpProtocol.UDP, 1000, 2000, 3]);

    const sll2 = new Uint8Array(20 + datagram.length);
    sll2.set([0x08, 0x00], 0);
    sll2.set(datagram, 20);
    expect(decode(LinkType.LINUX_SLL2, sll2)).toBe(DecodeOutcome.Ip);
    expect(formatAddress(4, packet.destination)).toBe('192.0.2.2');
  });

  it('reads BSD NULL in either byte order and LOOP in network order', () => {
    const datagram = ipv6('2001:db8::1', '2001:db8::2', 17, udp(5, 6, new Uint8Array(0)));
    for (const header of [
      [24, 0, 0, 0],
      [0, 0, 0, 24],
      [30, 0, 0, 0],
    ]) {
      expect(decode(LinkType.NULL, Uint8Array.from([...header, ...datagram]))).toBe(DecodeOutcome.Ip);
      expect(formatAddress(6, packet.source)).toBe('2001:db8::1');
    }
    expect(decode(LinkType.LOOP, Uint8Array.from([0, 0, 0, 2, ...ipv4('127.0.0.1', '127.0.0.1', 17, udp(1, 2, new Uint8Array(0)))]))).toBe(DecodeOutcome.Ip);
  });

  it('reads raw IP link types by version nibble', () => {
    for (const linkType of [LinkType.RAW, LinkType.IPV4]) {
      expect(decode(linkType, ipv4('198.51.100.1', '198.51.100.2', 6, synSegment()))).toBe(DecodeOutcome.Ip);
      expect(packet.transport).toBe(IpProtocol.TCP);
    }
    expect(decode(LinkType.IPV6, ipv6('::1', '::1', 6, synSegment()))).toBe(DecodeOutcome.Ip);
    expect(packet.ipVersion).toBe(6);
  });

  it('reads an 802.11 QoS data frame through LLC/SNAP and skips protected ones', () => {
    const datagram = ipv4('10.1.1.1', '10.1.1.2', 6, synSegment());
    const header = [0x88, 0x01, 0, 0, ...Array(18).fill(0xaa), 0, 0, 0, 0]; // QoS data, ToDS; 24 bytes + QoS 2
    const llc = [0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00];
    expect(decode(LinkType.IEEE802_11, Uint8Array.from([...header, ...llc, ...datagram]))).toBe(DecodeOutcome.Ip);
    expect(packet.destinationPort).toBe(443);
    const protectedFrame = Uint8Array.from([0x88, 0x41, ...header.slice(2), ...llc, ...datagram]);
    expect(decode(LinkType.IEEE802_11, protectedFrame)).toBe(DecodeOutcome.NotIp);
  });

  it('reads 802.11 control and management frames shorter than a data header as not IP, not as cut short', () => {
    // An ACK: frame control 0xd4 (type 1, subtype 13), duration, receiver address, FCS: 14 bytes.
    const ack = Uint8Array.from([0xd4, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 0xde, 0xad, 0xbe, 0xef]);
    expect(decode(LinkType.IEEE802_11, ack)).toBe(DecodeOutcome.NotIp);
    expect(packet.problems).toEqual([]);
    // A probe request cut after 16 bytes is still a management frame, whole or not.
    expect(decode(LinkType.IEEE802_11, Uint8Array.from([0x40, 0x00, ...Array(14).fill(0xff)]))).toBe(DecodeOutcome.NotIp);
    expect(packet.problems).toEqual([]);
    // A data frame cut inside its header is damage.
    expect(decode(LinkType.IEEE802_11, Uint8Array.from([0x08, 0x01, ...Array(14).fill(0)]))).toBe(DecodeOutcome.NotIp);
    expect(packet.problems).toEqual([{ layer: 'link', offset: 0, reason: '802.11 data header needs 24 bytes', truncated: true }]);
  });

  it('reads Ethernet with a Broadcom switch tag between the source address and the EtherType', () => {
    const untagged = ethernet(ipv4('192.168.1.1', '192.168.1.115', 6, synSegment()));
    const tagged = Uint8Array.from([...untagged.subarray(0, 12), 0x20, 0x00, 0x00, 0x00, ...untagged.subarray(12)]);
    expect(decode(281, tagged)).toBe(DecodeOutcome.Ip);
    expect([formatAddress(4, packet.source), packet.transport, packet.destinationPort]).toEqual(['192.168.1.1', IpProtocol.TCP, 443]);
  });

  it('reads link types that never carry IP (netlink, vsock, BACnet MS/TP) as not IP, not as unknown', () => {
    for (const linkType of [253, 271, 165]) {
      expect(decode(linkType, ipv4('10.0.0.1', '10.0.0.2', 6, synSegment()))).toBe(DecodeOutcome.NotIp);
      expect(packet.problems).toEqual([]);
    }
  });

  it('counts NetMon special frames and unknown link types as not decoded', () => {
    expect(decode(LinkType.NETMON_SPECIAL, new Uint8Array(40))).toBe(DecodeOutcome.UnknownLink);
    expect(decode(147, new Uint8Array(40))).toBe(DecodeOutcome.UnknownLink);
  });
});

describe('IP', () => {
  it('gives the transport header only to the first IPv4 fragment', () => {
    decode(LinkType.ETHERNET, ethernet(ipv4('10.0.0.1', '10.0.0.2', 17, udp(53, 40000, new Uint8Array(20)), 64, { moreFragments: true })));
    expect([packet.fragment, packet.transport]).toEqual([true, IpProtocol.UDP]);
    decode(LinkType.ETHERNET, ethernet(ipv4('10.0.0.1', '10.0.0.2', 17, new Uint8Array(20), 64, { fragmentOffset: 1480 })));
    expect([packet.fragment, packet.fragmentOffset, packet.transport]).toEqual([true, 1480, 0]);
  });

  it('walks IPv6 hop-by-hop, routing, destination options and AH headers to TCP', () => {
    const frame = ethernet(
      ipv6('fe80::1', 'fe80::2', 6, synSegment(), 57, [
        { type: 0, body: [0, 1, 4, 0, 0, 0, 0] },
        { type: 43, body: [0, 0, 0, 0, 0, 0, 0] },
        { type: 60, body: [0, 1, 4, 0, 0, 0, 0] },
        { type: 51, body: [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2] }, // 12 bytes: payload length 1 => (1 + 2) * 4
      ]),
      0x86dd,
    );
    expect(decode(LinkType.ETHERNET, frame)).toBe(DecodeOutcome.Ip);
    expect([packet.protocol, packet.transport, packet.ttl, packet.destinationPort]).toEqual([6, IpProtocol.TCP, 57, 443]);
  });

  it('stops at a non-first IPv6 fragment', () => {
    const frame = ethernet(ipv6('2001:db8::a', '2001:db8::b', 6, new Uint8Array(16), 64, [{ type: 44, body: [0, 0x05, 0xa8, 0, 0, 0, 1] }]), 0x86dd);
    decode(LinkType.ETHERNET, frame);
    expect([packet.fragment, packet.fragmentOffset, packet.transport]).toEqual([true, 1448, 0]);
  });

  it('uses the captured length when the IPv4 total length is 0 (segmentation offload)', () => {
    const segment = tcp({ sourcePort: 80, destinationPort: 5000, flags: ACK | PSH, payload: new Uint8Array(100) });
    decode(LinkType.ETHERNET, ethernet(ipv4('10.0.0.1', '10.0.0.2', 6, segment, 64, { totalLength: 0 })));
    expect(packet.payloadLength).toBe(100);
  });

  it('follows IPv6-in-IPv4 tunnels to the inner addresses', () => {
    const inner = ipv6('2001:db8::1', '2001:db8::2', 6, synSegment());
    decode(LinkType.ETHERNET, ethernet(ipv4('192.0.2.1', '192.0.2.2', 41, inner)));
    expect([packet.ipVersion, formatAddress(6, packet.source)]).toEqual([6, '2001:db8::1']);
  });
});

describe('problems instead of exceptions', () => {
  it('marks a header cut by the snap length as truncated, an impossible value as malformed', () => {
    const frame = ethernet(ipv4('10.0.0.1', '10.0.0.2', 6, synSegment()));
    decoder.decode(LinkType.ETHERNET, frame, 0, 14 + 20 + 10, packet);
    expect(packet.problems).toEqual([{ layer: 'transport', offset: 34, reason: 'TCP header needs 20 bytes, 10 captured', truncated: true }]);

    const bad = ethernet(ipv4('10.0.0.1', '10.0.0.2', 6, synSegment()));
    bad[14] = 0x43; // IHL 3 words
    decode(LinkType.ETHERNET, bad);
    expect(packet.problems).toEqual([{ layer: 'network', offset: 14, reason: 'IPv4 header length 12 < 20', truncated: false }]);
  });

  it('decodes a frame in the middle of a reader\'s chunk: offsets index the chunk, problems count from the frame', () => {
    const frame = ethernet(ipv4('10.0.0.1', '10.0.0.2', 17, udp(5353, 53, Uint8Array.from([1, 2, 3, 4]))));
    const chunk = new Uint8Array(100 + frame.length + 50).fill(0xee);
    chunk.set(frame, 100);
    expect(decoder.decode(LinkType.ETHERNET, chunk, 100, frame.length, packet)).toBe(DecodeOutcome.Ip);
    expect(packet).toMatchObject({ ipVersion: 4, ttl: 64, transport: 17, sourcePort: 5353, destinationPort: 53, payloadOffset: 100 + 42, payloadLength: 4, problems: [] });
    expect([...chunk.subarray(packet.payloadOffset, packet.payloadOffset + packet.payloadLength)]).toEqual([1, 2, 3, 4]);
    // The bytes after the frame are not read as more of it.
    decoder.decode(LinkType.ETHERNET, chunk, 100, 14 + 20 + 4, packet);
    expect(packet.problems).toEqual([{ layer: 'transport', offset: 34, reason: expect.stringContaining('UDP header needs 8 bytes'), truncated: true }]);
  });

  it('never throws on arbitrary bytes under any link type', () => {
    const linkTypes = [LinkType.ETHERNET, LinkType.NULL, LinkType.LOOP, LinkType.RAW, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.IEEE802_11, LinkType.IPV4, LinkType.IPV6, 127, 192, 239, 242, 10, 129, 281, 253];
    fc.assert(
      fc.property(fc.constantFrom(...linkTypes), fc.uint8Array({ maxLength: 200 }), (linkType, data) => {
        decoder.decode(linkType, data, 0, data.length, packet);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on IP packets with random tails (deep paths: options, quotes, DNS)', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 6, 17, 58, 4, 41), fc.uint8Array({ maxLength: 120 }), (protocol, tail) => {
        decoder.decode(LinkType.RAW, ipv4('10.0.0.1', '10.0.0.2', protocol, tail), 0, 20 + tail.length, packet);
        decoder.decode(LinkType.RAW, ipv6('::1', '::2', protocol, tail), 0, 40 + tail.length, packet);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('ICMP errors and DNS', () => {
  it('decodes the packet quoted by a port-unreachable and keeps the outer addresses', () => {
    const quoted = ipv4('10.0.0.9', '10.0.0.5', 17, udp(53000, 53, dnsQuery(7, 'example.com')));
    const icmp = Uint8Array.from([3, 3, 0, 0, 0, 0, 0, 0, ...quoted]);
    decode(LinkType.ETHERNET, ethernet(ipv4('10.0.0.5', '10.0.0.9', 1, icmp)));
    expect([packet.transport, packet.icmpType, packet.icmpCode, packet.quotedPresent]).toEqual([IpProtocol.ICMP, 3, 3, true]);
    expect(formatAddress(4, packet.source)).toBe('10.0.0.5');
    const inner = packet.quoted!;
    expect([formatAddress(4, inner.source), inner.sourcePort, formatAddress(4, inner.destination), inner.destinationPort]).toEqual(['10.0.0.9', 53000, '10.0.0.5', 53]);
    expect(inner.appKind).toBe(AppKind.Dns);
  });

  it('accepts a quote holding only the first 8 bytes of TCP (ports and sequence)', () => {
    const quoted = ipv4('10.0.0.9', '10.0.0.5', 6, synSegment().subarray(0, 8));
    decode(LinkType.RAW, ipv4('192.0.2.254', '10.0.0.9', 1, Uint8Array.from([11, 0, 0, 0, 0, 0, 0, 0, ...quoted])));
    expect([packet.quoted!.transport, packet.quoted!.destinationPort, packet.quoted!.sequence, packet.quoted!.tcpFlags]).toEqual([IpProtocol.TCP, 443, 0xfffffff0, -1]);
  });

  it('finds DNS on 53 over UDP and over TCP after the length prefix, and on mDNS 5353', () => {
    const query = dnsQuery(0x1234, 'login.example.net');
    decode(LinkType.RAW, ipv4('10.0.0.9', '10.0.0.1', 17, udp(50000, 53, query)));
    expect([packet.appKind, packet.dnsOffset, packet.dnsLength]).toEqual([AppKind.Dns, 28, query.length]);
    const prefixed = Uint8Array.from([0, query.length, ...query]);
    decode(LinkType.RAW, ipv4('10.0.0.9', '10.0.0.1', 6, tcp({ sourcePort: 50001, destinationPort: 53, flags: ACK | PSH, payload: prefixed })));
    expect([packet.appKind, packet.dnsOffset, packet.dnsLength]).toEqual([AppKind.Dns, 42, query.length]);
    decode(LinkType.RAW, ipv4('10.0.0.9', '224.0.0.251', 17, udp(5353, 5353, query)));
    expect(packet.appKind).toBe(AppKind.Dns);
    decode(LinkType.RAW, ipv4('10.0.0.9', '10.0.0.1', 17, udp(50000, 5000, query)));
    expect(packet.appKind).toBe(AppKind.None);
  });
});
