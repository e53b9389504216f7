/**
 * DNS findings: one per name, answer code and server for standard queries. Routine failures
 * (look-ups Windows makes on its own, reverse and service names) are info; a failure for a name the
 * runtime needs is an error. A server that fails two or more names and resolves none, or none
 * outside one zone, gets one finding instead, which also tells its answers turned away as late.
 * Refused dynamic updates and malformed messages are told apart.
 */
import { GUIDE_STEPS } from '../../guide/steps';
import type { DnsFailure, Finding } from '../report';
import { formatAddress } from './address';
import { ANSWER_WAIT_SECONDS, duration, frames, groupBy, type KindCap, plural, RUNTIME_DOMAINS, traceEnd } from './finding-common';
import type { DnsFailureEvent } from './dns';
import type { IcmpErrorEvent } from './icmp';
import type { ReportContext } from './report-builder';

/**
 * Failed look-ups that are the usual state of a network rather than a DNS fault, each with what
 * it means instead; null for a name that deserves the plain verdict.
 * - WPAD (proxy auto-discovery) and ISATAP (an IPv6 transition router): Windows asks for both on
 *   its own and most networks have neither. WPAD's absence matters only to a runtime meant to
 *   discover its proxy, which the proxy step covers.
 * - Reverse (PTR) look-ups: many addresses have no reverse record, and servers forwarding a
 *   private range often fail rather than answer NXDOMAIN.
 * - Service (SRV) look-ups: Windows' domain controller and KMS locators try several such names
 *   (site-specific first) and use whichever exists.
 */
function routineLookupFinding(name: string, rcode: string, evidence: Finding['evidence']): Finding | null {
  const lowerName = name.toLowerCase();
  const routine = (summary: string, step: string = GUIDE_STEPS.readDns): Finding => ({ kind: 'dns-failure', severity: 'info', summary, step, evidence });
  if (isReverseLookup(lowerName)) {
    const address = reverseLookupAddress(lowerName);
    const subject = address === null ? 'that part of the address space' : address;
    // Only NXDOMAIN says the name is missing; SERVFAIL and the rest say the server did not find out.
    const outcome = rcode === 'NXDOMAIN'
      ? `a reverse look-up, and ${subject} has no reverse (PTR) name. ${REVERSE_MISSING}`
      : `a reverse look-up the server did not complete, so whether ${subject} has a reverse (PTR) name is unknown. ${REVERSE_UNFINISHED}`;
    return routine(`${name} failed (${rcode}): ${outcome}; ${REVERSE_MATTERS}.`);
  }
  if (rcode !== 'NXDOMAIN') return null;
  const firstLabel = lowerName.split('.', 1)[0];
  if (firstLabel === 'wpad') {
    const summary = `${name} does not exist (NXDOMAIN): Windows asked for a proxy auto-configuration script and this network offers none. That is normal, unless the runtime is meant to find its proxy this way; then set the proxy explicitly.`;
    return routine(summary, GUIDE_STEPS.cloudTestThroughProxy);
  }
  if (firstLabel === 'isatap') {
    const summary = `${name} does not exist (NXDOMAIN): Windows looks this name up to find an ISATAP IPv6 router, which most networks do not have. Nothing to fix.`;
    return routine(summary);
  }
  if (/^_[^.]+\._(tcp|udp)\./.test(lowerName)) {
    const summary = `${name} does not exist (NXDOMAIN): a service (SRV) look-up. Windows tries several such names and uses whichever exists, so one missing is routine; it matters only if no name for that service ever answers.`;
    return routine(summary);
  }
  return null;
}

const REVERSE_MISSING = 'Many addresses have none';
const REVERSE_UNFINISHED = 'Servers often fail this way for private ranges they forward upstream';
const REVERSE_MATTERS = 'it matters only to a program that needs the name';

const SOA_TYPE = 6;

/**
 * After a dynamic update registers its name, Windows registers its own reverse (PTR) records: it
 * asks which zone holds each address's reverse name (an SOA query), then updates that zone. Failed
 * SOA queries for reverse names from a client whose update came before them are that attempt.
 * Returns the failed groups by client and server, with the update they followed.
 */
