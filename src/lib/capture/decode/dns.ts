/**
 * DNS messages (RFC 1035 §4) over UDP and TCP (RFC 7766: 2-byte length prefix), also serving
 * mDNS (RFC 6762, port 5353) and LLMNR (RFC 4795, port 5355), which share the message format
 * and which tshark counts under the same dns.* fields.
 *
 * The dissector only locates the message; header fields and names are read on demand by the
 * analyzer, so a packet it does not care about costs nothing beyond the port lookup.
 */
import { AppKind, IpProtocol, type DecodedPacket, type Dissector } from './packet';

export const DNS_PORTS = [53, 5353, 5355] as const;
const DNS_HEADER_LENGTH = 12;
/** The flags word is enough to tell a query from a response and read its rcode. */
const DNS_FLAGS_END = 4;
/** RFC 1035 §2.3.4: a name is at most 255 bytes on the wire. */
const MAX_NAME_LENGTH = 255;
/** Compression pointers followed per name before calling it a loop; 255 bytes allow ~127 labels. */
const MAX_POINTER_JUMPS = 128;

export const DNS_RCODE_NAMES: Record<number, string> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
  6: 'YXDOMAIN',
  7: 'YXRRSET',
  8: 'NXRRSET',
  9: 'NOTAUTH',
  10: 'NOTZONE',
};

export function dnsRcodeName(rcode: number): string {
  return DNS_RCODE_NAMES[rcode] ?? `RCODE ${rcode}`;
}

export const dnsOverUdp: Dissector = (_data, offset, end, packet) => {
  if (end - offset < DNS_FLAGS_END) {
    packet.problem('application', offset, `DNS message of ${end - offset} bytes has no flags field`, true);
    return;
  }
  packet.appKind = AppKind.Dns;
  packet.dnsOffset = offset;
  packet.dnsLength = end - offset;
};

export const dnsOverTcp: Dissector = (data, offset, end, packet) => {
  // A segment that does not start with a length prefix followed by a header is the middle of a
  // message split across segments; without reassembly we leave it alone.
  if (end - offset < 2 + DNS_FLAGS_END) return;
  const declared = (data[offset] << 8) | data[offset + 1];
  if (declared < DNS_HEADER_LENGTH) return;
  packet.appKind = AppKind.Dns;
  packet.dnsOffset = offset + 2;
  packet.dnsLength = Math.min(declared, end - offset - 2);
};

/** Header fields of one message; a reusable target for readDnsHeader. */
export class DnsHeader {
  id = 0;
  response = false;
  opcode = 0;
  rcode = 0;
  questions = 0;
  answers = 0;
}

/** Reads the header; counts stay 0 when the message is shorter than the 12-byte header. */
export function readDnsHeader(data: Uint8Array, offset: number, length: number, out: DnsHeader): void {
  out.id = (data[offset] << 8) | data[offset + 1];
  out.response = (data[offset + 2] & 0x80) !== 0;
  out.opcode = (data[offset + 2] >> 3) & 0x0f;
  out.rcode = data[offset + 3] & 0x0f;
  const whole = length >= DNS_HEADER_LENGTH;
  out.questions = whole ? (data[offset + 4] << 8) | data[offset + 5] : 0;
  out.answers = whole ? (data[offset + 6] << 8) | data[offset + 7] : 0;
}

/**
 * Reads the name at `nameOffset`, following compression pointers (RFC 1035 §4.1.4) with a
 * jump limit and the rule that pointers go backwards, so a crafted loop ends. Returns null for
 * a malformed name. Labels are decoded as Latin-1 and left unescaped: callers render text.
 */
