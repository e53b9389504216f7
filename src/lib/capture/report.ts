/**
 * The capture Report: plain serialisable data read alike by the UI, the CLI's --json, the
 * Markdown export and the tests. Field names named in ../shared/DESIGN.md's CLI contract are
 * required and stable; the rest may grow.
 */
import type { CaptureFault, CaptureFormat } from './records';

export type FindingKind =
  | 'connection-refused'
  | 'syn-timeout'
  | 'slow-connect'
  | 'peer-reset'
  | 'middlebox-reset'
  | 'path-mtu-blackhole'
  | 'dns-failure'
  | 'dns-no-response'
  | 'icmp-unreachable'
  | 'icmp-time-exceeded'
  | 'tls-alert'
  | 'proxy-refused'
  | 'capture-damaged'
  | 'duplicate-packets'
  | 'one-way-capture'
  | 'no-tcp';

export interface Finding {
  kind: FindingKind;
  severity: 'error' | 'warning' | 'info';
  /** One plain-language sentence. */
  summary: string;
  /** Guide link, "/page/#step-id"; a test checks every one resolves in the built site. */
  step: string;
  evidence: {
    /** Frame numbers (1-based, over the merged trace) that show it. */
    frames: number[];
    conversationId?: number;
    /**
     * Every conversation the finding speaks for, when it tells several that ended the same way
     * (conversationId is the first); at most 500 (analyze/conversation-groups.ts), views judge the rest alike.
     */
    conversationIds?: number[];
    /** The file a 'capture-damaged' finding is about, so views can pair it with that file's fault. */
    file?: string;
    /** Short supporting detail, e.g. "RST TTL 61 (initial 64, 3 hops); SYN-ACK TTL 107 (initial 128, 21 hops)". */
    detail?: string;
  };
}

export interface FileSummary {
  name: string;
  format: CaptureFormat;
  version?: string;
  linkTypes: number[];
  packets: number;
  bytes: number;
  compressed?: boolean;
  /** Records skipped on purpose, e.g. NetMon 3 special frames by kind. */
  skipped: Record<string, number>;
  fault: CaptureFault | null;
}

export type OsHint = 'linux/macOS/network device (initial 64)' | 'Windows (initial 128)' | 'router/Solaris/old Linux (initial 255)' | 'initial 32' | 'unknown';

export interface TtlReading {
  /** Observed IPv4 TTL or IPv6 hop limit. */
  ttl: number;
  /** Smallest of 32/64/128/255 not below ttl. */
  initialTtl: number;
  hops: number;
}

export type ConversationState =
  | 'established' // handshake done, still open at end of trace
  | 'closed' // FIN both ways
  | 'half-closed' // FIN one way only at end of trace
  | 'reset' // ended by RST after the handshake
  | 'refused' // RST answering SYN
  | 'no-answer' // SYN (and retransmits) only
  | 'mid-stream'; // began before the capture did: no SYN seen

/** One ladder row, as ladderPackets() reads it and JSON output writes it. */
export interface LadderPacket {
  frame: number;
  /** Microseconds since the conversation's first packet (number keeps it cheap; the ISO time is on the conversation). */
  offsetUs: number;
  fromClient: boolean;
  /** TCP flag bits (FIN=1, SYN=2, RST=4, PSH=8, ACK=16, URG=32, ECE=64, CWR=128). */
  flags: number;
  seq: number;
  ack: number;
  window: number;
  payloadLength: number;
  ttl: number;
  initialTtl: number;
  hops: number;
  /** Who most likely put this packet on the wire: the endpoint, or a device on the path (injected RST). */
  origin: 'client' | 'server' | 'path';
  synRetransmit?: boolean;
  /** The capture recorded this packet twice; this row is the copy (Wireshark calls it a retransmission). */
  captureCopy?: boolean;
}

/** A plaintext TLS alert (an encrypted one, as most TLS 1.3 alerts are, is unreadable without the keys). */
export interface TlsAlert {
  frame: number;
  /** "fatal" or "warning". */
  level: string;
  description: string;
  /** The description's number (RFC 8446 §6), what Wireshark's `tls.alert_message.desc` shows. */
  code: number;
  sender: 'client' | 'server';
  conversationId: number | null;
}