function reverseRegistrations(context: ReportContext, groups: FailedLookup[][]): Array<{ groups: FailedLookup[][]; updateFrame: number }> {
  const updates = context.analyzer.dns.updates;
  const attempts = groups.filter((group) => {
    const { failure, questionType, client } = group[0];
    return failure.rcode !== 'no response' && questionType === SOA_TYPE && isReverseLookup(failure.name.toLowerCase()) && updates.some((update) => update.client === client && update.frame < failure.frame);
  });
  return groupBy(attempts, (group) => `${group[0].client}\u0000${group[0].failure.server}\u0000${group[0].failure.rcode}`).map((alike) => {
    const { client, failure } = alike[0][0];
    const updateFrame = updates.find((update) => update.client === client && update.frame < failure.frame)?.frame ?? failure.frame;
    return { groups: alike, updateFrame };
  });
}

function reverseRegistrationFinding(alike: FailedLookup[][], updateFrame: number): Finding {
  const { client, failure } = alike[0][0];
  const addresses = alike.map(([entry]) => reverseLookupAddress(entry.failure.name.toLowerCase()) ?? entry.failure.name);
  const [records, names] = addresses.length === 1 ? ['record', 'that reverse name'] : ['records', 'those reverse names'];
  const summary =
    `${client} could not register its reverse (PTR) ${records} (${listed(addresses)}): after the answer to its dynamic update (frame ${updateFrame}) it asked ${failure.server} which zone holds ${names} (SOA), as Windows does before registering them, and got ${failure.rcode}, so it could go no further. ` +
    `Routine where no reverse zone takes updates; ${REVERSE_MATTERS}.`;
  const evidence = { frames: frames([updateFrame, ...alike.flatMap((group) => group.map((entry) => entry.failure.frame))]) };
  return { kind: 'dns-failure', severity: 'info', summary, step: GUIDE_STEPS.readDns, evidence };
}

/**
 * Reverse look-ups one server failed with the same code, as one routine finding: a scanner or a
 * program naming its peers asks for many addresses at once, and one line per address buries the rest.
 */
function reverseLookupsFinding(groups: FailedLookup[][]): Finding {
  const { server, rcode } = groups[0][0].failure;
  const lookups = new Set(groups.flatMap((group) => group.map((entry) => entry.lookup))).size;
  const addresses = listed(groups.map(([{ failure }]) => reverseLookupAddress(failure.name.toLowerCase()) ?? failure.name));
  const counted = plural(lookups, 'reverse look-up', 'reverse look-ups');
  const summary = rcode === 'NXDOMAIN'
    ? `${counted} found no name (NXDOMAIN from ${server}): ${addresses} have no reverse (PTR) name. ${REVERSE_MISSING}; ${REVERSE_MATTERS}.`
    : `${counted} were not completed (${rcode} from ${server}), so whether ${addresses} have a reverse (PTR) name is unknown. ${REVERSE_UNFINISHED}; ${REVERSE_MATTERS}.`;
  const evidence = { frames: frames(groups.flatMap((group) => group.map((entry) => entry.failure.frame))) };
  return { kind: 'dns-failure', severity: 'info', summary, step: GUIDE_STEPS.readDns, evidence };
}

function isReverseLookup(lowerName: string): boolean {
  return /\.(in-addr|ip6)\.arpa\.?$/.test(lowerName);
}

/** The address a reverse name asks about ("4.3.2.1.in-addr.arpa" -> "1.2.3.4"); null for a zone's name. */
function reverseLookupAddress(lowerName: string): string | null {
  const ipv4 = /^((?:\d{1,3}\.){4})in-addr\.arpa\.?$/.exec(lowerName);
  if (ipv4 !== null) return ipv4[1].slice(0, -1).split('.').reverse().join('.');
  const ipv6 = /^((?:[0-9a-f]\.){32})ip6\.arpa\.?$/.exec(lowerName);
  if (ipv6 === null) return null;
  const nibbles = ipv6[1].replaceAll('.', '').split('').reverse().join('');
  const words: number[] = [];
  for (let word = 0; word < 4; word++) words.push(Number.parseInt(nibbles.slice(word * 8, word * 8 + 8), 16));
  return formatAddress(6, words);
}

