/**
 * DNS outcomes: every answer to a standard query (opcode QUERY) with an error rcode (NXDOMAIN,
 * SERVFAIL, REFUSED ...) and every unicast standard query still unanswered at the end of the
 * trace. Queries are matched to responses by client address and port, server address and message id.
 *
 * Counts follow tshark's frame-based `dns.flags.response==0/1`, which also matches DNS quoted
 * inside ICMP errors, mDNS and LLMNR, and malformed messages; only real (unquoted), well-formed
 * unicast messages feed the verdicts.
 */
import { DnsHeader, dnsMessageCut, dnsMessageProblem, dnsRcodeName, readDnsHeader, readDnsQuestionName, readDnsQuestionType } from '../decode/dns';
import { AppKind, type DecodedPacket } from '../decode/packet';
import { formatAddress, formatEndpoint } from './address';
import { withinCopyWindow } from './capture-copies';
import type { LateAnswer, NameService } from './icmp';
import { KeyTable } from './key-table';

/** Failures listed individually; beyond this they are only counted (findings group them by name anyway). */
export const MAX_DNS_FAILURES = 2000;
/** Queries matched to responses; past this, further queries are counted but not followed (bounded memory). */
export const MAX_TRACKED_QUERIES = 200_000;
/** Unicast DNS; mDNS and LLMNR queries go to multicast groups and any host may answer, so "no response" means nothing there. */
const UNICAST_DNS_PORT = 53;
/** RFC 1035's standard query: the only look-up whose failure means a name did not resolve. */
const OPCODE_QUERY = 0;
/** RFC 2136 dynamic update: Windows registers its own name this way (judged in dns-findings.ts). */
const OPCODE_UPDATE = 5;
const RCODE_NOERROR = 0;
const RCODE_NXDOMAIN = 3;
/** `unaskedLookup`'s answer for a capture's copy, which belongs to no new look-up. */
const COPY = -2;

/** The whole labels two names end with: ("a.contoso.com", "b.x.contoso.com") -> "contoso.com". */
function commonDomainSuffix(left: string, right: string): string {
  const leftLabels = left.split('.');
  const rightLabels = right.split('.');
  let shared = 0;
  while (shared < leftLabels.length && shared < rightLabels.length && leftLabels.at(-1 - shared) === rightLabels.at(-1 - shared)) shared++;
  return shared === 0 ? '' : leftLabels.slice(-shared).join('.');
}

export interface DnsFailureEvent {
  name: string;
  /** The first question's type (6 for SOA), -1 when unreadable. */
  questionType: number;
  /** The client that asked. */
  client: string;
  rcode: string;
  rcodeValue: number | null;
  server: string;
  frame: number;
  fileIndex: number;
  seconds: number;
  nanoseconds: number;
  /**
   * The look-up (one query's id from one client port, with its retries) this belongs to: a server
   * answering each retry, or answering after the client gave up, is still one failed look-up.
   */
  lookup: number;
  /**
   * For the first answer to a look-up whose query is in the trace: seconds from its first query
   * to this answer. Null for a spare answer (to a repeat), an answer whose query is not in the
   * trace, and no answer.
   */
  answerDelay: number | null;
}

/** A message that is not DNS as a client or server sends it, though it came to or from a DNS port. */
export interface MalformedDnsEvent {
  frame: number;
  /** The sender, "address:port". */
  source: string;
  problem: string;
}

/** The answer to a dynamic update, by the client that sent it and the zone it updates. */
export interface DnsUpdateEvent {
  zone: string;
  client: string;
  server: string;
  rcode: string;
  frame: number;
}

/**
 * Look-ups to DNS servers by outcome, the first answer deciding (a repeat's answer rarely
 * differs). The queries tshark counts also hold every retry, mDNS, LLMNR and updates; these are
 * what the verdicts judge.
 */
export interface DnsLookupCounts {
  /** Standard queries to port 53 in the trace, a query and its retries (same client port and id) once. */
  asked: number;
  /** Of `asked`: answered NOERROR (the name exists, though it may hold no record of the type asked). */
  resolved: number;
  /** Of `asked`: answered with an error code (NXDOMAIN, SERVFAIL, REFUSED ...). */
  failed: number;
  /** Of `asked`: no answer by the end of the trace. */
  unanswered: number;
  /** Look-ups whose query is not in the trace (asked before the capture began) but whose answer is, by that answer. */
  withoutQuery: { resolved: number; failed: number };
}

