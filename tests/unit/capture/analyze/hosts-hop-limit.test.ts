/**
 * The host list's OS hint leaves out IPv6 hop limits its protocol fixed at 255. Neighbour
 * discovery goes out at 255 whatever the sender's OS (RFC 4861 §6.1.2), so a Windows host's
 * neighbour solicitations read as "router/Solaris/old Linux" beside its own TCP at 128. The frames
 * are built as a capture on the link shows them; tshark reads the ND ones as "Neighbor
 * Solicitation" / "Neighbor Advertisement" (icmpv6.type 135, 136) at ipv6.hlim 255.
 */
import { describe, expect, it } from 'vitest';
import { ACK, ethernet, ipv4, ipv6, ipv6Address, SYN, tcp, udp } from './frame-builder';
import { analyzeFrames } from './analyze-helpers';

const IPV6 = 0x86dd;
const ICMPV6 = 58;
const UDP = 17;
const TCP = 6;
const MAC = [0x08, 0x00, 0x27, 0x19, 0x1c, 0x78];

/** A neighbour solicitation for `target` with the sender's link-layer address option (RFC 4861 §4.3). */
function neighbourSolicitation(source: string, target: string): Uint8Array {
  // The solicited-node multicast group: ff02::1:ff00:0/104 and the target's last 24 bits.
  const [high, middle, low] = ipv6Address(target).slice(13).map((byte) => byte.toString(16).padStart(2, '0'));
  const solicitedNode = `ff02::1:ff${high}:${middle}${low}`;
  const message = Uint8Array.from([135, 0, 0, 0, 0, 0, 0, 0, ...ipv6Address(target), 1, 1, ...MAC]);
  return ethernet(ipv6(source, solicitedNode, ICMPV6, message, 255), IPV6);
}

/** A solicited neighbour advertisement, sent unicast to the asker (RFC 4861 §4.4). */
function neighbourAdvertisement(source: string, destination: string): Uint8Array {
  const message = Uint8Array.from([136, 0, 0, 0, 0x60, 0, 0, 0, ...ipv6Address(source), 2, 1, ...MAC]);
  return ethernet(ipv6(source, destination, ICMPV6, message, 255), IPV6);
}

function hostOf(report: ReturnType<typeof analyzeFrames>, address: string) {
  const host = report.hosts.find((candidate) => candidate.address === address);
  expect(host, address).toBeDefined();
  return host!;
}

describe('OS hint and IPv6 hop limit 255', () => {
  it('guesses no OS for a link-local host seen only in neighbour discovery, yet lists its hop limit', () => {
    const report = analyzeFrames([neighbourSolicitation('fe80::a00:27ff:fe19:1c78', 'fe80::1')]);
    expect(hostOf(report, 'fe80::a00:27ff:fe19:1c78')).toEqual({
      address: 'fe80::a00:27ff:fe19:1c78',
      packets: 1,
      ttls: [{ ttl: 255, initialTtl: 255, hops: 0, packets: 1 }],
      osHint: 'unknown',
    });
  });

  it('takes the hint from a host\'s own traffic when its neighbour discovery outnumbers it', () => {
    // Two Windows hosts on one link: TCP at 128, and more ND between them than TCP (global addresses, as on that link).
    const client = '2008::c9';
    const server = '2008::1';
    const report = analyzeFrames([
      neighbourSolicitation(client, server),
      neighbourAdvertisement(server, client),
      neighbourSolicitation(client, server),
      neighbourAdvertisement(server, client),
      ethernet(ipv6(client, server, TCP, tcp({ sourcePort: 50000, destinationPort: 445, flags: SYN, seq: 1 }), 128), IPV6),
      ethernet(ipv6(server, client, TCP, tcp({ sourcePort: 445, destinationPort: 50000, flags: SYN | ACK, seq: 7, ack: 2 }), 128), IPV6),
    ]);
    for (const address of [client, server]) {
      const host = hostOf(report, address);
      expect(host.ttls.map((reading) => [reading.ttl, reading.packets])).toEqual([[255, 2], [128, 1]]);
      expect(host.osHint, address).toBe('Windows (initial 128)');
    }
  });

  it('still calls routed traffic that left its sender at 255 a router\'s', () => {
    // A router's own UDP to a global address, three hops before the capture point (as LISP map registrations are).
    const report = analyzeFrames([ethernet(ipv6('2607:f2c0::1', '2001:4f8:3:d::61', UDP, udp(4342, 4342, new Uint8Array(12)), 252), IPV6)]);
    expect(hostOf(report, '2607:f2c0::1').osHint).toBe('router/Solaris/old Linux (initial 255)');
  });

  it('keeps the hint for IPv4 at 255, where no protocol fixes the TTL', () => {
    const report = analyzeFrames([ethernet(ipv4('10.0.0.1', '10.0.0.2', UDP, udp(53, 53, new Uint8Array(12)), 255))]);
    expect(hostOf(report, '10.0.0.1').osHint).toBe('router/Solaris/old Linux (initial 255)');
  });
});