/** The name, flagged when the runtime cannot work without it: its failure is the likeliest cause of the user's trouble. */
function runtimeName(name: string): string {
  return RUNTIME_DOMAINS.test(name) ? `${name} (a name the integration runtime needs)` : name;
}

function dnsMeaning(rcode: string): string {
  switch (rcode) {
    case 'NXDOMAIN':
      return 'the name does not exist as asked (check its spelling, the DNS suffix and any conditional forwarder)';
    case 'SERVFAIL':
      return 'the server could not resolve it (its forwarders or the authoritative servers failed)';
    case 'REFUSED':
      return 'the server will not answer this client or this zone';
    default:
      return 'the query failed';
  }
}


/** What the findings know of one failed or unanswered look-up. */
interface FailedLookup {
  failure: DnsFailure;
  lookup: number;
  /** From the look-up's first query (or the failing answer) to the end of the trace, in seconds. */
  waited: number;
  /** From the look-up's first query to this, its first answer, in seconds; null when the trace does not show it. */
  answerDelay: number | null;
  /** For a look-up never answered: how many times the client sent its query. */
  sent: number;
  /** The first question's type (6 for SOA). */
  questionType: number;
  client: string;
}

/** What the trace shows of one server: the names it answered and the longest a look-up waited for it. */
interface ServerRecord {
  answered: ReadonlySet<string> | undefined;
  slowestAnswer: number;
}

/**
 * The Windows DNS client asks again 1 s after its first query (its first query timeout); with a
 * second to spare, as the SYN rule allows past Windows' 3 s SYN retry. A look-up asked once, with
 * less trace than this after it, may simply have outlived the capture.
 */
const DNS_RETRY_DUE_SECONDS = 2;

function noResponseFinding(group: FailedLookup[], server: ServerRecord, evidence: Finding['evidence']): Finding {
  const { name, server: address } = group[0].failure;
  const waited = group.reduce((longest, entry) => Math.max(longest, entry.waited), 0);
  // Each entry is one look-up; a client that got no answer asks again, which is worth saying.
  const sent = group.reduce((sum, entry) => sum + entry.sent, 0);
  const asked = sent <= group.length ? '' : sent === 2 ? ' (asked twice)' : ` (asked ${sent} times)`;
  const unanswered = `${plural(group.length, 'look-up', 'look-ups')}${asked} for ${runtimeName(name)} to ${address}`;
  // The capture may simply have stopped first: before the client's first retry, before a retry
  // it never sent was due, or before this server's answer would have come, judging by how long
  // it took to answer other look-ups here.
  const askedOnce = group.length === 1 && sent === 1;
  if (waited < Math.max(ANSWER_WAIT_SECONDS, server.slowestAnswer) || (askedOnce && waited < DNS_RETRY_DUE_SECONDS)) {
    const why =
      waited < ANSWER_WAIT_SECONDS
        ? traceEnd(waited)
        : waited < server.slowestAnswer
          ? `the trace ends ${duration(waited)} later and this server took up to ${duration(server.slowestAnswer)} to answer other look-ups in it`
          : `${traceEnd(waited)}, and clients wait a second or more before asking again (Windows 1 s, Linux 5 s)`;
    const summary = `${unanswered} went unanswered, but ${why}: too soon to tell whether the server would have answered.`;
    return { kind: 'dns-no-response', severity: 'info', summary, step: GUIDE_STEPS.cloudDnsNotResolved, evidence };
  }
  if (server.answered?.has(name) === true) {
    const summary = `${unanswered} got no answer, but the server answered another query for the same name: a lost or late packet, not a server out of reach.`;
    return { kind: 'dns-no-response', severity: 'info', summary, step: GUIDE_STEPS.readDns, evidence };
  }
  const why = server.answered === undefined
    ? 'the DNS server is unreachable or slow, or UDP port 53 is blocked'
    : 'the server answered other names, so it is within reach but slow to resolve this one (its forwarders), or the answer was lost';
  const summary = `${unanswered} got no answer by the end of the trace: ${why}.`;
  return { kind: 'dns-no-response', severity: RUNTIME_DOMAINS.test(name) ? 'error' : 'warning', summary, step: GUIDE_STEPS.cloudDnsNotResolved, evidence };
}

