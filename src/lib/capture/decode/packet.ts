/**
 * The reusable decode target. One DecodedPacket lives for the whole analysis and every
 * dissector overwrites its fields, so the hot loop allocates nothing per packet: addresses
 * are copied as 32-bit words, payloads are (offset, length) pairs into the bytes handed to the
 * decoder (which hold the frame from `frameStart`), and strings are built later, only for what
 * the report keeps.
 *
 * Dissectors never throw. When a header is cut short or holds an impossible value they add a
 * problem and stop descending, so what was decoded above stays usable.
 */

export type DecodeLayer = 'link' | 'network' | 'transport' | 'application';

export interface DecodeProblem {
  layer: DecodeLayer;
  /** Byte offset within the frame. */
  offset: number;
  reason: string;
  /** The bytes ran out (snap length) rather than holding a bad value: Wireshark's
   *  "[Packet size limited during capture]" as opposed to "[Malformed Packet]". */
  truncated: boolean;
}

/** TCP flag bits as in the header's 13th byte. */
export const TcpFlag = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128 } as const;

export const IpProtocol = { ICMP: 1, IPV4_IN_IP: 4, TCP: 6, UDP: 17, IPV6_IN_IP: 41, IPV6_ICMP: 58 } as const;

/** What an application-layer dissector recognised in a payload. */
export const AppKind = { None: 0, Dns: 1 } as const;

/** Problems kept per packet; a hostile frame could otherwise make the list grow with its size. */
const MAX_PROBLEMS = 8;

export class DecodedPacket {
  // --- network layer ---
  /** 0 when no IP header was found, else 4 or 6. */
  ipVersion = 0;
  /** Addresses as big-endian 32-bit words; IPv4 uses word 0 and leaves 1..3 zero. */
  readonly source = new Uint32Array(4);
  readonly destination = new Uint32Array(4);
  /** IPv4 TTL or IPv6 hop limit. */
  ttl = 0;
  /** IPv4 identification field; -1 for IPv6, which has none outside fragments. */
  ipIdentification = -1;
  /** Upper-layer protocol after IPv6 extension headers. */
  protocol = -1;
  /** True for any fragment except a whole datagram; only the first (offset 0) carries the L4 header. */
  fragment = false;
  fragmentOffset = 0;
  /** Bytes of IP payload the header declares (may exceed what was captured). */
  ipPayloadLength = 0;
  /** IP headers met so far (tunnels nest them); bounded so a crafted nest cannot recurse deeply. */
  ipLayers = 0;

  // --- transport layer: set when `transport` is non-zero ---
  /** IpProtocol of the decoded transport header, 0 when none was decoded. */
  transport = 0;
  sourcePort = 0;
  destinationPort = 0;
  /** -1 when a quoted header stopped before the flags byte. */
  tcpFlags = 0;
  sequence = 0;
  acknowledgment = 0;
  window = 0;
  /** As captured (a sender's own packets may carry a placeholder its network adapter replaces); -1 when cut off. */
  tcpChecksum = -1;
  /** TCP options (normally only on SYN and SYN-ACK); -1 when absent. */
  maximumSegmentSize = -1;
  windowScale = -1;
  sackPermitted = false;
  timestampPresent = false;
  /** Application payload within the frame bytes: what was captured of it. */
  payloadOffset = 0;
  payloadLength = 0;
  /** Payload length on the wire (from IP/UDP lengths), which may exceed the captured part. */
  payloadWireLength = 0;

  // --- ICMP ---
  icmpType = -1;
  icmpCode = -1;
  /** The packet quoted by an ICMP error, decoded down to its transport header; null when none. */
  quoted: DecodedPacket | null = null;
  /** Set when `quoted` holds this packet's ICMP quote (the instance itself is reused). */
  quotedPresent = false;
  /** True when this packet is itself the quoted copy inside an ICMP error. */
  readonly insideError: boolean;

  // --- application ---
  appKind: number = AppKind.None;
  /** Offset of a DNS message in the frame (after the 2-byte length prefix over TCP). */
  dnsOffset = 0;
  dnsLength = 0;

  problems: DecodeProblem[] = [];
  /** Where the frame starts in the decoded bytes; problems count their offsets from it. */
  frameStart = 0;

  constructor(insideError = false) {
    this.insideError = insideError;
  }

  reset(): void {
    // Addresses are not cleared: an IP dissector that sets ipVersion also writes all four words of both.
    this.ipVersion = 0;
    this.ttl = 0;
    this.ipIdentification = -1;
    this.protocol = -1;
    this.fragment = false;
    this.fragmentOffset = 0;
    this.ipPayloadLength = 0;
    this.ipLayers = 0;
    this.transport = 0;
    this.sourcePort = 0;
    this.destinationPort = 0;
    this.tcpFlags = 0;
    this.sequence = 0;
    this.acknowledgment = 0;
    this.window = 0;
    this.tcpChecksum = -1;
    this.maximumSegmentSize = -1;
    this.windowScale = -1;
    this.sackPermitted = false;
    this.timestampPresent = false;
    this.payloadOffset = 0;
    this.payloadLength = 0;
    this.payloadWireLength = 0;
    this.icmpType = -1;
    this.icmpCode = -1;
    this.appKind = AppKind.None;
    this.dnsOffset = 0;
    this.dnsLength = 0;
    this.quotedPresent = false;
    if (this.problems.length > 0) this.problems = [];
  }

  problem(layer: DecodeLayer, offset: number, reason: string, truncated: boolean): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ layer, offset: offset - this.frameStart, reason, truncated });
  }
}

/**
 * A dissector for one protocol: reads `data[offset, end)` into `packet`. `end` is where the
 * captured bytes of this layer stop (the frame end, or less when a lower length field says so).
 */
export type Dissector = (data: Uint8Array, offset: number, end: number, packet: DecodedPacket) => void;

/**
 * A table keyed by a small protocol number (link type, EtherType, IP protocol, port): a dense
 * array indexed by the number, because it is consulted several times per packet. The array is
 * filled to its length up front; a sparse one (EtherType 0x86dd set on an empty array) falls
 * back to dictionary mode and measured slower than Map.get.
 *
 * The array stops at the largest key set, not at the key space: the port tables hold only DNS
 * ports (up to 5355), so a lookup for an ephemeral port is a length check, where a 65,536-slot
 * array cost a cache miss per TCP packet (two: source port, then destination port).
 */
export class DispatchTable {
  private entries: Array<Dissector | undefined> = [];
  private readonly size: number;

  /** `size`: one past the largest key allowed (256 for IP protocols, 65536 for EtherTypes and ports). */
  constructor(size: number, rows: Iterable<readonly [number, Dissector]> = []) {
    this.size = size;
    for (const [key, dissector] of rows) this.set(key, dissector);
  }

  set(key: number, dissector: Dissector): void {
    if (key < 0 || key >= this.size) throw new RangeError(`dispatch key ${key} outside 0..${this.size - 1}`);
    if (key >= this.entries.length) {
      const grown = new Array<Dissector | undefined>(key + 1).fill(undefined);
      for (let index = 0; index < this.entries.length; index++) grown[index] = this.entries[index];
      this.entries = grown;
    }
    this.entries[key] = dissector;
  }

  get(key: number): Dissector | undefined {
    return key >= 0 && key < this.entries.length ? this.entries[key] : undefined;
  }

  has(key: number): boolean {
    return this.get(key) !== undefined;
  }
}