/** What is kept of a look-up seen only by its answers: which look-up it is, and when its last answer came. */
interface UnaskedLookup {
  lookup: number;
  answeredAt: number;
}

/** A look-up never answered, with how often the client asked. */
export interface UnansweredDnsEvent extends DnsFailureEvent {
  /** Times the query was sent: the first and each retry (same client port and id), the capture's copies left out. */
  sent: number;
}

interface PendingQuery extends UnansweredDnsEvent {
  /** When the query was last sent, in seconds: a repeat within the copy window is the capture's copy of it. */
  sentAt: number;
  /** Answers received, the capture's copies left out: past the first, each replies to a repeat of the query. */
  answers: number;
  /** When the last answer came, in seconds: a second answer within the copy window is the capture's copy of it. */
  answeredAt: number;
}

export class DnsTracker {
  queries = 0;
  responses = 0;
  /** Of `queries`, the well-formed standard queries to a DNS server (port 53), the ones the verdicts judge. */
  unicastQueries = 0;
  failureCount = 0;
  /** Queries past MAX_TRACKED_QUERIES, which cannot be reported as unanswered. */
  untrackedQueries = 0;
  readonly failures: DnsFailureEvent[] = [];
  readonly malformed: MalformedDnsEvent[] = [];
  /** Answers to dynamic updates, bounded like failures. */
  readonly updates: DnsUpdateEvent[] = [];
  /** Per server, the longest a look-up waited for its answer (from its first query), in seconds. */
  readonly slowestAnswer = new Map<string, number>();
  /**
   * Per server, the labels ("contoso.com") shared by all names its answers knew the outcome of
   * (NOERROR or NXDOMAIN), "" when none. A server that knows only one zone answers only
   * inside it (see dns-findings.ts).
   */
  readonly knownSuffix = new Map<string, string>();
  /** Servers that resolved at least one name (NOERROR): a server known only to deny names may not serve the zone at all. */
  readonly resolvedSome = new Set<string>();
  /** By outcome, as `lookupCounts()` reports them. */
  private readonly outcomes = { asked: 0, resolved: 0, failed: 0, unaskedResolved: 0, unaskedFailed: 0 };
  private lookups = 0;
  private readonly header = new DnsHeader();
  private readonly keys = new KeyTable(11);
  private readonly pending: PendingQuery[] = [];
  /** Answers whose query is not in the trace, by the same key: a server answering a retry too is still one look-up. */
  private readonly unaskedKeys = new KeyTable(11);
  private readonly unasked: UnaskedLookup[] = [];
  private readonly key = new Uint32Array(11);

  /** Counts a DNS message quoted inside an ICMP error, as tshark does, without judging it. */
  countQuoted(packet: DecodedPacket, data: Uint8Array): void {
    readDnsHeader(data, packet.dnsOffset, packet.dnsLength, this.header);
    if (this.header.response) this.responses++;
    else this.queries++;
  }

  add(packet: DecodedPacket, data: Uint8Array, frame: number, fileIndex: number, seconds: number, nanoseconds: number): void {
    const header = this.header;
    readDnsHeader(data, packet.dnsOffset, packet.dnsLength, header);
    if (header.response) this.responses++;
    else this.queries++;
    const problem = dnsMessageProblem(data, packet.dnsOffset, packet.dnsLength, header, dnsMessageCut(data, packet));
    if (problem !== null) {
      if (this.malformed.length < MAX_DNS_FAILURES) {
        this.malformed.push({ frame, source: formatEndpoint(packet.ipVersion, formatAddress(packet.ipVersion, packet.source), packet.sourcePort), problem });
      }
      return;
    }
    if (header.opcode === OPCODE_UPDATE && header.response) return this.noteUpdate(packet, data, frame);
    if (header.opcode !== OPCODE_QUERY) return;
    if (!header.response) {
      if (packet.destinationPort !== UNICAST_DNS_PORT) return;
      this.unicastQueries++;
      this.noteQuery(packet, data, frame, fileIndex, seconds, nanoseconds);
      return;
    }
    let lookup = -1;
    let answerDelay: number | null = null;
    if (packet.sourcePort === UNICAST_DNS_PORT) {
      this.fillKey(packet.ipVersion, packet.destination, packet.destinationPort, packet.source, header.id);
      const index = this.keys.find(this.key);
      const time = seconds + nanoseconds / 1e9;
      if (index >= 0) {
        const query = this.pending[index];
        // Counted, as tshark counts it, but one failure is not two.
        if (query.answers > 0 && withinCopyWindow(query.answeredAt, time)) return;
        if (query.answers === 0) {
          answerDelay = this.noteAnswerDelay(query, time);
          this.noteKnownName(query, header.rcode);
          if (header.rcode === RCODE_NOERROR) this.outcomes.resolved++;
          else this.outcomes.failed++;
        }
        query.answers++;
        query.answeredAt = time;
        lookup = query.lookup;
      } else {
        lookup = this.unaskedLookup(header.rcode, time);
        if (lookup === COPY) return;
      }
    }
    if (header.rcode === RCODE_NOERROR) return;
    this.failureCount++;
    if (this.failures.length >= MAX_DNS_FAILURES) return;
    this.failures.push({
      name: readDnsQuestionName(data, packet.dnsOffset, packet.dnsLength) ?? '(no question)',
      questionType: readDnsQuestionType(data, packet.dnsOffset, packet.dnsLength) ?? -1,
      client: formatAddress(packet.ipVersion, packet.destination),
      rcode: dnsRcodeName(header.rcode),
      rcodeValue: header.rcode,
      server: formatAddress(packet.ipVersion, packet.source),
      frame,
      fileIndex,
      seconds,
      nanoseconds,
      // An answer from another port (LLMNR, mDNS) belongs to no look-up of ours.
      lookup: lookup >= 0 ? lookup : this.lookups++,
      answerDelay,
    });
  }

