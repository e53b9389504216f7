/**
 * TTL / hop-limit reasoning (DESIGN.md "TTL reasoning"). Operating systems start packets at
 * a few well-known TTLs and every router subtracts one, so an observed TTL names both the
 * likely initial value and the hop count between sender and capture point. A RST whose
 * (initial, hops) differs from what the same address otherwise sends was most likely made by
 * a device on the path (firewall, proxy, load balancer) and not by the host it claims to be.
 */
import { IpProtocol, type DecodedPacket } from '../decode/packet';
import type { OsHint, TtlReading } from '../report';

export const INITIAL_TTLS = [32, 64, 128, 255] as const;

/** Smallest common initial TTL not below the observed one. */
export function initialTtlOf(observed: number): number {
  for (const initial of INITIAL_TTLS) if (observed <= initial) return initial;
  return 255;
}

export function ttlReading(observed: number): TtlReading {
  const initialTtl = initialTtlOf(observed);
  return { ttl: observed, initialTtl, hops: initialTtl - observed };
}

export function osHintOf(initialTtl: number): OsHint {
  switch (initialTtl) {
    case 64:
      return 'linux/macOS/network device (initial 64)';
    case 128:
      return 'Windows (initial 128)';
    case 255:
      return 'router/Solaris/old Linux (initial 255)';
    case 32:
      return 'initial 32';
    default:
      return 'unknown';
  }
}

/** ICMPv6 router and neighbour solicitation and advertisement, and redirect (RFC 4861 §4). */
const NEIGHBOUR_DISCOVERY_FIRST = 133;
const NEIGHBOUR_DISCOVERY_LAST = 137;

/**
 * Whether an IPv6 packet's hop limit of 255 was set by its protocol and not by the sender's OS:
 * neighbour discovery must go out at 255 (RFC 4861 §6.1.2: receivers drop anything lower, the proof
 * it came from the link), and other traffic to or from a link-local address at 255 uses the same
 * guard. Such a reading says nothing about the OS; a router's own routed traffic at 255 still does.
 */
export function hopLimitSetByProtocol(packet: DecodedPacket): boolean {
  if (packet.ipVersion !== 6 || packet.ttl !== 255) return false;
  if (packet.transport === IpProtocol.IPV6_ICMP && packet.icmpType >= NEIGHBOUR_DISCOVERY_FIRST && packet.icmpType <= NEIGHBOUR_DISCOVERY_LAST) return true;
  const linkLocalUnicast = (word: number) => word >>> 22 === 0x3fa; // fe80::/10
  const linkScopeMulticast = (word: number) => word >>> 24 === 0xff && ((word >>> 16) & 0xf) === 2; // ff02::/16 and its flagged twins
  return linkLocalUnicast(packet.source[0]) || linkLocalUnicast(packet.destination[0]) || linkScopeMulticast(packet.destination[0]);
}

/** What kind of box usually starts at this TTL, for the sentence about an injected RST. */
export function deviceHint(initialTtl: number): string {
  switch (initialTtl) {
    case 64:
      return 'likely a Linux-based firewall, proxy or load balancer';
    case 128:
      return 'likely a Windows-based proxy or gateway';
    case 255:
      return 'likely a router or network appliance';
    default:
      return 'an unusual device (initial TTL 32)';
  }
}

export function describeTtl(reading: TtlReading): string {
  return `TTL ${reading.ttl} (initial ${reading.initialTtl}, ${reading.hops} ${reading.hops === 1 ? 'hop' : 'hops'})`;
}

export interface ResetVerdict {
  sentBy: 'peer' | 'path' | 'unknown';
  explanation: string;
}

/**
 * Judges a RST claiming to come from `address` with TTL `rstTtl` against the TTLs that address
 * used before (`referenceTtls`, most telling first: its SYN/SYN-ACK, then its other packets).
 * `scope` says where the references came from ("in this conversation" / "elsewhere in the trace").
 */
export function explainReset(address: string, rstTtl: number, referenceTtls: readonly number[], scope: string): ResetVerdict {
  const rst = ttlReading(rstTtl);
  if (referenceTtls.length === 0) {
    return {
      sentBy: 'unknown',
      explanation: `Cannot tell who sent it: ${address} sent nothing else to compare with; the RST has ${describeTtl(rst)}.`,
    };
  }
  if (referenceTtls.includes(rstTtl)) {
    return {
      sentBy: 'peer',
      explanation: `Sent by ${address} itself: the RST has ${describeTtl(rst)}, the same as its other packets ${scope}.`,
    };
  }
  const reference = ttlReading(referenceTtls[0]);
  return {
    sentBy: 'path',
    explanation:
      `Most likely sent by a device on the path, not by ${address}: the RST has ${describeTtl(rst)} — a device ${rst.hops} ${rst.hops === 1 ? 'hop' : 'hops'} from the capture point, ` +
      `${deviceHint(rst.initialTtl)} — while ${address} itself is ${reference.hops} ${reference.hops === 1 ? 'hop' : 'hops'} away (initial ${reference.initialTtl}, TTL ${reference.ttl}) ${scope}.`,
  };
}
