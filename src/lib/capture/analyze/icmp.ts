/**
 * ICMP and ICMPv6 errors, each tied to the conversation of the packet it quotes when we saw
 * that conversation. Texts follow the IANA registries' names for types and codes.
 */
import { IpProtocol, type DecodedPacket } from '../decode/packet';
import { formatAddress, formatEndpoint } from './address';

export const MAX_ICMP_ERRORS = 2000;

const ICMP_UNREACHABLE_CODES: Record<number, string> = {
  0: 'network unreachable',
  1: 'host unreachable',
  2: 'protocol unreachable',
  3: 'port unreachable',
  4: 'fragmentation needed but DF set',
  5: 'source route failed',
  6: 'destination network unknown',
  7: 'destination host unknown',
  9: 'network administratively prohibited',
  10: 'host administratively prohibited',
  13: 'communication administratively prohibited',
};
const ICMPV6_UNREACHABLE_CODES: Record<number, string> = {
  0: 'no route to destination',
  1: 'communication administratively prohibited',
  2: 'beyond scope of source address',
  3: 'address unreachable',
  4: 'port unreachable',
  5: 'source address failed ingress/egress policy',
  6: 'reject route to destination',
};

export type IcmpErrorClass = 'unreachable' | 'time-exceeded' | 'other';

export function classifyIcmp(protocol: number, type: number): IcmpErrorClass {
  if (protocol === IpProtocol.ICMP) return type === 3 ? 'unreachable' : type === 11 ? 'time-exceeded' : 'other';
  return type === 1 ? 'unreachable' : type === 3 ? 'time-exceeded' : 'other';
}

export function describeIcmp(protocol: number, type: number, code: number): string {
  const kind = classifyIcmp(protocol, type);
  if (kind === 'unreachable') {
    const codes = protocol === IpProtocol.ICMP ? ICMP_UNREACHABLE_CODES : ICMPV6_UNREACHABLE_CODES;
    return `destination unreachable: ${codes[code] ?? `code ${code}`}`;
  }
  if (kind === 'time-exceeded') return code === 0 ? 'time exceeded in transit' : 'fragment reassembly time exceeded';
  if (protocol === IpProtocol.ICMP) return { 4: 'source quench', 5: 'redirect', 12: 'parameter problem' }[type] ?? `ICMP type ${type}`;
  return { 2: 'packet too big', 4: 'parameter problem' }[type] ?? `ICMPv6 type ${type}`;
}

export interface IcmpErrorEvent {
  frame: number;
  fileIndex: number;
  seconds: number;
  nanoseconds: number;
  from: string;
  description: string;
  errorClass: IcmpErrorClass;
  type: number;
  code: number;
  conversationId: number | null;
  quoted: string | null;
  /** Destination port of the quoted packet (what it was trying to reach), -1 when unknown. */
  quotedPort: number;
  /**
   * "Port unreachable" for an answer to a name look-up: the asker had closed the port its query
   * came from. For DNS that may mean a slow server or a spare answer, not a closed port; for
   * LLMNR it is routine (see LateAnswer).
   */
  lateAnswer: LateAnswer | null;
}

/**
 * Name services whose answers meet a closed port. Windows asks LLMNR (by multicast) and NetBIOS
 * at once, keeps the first answer or gives up after a short wait, and closes the port: every
 * answer after that is turned away, whichever host sends it.
 */
export type NameService = 'DNS' | 'LLMNR';
const NAME_SERVICE_BY_PORT = new Map<number, NameService>([
  [53, 'DNS'],
  [5355, 'LLMNR'],
]);

/**
 * A name service's answer turned away, with the question it answered (null when not quoted).
 * For DNS, what the trace shows of its query: 'late' when the query is there with no earlier
 * answer (the asker gave up waiting: a slow server); 'spare' when the query already had its
 * answer, so this one replies to a repeat of it; 'unseen' when the query is not in the trace,
 * so nothing shows how long the server took.
 */
export type LateAnswer =
  | { service: 'LLMNR'; name: string | null }
  | {
      service: 'DNS';
      query: 'late' | 'spare' | 'unseen';
      /** The DNS server that sent the answer. */
      server: string;
      name: string | null;
      /** Seconds the look-up waited for its first answer, when the trace shows it. */
      firstAnswerDelay: number | null;
    };

/** The name service whose answer a "port unreachable" quotes (a UDP packet from its port), else null. */
export function lateNameAnswer(protocol: number, type: number, code: number, quoted: DecodedPacket): NameService | null {
  const portUnreachable = protocol === IpProtocol.ICMP ? type === 3 && code === 3 : type === 1 && code === 4;
  if (!portUnreachable || quoted.transport !== IpProtocol.UDP) return null;
  return NAME_SERVICE_BY_PORT.get(quoted.sourcePort) ?? null;
}

/** "TCP 10.0.0.9:50123 to 10.0.0.5:8060" for the quoted packet, null when no transport header was quoted. */
export function describeQuoted(quoted: DecodedPacket): string | null {
  if (quoted.transport !== IpProtocol.TCP && quoted.transport !== IpProtocol.UDP) return null;
  const name = quoted.transport === IpProtocol.TCP ? 'TCP' : 'UDP';
  const source = formatEndpoint(quoted.ipVersion, formatAddress(quoted.ipVersion, quoted.source), quoted.sourcePort);
  const destination = formatEndpoint(quoted.ipVersion, formatAddress(quoted.ipVersion, quoted.destination), quoted.destinationPort);
  return `${name} ${source} to ${destination}`;
}