/**
 * " (4 look-ups)", "" for one: distinct queries (a client port and message id, with its retries),
 * not answers. A server answering each retry, or answering after the client gave up, has still
 * failed one look-up.
 */
function lookupsNote(group: FailedLookup[]): string {
  const count = lookupCount(group);
  return count > 1 ? ` (${count} look-ups)` : '';
}

function lookupCount(group: FailedLookup[]): number {
  return new Set(group.map((entry) => entry.lookup)).size;
}

/** One finding per name, answer and server. */
function dnsFinding(group: FailedLookup[], server: ServerRecord): Finding {
  const { name, rcode, server: address } = group[0].failure;
  const evidence = { frames: frames(group.map((entry) => entry.failure.frame)) };
  if (rcode === 'no response') return noResponseFinding(group, server, evidence);
  const routine = routineLookupFinding(name, rcode, evidence);
  if (routine !== null) return routine;
  const summary = `The DNS server ${address} answered ${rcode} for ${runtimeName(name)}${lookupsNote(group)}: ${dnsMeaning(rcode)}.`;
  const severity = rcode === 'NXDOMAIN' && !RUNTIME_DOMAINS.test(name) ? 'warning' : 'error';
  return { kind: 'dns-failure', severity, summary, step: GUIDE_STEPS.cloudDnsNotResolved, evidence };
}

/** Messages on a DNS port that are not DNS as clients and servers send it: named, never judged as failures. */
function malformedFindings(context: ReportContext, cap: KindCap): void {
  for (const group of groupBy(context.analyzer.dns.malformed, (event) => event.source)) {
    const [first] = group;
    const summary =
      `${plural(group.length, 'packet', 'packets')} from ${first.source} on a DNS port ${group.length === 1 ? 'is' : 'are'} not a well-formed DNS message (${first.problem}): ` +
      'damaged in transit or in the capture, or other traffic on that port. Left out of the DNS verdicts.';
    cap.add({ kind: 'dns-failure', severity: 'info', summary, step: GUIDE_STEPS.readDns, evidence: { frames: frames(group.map((event) => event.frame)) } });
  }
}

/**
 * Dynamic updates (opcode UPDATE) are not look-ups. Windows first sends its registration unsigned,
 * is refused by a zone that takes only secure updates, then signs it (GSS-TSIG) and succeeds; a
 * refusal matters only when no update of that zone from that client ever succeeds.
 */
function updateFindings(context: ReportContext, cap: KindCap): void {
  const { updates } = context.analyzer.dns;
  const key = (update: { client: string; zone: string }) => `${update.client}\u0000${update.zone.toLowerCase()}`;
  const succeeded = new Set(updates.filter((update) => update.rcode === 'NOERROR').map(key));
  const refused = updates.filter((update) => update.rcode !== 'NOERROR' && !succeeded.has(key(update)));
  for (const group of groupBy(refused, (update) => `${key(update)}\u0000${update.server}\u0000${update.rcode}`)) {
    const { zone, client, server, rcode } = group[0];
    const summary =
      `The DNS server ${server} answered ${rcode} to ${plural(group.length, 'dynamic update', 'dynamic updates')} of the zone ${zone} from ${client}, and no update of it from that client succeeded in the trace: ` +
      'the client could not register its name, so others may find it under an old address or not at all. This matters only if something connects to this machine by name.';
    cap.add({ kind: 'dns-failure', severity: 'info', summary, step: GUIDE_STEPS.readDns, evidence: { frames: frames(group.map((update) => update.frame)) } });
  }
}