  /**
   * What the trace shows of a name service's answer that an ICMP "port unreachable" quotes. A DNS
   * answer is late only if its query is in the trace and had no earlier answer; once the client
   * has an answer, another one replies to a repeat of the query and meets a port already closed.
   */
  turnedAwayAnswer(service: NameService, quoted: DecodedPacket, data: Uint8Array): LateAnswer {
    const isDns = quoted.appKind === AppKind.Dns;
    const name = isDns ? readDnsQuestionName(data, quoted.dnsOffset, quoted.dnsLength) : null;
    if (service === 'LLMNR') return { service, name };
    const server = formatAddress(quoted.ipVersion, quoted.source);
    if (!isDns) return { service, query: 'unseen', server, name, firstAnswerDelay: null };
    readDnsHeader(data, quoted.dnsOffset, quoted.dnsLength, this.header);
    this.fillKey(quoted.ipVersion, quoted.destination, quoted.destinationPort, quoted.source, this.header.id);
    const index = this.keys.find(this.key);
    if (index < 0) return { service, query: 'unseen', server, name, firstAnswerDelay: null };
    const query = this.pending[index];
    return { service, query: query.answers > 1 ? 'spare' : 'late', server, name, firstAnswerDelay: query.answerDelay };
  }

  /**
   * What DNS said about a name, or about the name with a suffix added ("sut01" asked as
   * "sut01.contoso.com"): a name another service (LLMNR, NetBIOS) was asked for may never have
   * gone to DNS at all.
   */
  outcomeFor(name: string): 'not asked' | 'failed' | 'resolved' {
    const lowerName = name.toLowerCase();
    const matches = (asked: string) => {
      const lowerAsked = asked.toLowerCase();
      return lowerAsked === lowerName || lowerAsked.startsWith(`${lowerName}.`);
    };
    const asked = this.pending.filter((query) => matches(query.name));
    if (asked.length === 0) return 'not asked';
    const failed = asked.some((query) => query.answers === 0) || this.failures.some((failure) => matches(failure.name));
    return failed ? 'failed' : 'resolved';
  }

  /**
   * Names each server answered (whatever the rcode), by server: a server that answers some
   * queries is within reach, so a query it left unanswered was lost or slow, not blocked.
   */
  answeredNames(): Map<string, Set<string>> {
    const byServer = new Map<string, Set<string>>();
    for (const query of this.pending) {
      if (query.answers === 0) continue;
      let names = byServer.get(query.server);
      if (names === undefined) byServer.set(query.server, (names = new Set()));
      names.add(query.name);
    }
    return byServer;
  }

  lookupCounts(): DnsLookupCounts {
    const { asked, resolved, failed, unaskedResolved, unaskedFailed } = this.outcomes;
    return { asked, resolved, failed, unanswered: asked - resolved - failed, withoutQuery: { resolved: unaskedResolved, failed: unaskedFailed } };
  }

  /** Unicast queries never answered, in frame order. */
  unanswered(): UnansweredDnsEvent[] {
    return this.pending.filter((query) => query.answers === 0).map(({ answers: _answers, answeredAt: _answeredAt, sentAt: _sentAt, ...event }) => event);
  }