export function readDnsName(data: Uint8Array, messageStart: number, messageEnd: number, nameOffset: number): string | null {
  let cursor = nameOffset;
  let jumps = 0;
  let wireLength = 0;
  let name = '';
  for (;;) {
    if (cursor >= messageEnd) return null;
    const length = data[cursor];
    if (length === 0) return name === '' ? '<Root>' : name;
    const kind = length & 0xc0;
    if (kind === 0xc0) {
      if (cursor + 1 >= messageEnd) return null;
      const target = messageStart + (((length & 0x3f) << 8) | data[cursor + 1]);
      if (target >= cursor || ++jumps > MAX_POINTER_JUMPS) return null;
      cursor = target;
      continue;
    }
    if (kind !== 0) return null; // 0x40 / 0x80: extended and binary labels, obsolete (RFC 6891 §5)
    wireLength += length + 1;
    if (wireLength > MAX_NAME_LENGTH || cursor + 1 + length > messageEnd) return null;
    if (name !== '') name += '.';
    name += String.fromCharCode(...data.subarray(cursor + 1, cursor + 1 + length));
    cursor += 1 + length;
  }
}

/** Opcodes RFC 1035, 1996, 2136 and 8490 assign: QUERY, IQUERY, STATUS, NOTIFY, UPDATE, DSO. */
const ASSIGNED_OPCODES = new Set([0, 1, 2, 4, 5, 6]);
/** The smallest question: the root name (1 byte), QTYPE and QCLASS. */
const MIN_QUESTION_LENGTH = 5;

/**
 * Whether the capture holds less of the message than was sent: cut by the snap length, or a TCP
 * message split over segments. Only the flags can be trusted then, not the lengths and names.
 */
export function dnsMessageCut(data: Uint8Array, packet: DecodedPacket): boolean {
  if (packet.transport === IpProtocol.UDP) return packet.payloadWireLength > packet.dnsLength;
  const declared = (data[packet.dnsOffset - 2] << 8) | data[packet.dnsOffset - 1];
  return declared > packet.dnsLength;
}

/**
 * What in the message shows it is not DNS as a client or server sends it ("unassigned opcode 15;
 * ..."), or null. Of a `cut` message only the opcode can be judged: the rest was not captured.
 */
export function dnsMessageProblem(data: Uint8Array, offset: number, length: number, header: DnsHeader, cut: boolean): string | null {
  const problems: string[] = [];
  if (!ASSIGNED_OPCODES.has(header.opcode)) problems.push(`unassigned opcode ${header.opcode}`);
  if (!cut) {
    const room = length - DNS_HEADER_LENGTH;
    if (room < 0) problems.push(`${length} bytes, shorter than the ${DNS_HEADER_LENGTH}-byte header`);
    else if (header.questions * MIN_QUESTION_LENGTH > room) problems.push(`${header.questions} questions claimed in ${room} bytes`);
    else if (header.questions > 0 && readDnsName(data, offset, offset + length, offset + DNS_HEADER_LENGTH) === null) problems.push('a malformed question name');
  }
  return problems.length > 0 ? problems.join('; ') : null;
}

/** Name of the first question, or null when the message has none or it is malformed. */
export function readDnsQuestionName(data: Uint8Array, offset: number, length: number): string | null {
  if (length <= DNS_HEADER_LENGTH || ((data[offset + 4] << 8) | data[offset + 5]) === 0) return null;
  return readDnsName(data, offset, offset + length, offset + DNS_HEADER_LENGTH);
}

/** Type of the first question (1 A, 6 SOA, 12 PTR, 28 AAAA ...), or null when the message has none or it is cut short. */
export function readDnsQuestionType(data: Uint8Array, offset: number, length: number): number | null {
  if (length <= DNS_HEADER_LENGTH || ((data[offset + 4] << 8) | data[offset + 5]) === 0) return null;
  const end = offset + length;
  let cursor = offset + DNS_HEADER_LENGTH;
  // The name's wire form: labels up to the root label, or up to a compression pointer, which ends it.
  for (;;) {
    if (cursor >= end) return null;
    const label = data[cursor];
    if (label === 0) {
      cursor += 1;
      break;
    }
    if ((label & 0xc0) === 0xc0) {
      cursor += 2;
      break;
    }
    cursor += 1 + label;
  }
  return cursor + 2 <= end ? (data[cursor] << 8) | data[cursor + 1] : null;
}