/**
 * The zone a server knows, if all its answers that knew the outcome (NOERROR or NXDOMAIN) fall in
 * one domain: the last two labels those names share, or null.
 */
function onlyZone(suffix: string | undefined): string | null {
  if (suffix === undefined) return null;
  const labels = suffix.split('.');
  return labels.length >= 2 ? labels.slice(-2).join('.') : null;
}

/** How many names a finding lists before "and N more". */
const NAMES_LISTED = 3;

/** "a, b and c", or "a, b, c and 4 more". */
function listed(names: string[]): string {
  if (names.length <= NAMES_LISTED) return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, NAMES_LISTED).join(', ')} and ${names.length - NAMES_LISTED} more`;
}
/**
 * A failure this slow has waited on forwarders or root servers that never answered: a resolver
 * asks several in turn and gives up after some seconds, while one that hears back fails sooner.
 */
const FORWARDER_TIMEOUT_SECONDS = 2;

/** SERVFAILs one server gave for names it could not resolve, and, when it resolved names in one zone only, that zone. */
interface ServerFailures {
  zone: string | null;
  groups: FailedLookup[][];
}

/**
 * A server that fails every name it cannot answer from its own zones has no working way out
 * (no forwarder or root hints reach the internet): one finding says that, instead of one error
 * per name, with how long its failures took and the answers that came after the client had
 * stopped waiting (`turnedAway`, the ICMP errors quoting them).
 */
/** " Its failures took up to 12.7 s, so long that 5 answers … turned away …; failing that slowly means …." ("" when the trace shows no wait). */
function failureTiming(delays: number[], turnedAway: number): string {
  const late = turnedAway === 0 ? '' : `${plural(turnedAway, 'answer', 'answers')} came after the client had stopped waiting and ${turnedAway === 1 ? 'was' : 'were'} turned away (ICMP port unreachable)`;
  if (delays.length === 0) return late === '' ? '' : ` ${late}.`;
  // Look-ups asked while the server was already resolving the name get its failure sooner, so the longest wait is the one to judge.
  const longest = Math.max(...delays);
  const slow = longest >= FORWARDER_TIMEOUT_SECONDS ? '; failing that slowly means it waited on forwarders or root servers that never answered' : '';
  return ` Its failures took up to ${duration(longest)}${late === '' ? '' : `, so long that ${late}`}${slow}.`;
}

function serverFinding(server: string, { zone, groups }: ServerFailures, turnedAway: IcmpErrorEvent[], cap: KindCap): void {
  // Only the first few names are listed: the runtime's own first, then the most asked for.
  const runtime = (group: FailedLookup[]) => (RUNTIME_DOMAINS.test(group[0].failure.name) ? 1 : 0);
  const ordered = [...groups].sort((left, right) => runtime(right) - runtime(left) || lookupCount(right) - lookupCount(left));
  const names = ordered.map((group) => `${runtimeName(group[0].failure.name)}${lookupsNote(group)}`);
  const failedNames = plural(names.length, 'name', 'names');
  const verdict = zone === null
    ? `The DNS server ${server} resolved no name in this trace: it answered SERVFAIL for ${failedNames} (${listed(names)})`
    : `The DNS server ${server} resolves nothing outside ${zone}: it answered for names in ${zone}, but SERVFAIL for ${failedNames} outside it (${listed(names)})`;
  const delays = groups.flatMap((group) => group.flatMap((entry) => (entry.answerDelay === null ? [] : [entry.answerDelay])));
  const timing = failureTiming(delays, turnedAway.length);
  const summary =
    `${verdict}.${timing} ` +
    'Most likely it has no working forwarder or root hints, as on an isolated network, so every internet name fails through it: give it a forwarder that reaches the internet, or point the machine at a DNS server that does.';
  const evidence = { frames: frames([...groups.map((group) => group[0].failure.frame), ...turnedAway.map((event) => event.frame)]) };
  cap.add({ kind: 'dns-failure', severity: 'error', summary, step: GUIDE_STEPS.cloudDnsNotResolved, evidence });
}

/**
 * SERVFAILs by server, for servers that resolved no name at all or only names in one zone: the
 * names they fail (outside that zone, reverse names aside) are one problem with the server.
 */
function failuresByServer(context: ReportContext, groups: FailedLookup[][]): Map<string, ServerFailures> {
  const { dns } = context.analyzer;
  const byServer = new Map<string, ServerFailures>();
  for (const group of groups) {
    const { rcode, name, server } = group[0].failure;
    const lowerName = name.toLowerCase();
    if (rcode !== 'SERVFAIL' || isReverseLookup(lowerName)) continue;
    // A server seen resolving nothing is not said to serve a zone on the strength of one NXDOMAIN.
    const zone = dns.resolvedSome.has(server) ? onlyZone(dns.knownSuffix.get(server)) : null;
    if (dns.resolvedSome.has(server) && (zone === null || lowerName === zone || lowerName.endsWith(`.${zone}`))) continue;
    const entry = byServer.get(server) ?? { zone, groups: [] };
    entry.groups.push(group);
    byServer.set(server, entry);
  }
  return byServer;
}

/** The late DNS answers from `server` for the names in `groups` that an ICMP error turned away. */
function turnedAwayAnswers(context: ReportContext, server: string, groups: FailedLookup[][]): IcmpErrorEvent[] {
  const names = new Set(groups.map((group) => group[0].failure.name.toLowerCase()));
  return context.analyzer.icmpErrors.filter(({ lateAnswer: late }) => late?.service === 'DNS' && late.query === 'late' && late.server === server && late.name !== null && names.has(late.name.toLowerCase()));
}

/** All DNS findings; returns the ICMP errors a server finding already tells, for the ICMP findings to leave out. */
export function dnsFindings(context: ReportContext, cap: KindCap): Set<IcmpErrorEvent> {
  const { dns } = context.analyzer;
  const failedLookup = (event: DnsFailureEvent, sent: number): FailedLookup => ({
    failure: context.dnsFailure(event),
    lookup: event.lookup,
    waited: context.secondsToTraceEnd(event.seconds, event.nanoseconds),
    answerDelay: event.answerDelay,
    sent,
    questionType: event.questionType,
    client: event.client,
  });
  const failed = [...dns.failures.map((event) => failedLookup(event, 1)), ...dns.unanswered().map((event) => failedLookup(event, event.sent))];
  const groups = groupBy(failed, ({ failure }) => `${failure.rcode}\u0000${failure.name}\u0000${failure.server}`);
  const grouped = new Set<FailedLookup[]>();
  const folded = new Set<IcmpErrorEvent>();
  for (const [server, failures] of failuresByServer(context, groups)) {
    if (failures.groups.length < 2) continue;
    const turnedAway = turnedAwayAnswers(context, server, failures.groups);
    serverFinding(server, failures, turnedAway, cap);
    for (const group of failures.groups) grouped.add(group);
    for (const event of turnedAway) folded.add(event);
  }
  for (const { groups: alike, updateFrame } of reverseRegistrations(context, groups.filter((group) => !grouped.has(group)))) {
    cap.add(reverseRegistrationFinding(alike, updateFrame));
    for (const group of alike) grouped.add(group);
  }
  const reverseFailures = groups.filter((group) => !grouped.has(group) && group[0].failure.rcode !== 'no response' && isReverseLookup(group[0].failure.name.toLowerCase()));
  for (const alike of groupBy(reverseFailures, ([{ failure }]) => `${failure.server}\u0000${failure.rcode}`)) {
    if (alike.length < 2) continue;
    cap.add(reverseLookupsFinding(alike));
    for (const group of alike) grouped.add(group);
  }
  const answeredNames = dns.answeredNames();
  for (const group of groups) {
    if (grouped.has(group)) continue;
    const { server } = group[0].failure;
    cap.add(dnsFinding(group, { answered: answeredNames.get(server), slowestAnswer: dns.slowestAnswer.get(server) ?? 0 }));
  }
  updateFindings(context, cap);
  malformedFindings(context, cap);
  return folded;
}