  /**
   * The look-up an answer without its query belongs to (its key is in `this.key`), counted by its
   * first answer; COPY for the capture's second copy of an answer.
   */
  private unaskedLookup(rcode: number, answeredAt: number): number {
    const index = this.unaskedKeys.find(this.key);
    if (index >= 0) {
      const entry = this.unasked[index];
      if (withinCopyWindow(entry.answeredAt, answeredAt)) return COPY;
      entry.answeredAt = answeredAt;
      return entry.lookup;
    }
    if (rcode === RCODE_NOERROR) this.outcomes.unaskedResolved++;
    else this.outcomes.unaskedFailed++;
    const lookup = this.lookups++;
    // Past the bound each answer stays a look-up of its own: counted, not followed.
    if (this.unasked.length < MAX_TRACKED_QUERIES) {
      this.unaskedKeys.insert(this.key);
      this.unasked.push({ lookup, answeredAt });
    }
    return lookup;
  }

  /** How long the look-up waited for its first answer, noted as its own and as its server's slowest. */
  private noteAnswerDelay(query: PendingQuery, answeredAt: number): number {
    const waited = answeredAt - (query.seconds + query.nanoseconds / 1e9);
    query.answerDelay = waited;
    if (waited > (this.slowestAnswer.get(query.server) ?? 0)) this.slowestAnswer.set(query.server, waited);
    return waited;
  }

  private noteKnownName(query: PendingQuery, rcode: number): void {
    if (rcode !== RCODE_NOERROR && rcode !== RCODE_NXDOMAIN) return;
    if (rcode === RCODE_NOERROR) this.resolvedSome.add(query.server);
    const name = query.name.toLowerCase();
    const suffix = this.knownSuffix.get(query.server);
    this.knownSuffix.set(query.server, suffix === undefined ? name : commonDomainSuffix(suffix, name));
  }

  private noteUpdate(packet: DecodedPacket, data: Uint8Array, frame: number): void {
    if (this.updates.length >= MAX_DNS_FAILURES) return;
    this.updates.push({
      // An update's zone section takes the question's place (RFC 2136 §2.3).
      zone: readDnsQuestionName(data, packet.dnsOffset, packet.dnsLength) ?? '(no zone)',
      client: formatAddress(packet.ipVersion, packet.destination),
      server: formatAddress(packet.ipVersion, packet.source),
      rcode: dnsRcodeName(this.header.rcode),
      frame,
    });
  }

  private noteQuery(packet: DecodedPacket, data: Uint8Array, frame: number, fileIndex: number, seconds: number, nanoseconds: number): void {
    this.fillKey(packet.ipVersion, packet.source, packet.sourcePort, packet.destination, this.header.id);
    const index = this.keys.find(this.key);
    const time = seconds + nanoseconds / 1e9;
    // A retransmitted query keeps its first frame; a reused id after an answer starts afresh.
    if (index >= 0 && this.pending[index].answers === 0) {
      const asked = this.pending[index];
      if (!withinCopyWindow(asked.sentAt, time)) asked.sent++;
      asked.sentAt = time;
      return;
    }
    const query: PendingQuery = {
      name: readDnsQuestionName(data, packet.dnsOffset, packet.dnsLength) ?? '(no question)',
      questionType: readDnsQuestionType(data, packet.dnsOffset, packet.dnsLength) ?? -1,
      client: formatAddress(packet.ipVersion, packet.source),
      rcode: 'no response',
      rcodeValue: null,
      server: formatAddress(packet.ipVersion, packet.destination),
      frame,
      fileIndex,
      seconds,
      nanoseconds,
      lookup: this.lookups++,
      answerDelay: null,
      answers: 0,
      answeredAt: Number.NEGATIVE_INFINITY,
      sent: 1,
      sentAt: time,
    };
    if (index >= 0) this.pending[index] = query;
    else if (this.pending.length < MAX_TRACKED_QUERIES) {
      this.keys.insert(this.key);
      this.pending.push(query);
    } else {
      this.untrackedQueries++;
      return;
    }
    this.outcomes.asked++;
  }

  private fillKey(version: number, client: Uint32Array, clientPort: number, server: Uint32Array, id: number): void {
    const key = this.key;
    key[0] = version;
    key.set(client, 1);
    key.set(server, 5);
    key[9] = clientPort;
    key[10] = id;
  }
}