export interface Conversation {
  id: number;
  /** "ip:port"; IPv6 as "[addr]:port". */
  client: string;
  server: string;
  clientAddress: string;
  clientPort: number;
  serverAddress: string;
  serverPort: number;
  ipVersion: 4 | 6;
  state: ConversationState;
  /** Who sent the RST that ended it, when one did. */
  resetBy: 'client' | 'server' | 'path' | null;
  packets: number;
  bytes: number;
  packetsToServer: number;
  packetsToClient: number;
  bytesToServer: number;
  bytesToClient: number;
  synRetransmits: number;
  firstFrame: number;
  lastFrame: number;
  firstTime: string;
  lastTime: string;
  durationUs: number;
  /** TTL profile of each side from its SYN/SYN-ACK and data, null when that side sent nothing. */
  clientTtl: TtlReading | null;
  serverTtl: TtlReading | null;
  tlsServerName?: string;
  /** Common names on the first certificate the server sent, and the frame that carried it: only
   *  TLS 1.2 and earlier send it in plaintext. A name is null when the certificate has none. */
  tlsCertificate?: { subject: string | null; issuer: string | null; frame: number };
  /** Description numbers of the plaintext TLS alerts either end sent, in frame order (report.tls.alerts
   *  has the rest), so a filter on `tls.alert_message.desc` reads the conversation alone. */
  tlsAlertCodes?: number[];
  /** Frame of the server's answer that ended the application's session on purpose (a successful SMB2 logoff or tree disconnect), when seen. */
  sessionEndFrame?: number;
  /** Frame of the last segment known to end a whole answer, for protocols whose framing tells (SMB2, SQL Server's TDS), when seen. */
  wholeAnswerFrame?: number;
  /** A tunnel through an HTTP proxy: the "host:port" the client's CONNECT asked for. */
  proxyTarget?: string;
  /** The proxy's HTTP status answering that CONNECT (200: tunnel open; 407: credentials wanted), when captured. */
  proxyStatus?: number;
  /** Every TCP flag bit seen in any of its packets (FIN=1, SYN=2, RST=4, ...), ORed together. */
  tcpFlags: number;
  /**
   * The first and last packets, capped, as packed rows (ladder-rows.ts: read them with
   * ladderPackets(), write JSON with ladderJsonReplacer); `ladderOmitted` says how many in the
   * middle were left out.
   */
  ladder: Int32Array;
  ladderOmitted: number;
}

export interface ResetRecord {
  frame: number;
  time: string;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  /** IPv4 TTL or IPv6 hop limit. */
  ttl: number;
  initialTtl: number;
  hops: number;
  conversationId: number;
  /** Peer: matches what the same address sent before; path: differs; unknown: nothing to compare with. */
  sentBy: 'peer' | 'path' | 'unknown';
  explanation: string;
  /**
   * The end this RST was sent to had already sent a FIN: the RST finished a close that end began
   * (an abortive close), rather than cutting a conversation short.
   */
  afterPeerFin: boolean;
  /**
   * The packet right after this RST in its conversation is the other end's FIN, without data,
   * starting where the RST acknowledged, and within a second: that FIN left before the RST arrived,
   * so both ends were closing at once and nothing the other end sent was lost (an abortive close
   * seen from the side that sent the RST, or from a capture point near it).
   */
  crossedPeerFin: boolean;
  /**
   * Its sender had already sent its own FIN: it had closed, and the RST either answered what the
   * other end still sent (a closing TLS alert, a late request) or dropped the close it began.
   */
  afterOwnFin: boolean;
  /**
   * How the first reset of a connection ended it, other than around a FIN: in a routine way (right
   * after the server confirmed the end of an SMB session, after an LDAP unbind, after a silence that
   * left an idle connection, right after the handshake of a port check), or, not routine, after a
   * client request acknowledged and never answered ('unanswered-request': one end gave up waiting).
   * Absent otherwise.
   */
  ending?: 'session-end' | 'ldap-unbind' | 'idle' | 'port-check' | 'unanswered-request';
}

export interface HostProfile {
  address: string;
  packets: number;
  /** Distinct (initialTtl, hops) pairs seen from this address, most frequent first. */
  ttls: Array<TtlReading & { packets: number }>;
  /** From the most frequent TTL the sender's OS chose: an IPv6 hop limit of 255 that neighbour
   *  discovery or other link-scope traffic demands names no OS, and is passed over. */
  osHint: OsHint;
}

export interface DnsFailure {
  name: string;
  /** "NXDOMAIN", "SERVFAIL", ... or "no response". */
  rcode: string;
  rcodeValue: number | null;
  server: string;
  frame: number;
  time: string;
}

export interface IcmpError {
  frame: number;
  time: string;
  from: string;
  /** e.g. "destination unreachable: port unreachable", "time exceeded in transit". */
  description: string;
  type: number;
  code: number;
  /** The conversation the quoted packet belongs to, when it is one we saw. */
  conversationId: number | null;
  quoted: string | null;
}

export interface CaptureReport {
  files: FileSummary[];
  packets: number;
  /** ISO-8601 UTC with the file's full sub-second precision; null when no packet. */
  firstTime: string | null;
  lastTime: string | null;
  /** The first fault, in the contract's shape; every fault is also on its file summary. */
  damage: null | { file: string; offset: number; reason: string };
  tcp: {
    conversations: Conversation[];
    resets: ResetRecord[];
    synRetransmissions: number;
    packets: number;
    /** Packets the capture recorded more than once (pktmon at several components): counted in packets, never as retransmissions. */
    duplicatePackets: number;
  };
  udp: { packets: number };
  dns: {
    /** As tshark counts dns.flags.response == 0 / 1: with mDNS, LLMNR, updates and DNS quoted in ICMP errors. */
    queries: number;
    responses: number;
    failures: DnsFailure[];
    /** Of `queries`, the standard queries (opcode 0) sent to a DNS server's port 53: what the DNS verdicts judge. */
    unicastQueries?: number;
    /**
     * Those queries as look-ups (a query and its retries, same client port and id, once) by the
     * outcome of their first answer: `asked` = `resolved` (NOERROR) + `failed` (an error code) +
     * `unanswered`; `withoutQuery` counts look-ups seen only by their answer. Answers quoted in ICMP
     * errors are never counted here.
     */
    lookups?: { asked: number; resolved: number; failed: number; unanswered: number; withoutQuery: { resolved: number; failed: number } };
  };
  tls: { serverNames: string[]; alerts: TlsAlert[] };
  icmp: { errors: IcmpError[] };
  hosts: HostProfile[];
  findings: Finding[];
  /** Packets we could not decode fully, by reason (unknown link type, NOT_IP_REASON, a header cut short or malformed). */
  undecoded: Record<string, number>;
  /** Items counted but left out of a list that reached its cap, by list ("tcp.resets",
   *  "dns.failures", "dns.untrackedQueries" (not checked for an answer), "icmp.errors",
   *  "tls.serverNames", "tls.alerts"); absent when nothing was left out. */
  omitted?: Record<string, number>;
}

export interface AnalyzeProgress {
  bytesDone: number;
  bytesTotal: number;
  packets: number;
  /** Findings known so far, so the first verdicts show while the rest streams. */
  findings: Finding[];
}

/** The `undecoded` reason of frames read in full that are simply not IP (ARP, spanning tree, Wi-Fi control and management frames, link types that never carry IP): no fault of ours. */
export const NOT_IP_REASON = 'not IP (ARP, spanning tree, Wi-Fi control frames, ...)';

/**
 * How an RST relates to the close of its conversation (a FIN, or an ending: see ResetRecord.ending),
 * in the few words the CLI, the Markdown export and the resets list add after its sender; null when
 * nothing tells how it cut the conversation short. A note does not make a reset routine (see
 * isRoutineReset).
 */
export function resetClosingNote(reset: Pick<ResetRecord, 'afterPeerFin' | 'crossedPeerFin' | 'afterOwnFin' | 'ending'>): { label: string; sentence: string } | null {
  if (reset.afterPeerFin) {
    return { label: 'answering a FIN', sentence: 'The other end had already sent its FIN, so this reset only finished a close under way (an abortive close).' };
  }
  if (reset.crossedPeerFin) {
    return { label: 'crossing a FIN', sentence: "The other end's FIN came right after it, sent before the reset arrived and starting where the reset acknowledged: both ends were closing at once (an abortive close) and nothing was lost." };
  }
  if (reset.afterOwnFin) {
    return { label: 'after its own FIN', sentence: 'Its sender had already closed (sent its FIN): this reset ended a close it had begun itself (an abortive close).' };
  }
  switch (reset.ending) {
    case 'session-end':
      return { label: 'ending an SMB session', sentence: 'It came right after the server confirmed the end of the SMB session (a logoff or tree disconnect): Windows ends SMB sessions this way.' };
    case 'ldap-unbind':
      return { label: 'after an LDAP unbind', sentence: "It came right after the client's last message, acknowledging all of it and answering nothing: an LDAP server ends a session this way after an unbind." };
    case 'idle':
      return { label: 'ending an idle connection', sentence: 'It came after a second or more of silence, with every byte acknowledged: an idle connection dropped.' };
    case 'port-check':
      return { label: 'ending a port check', sentence: 'It came right after the handshake, with no data either way: a reachability check.' };
    case 'unanswered-request':
      return { label: 'giving up on an unanswered request', sentence: 'It came a second or more after a request that was acknowledged but never answered: one end gave up waiting for the answer.' };
    default:
      return null;
  }
}
