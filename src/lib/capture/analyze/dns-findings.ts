/**
 * DNS findings: one per name, answer code and server. Routine failures (look-ups Windows makes on
 * its own, reverse and service names) are info; a failure for a name the runtime needs is an error.
 */
import { GUIDE_STEPS } from '../../guide/steps';
import type { DnsFailure, Finding } from '../report';
import { formatAddress } from './address';
import { ANSWER_WAIT_SECONDS, frames, groupBy, type KindCap, plural, RUNTIME_DOMAINS, traceEnd } from './finding-common';
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
  if (/\.(in-addr|ip6)\.arpa\.?$/.test(lowerName)) {
    const address = reverseLookupAddress(lowerName);
    const subject = address === null ? 'that part of the address space has' : `${address} has`;
    const summary = `${name} failed (${rcode}): a reverse look-up, and ${subject} no reverse (PTR) name. Many addresses have none; it matters only to a program that needs the name.`;
    return routine(summary);
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


/**
 * `waitedSeconds`: from the group's first query to the end of the trace; `answered`: the names
 * the same server answered in other queries.
 */
function dnsFinding(group: DnsFailure[], waitedSeconds: number, answered: ReadonlySet<string> | undefined): Finding {
  const { name, rcode, server } = group[0];
  const evidence = { frames: frames(group.map((failure) => failure.frame)) };
  if (rcode === 'no response') {
    const unanswered = `${plural(group.length, 'query', 'queries')} for ${runtimeName(name)} to ${server}`;
    if (waitedSeconds < ANSWER_WAIT_SECONDS) {
      const summary = `${unanswered} went unanswered, but ${traceEnd(waitedSeconds)}: too soon to tell whether the server would have answered.`;
      return { kind: 'dns-no-response', severity: 'info', summary, step: GUIDE_STEPS.cloudDnsNotResolved, evidence };
    }
    if (answered?.has(name) === true) {
      const summary = `${unanswered} got no answer, but the server answered another query for the same name: a lost or late packet, not a server out of reach.`;
      return { kind: 'dns-no-response', severity: 'info', summary, step: GUIDE_STEPS.readDns, evidence };
    }
    const why = answered === undefined
      ? 'the DNS server is unreachable or slow, or UDP port 53 is blocked'
      : 'the server answered other names, so it is within reach but slow to resolve this one (its forwarders), or the answer was lost';
    const summary = `${unanswered} got no answer by the end of the trace: ${why}.`;
    return { kind: 'dns-no-response', severity: RUNTIME_DOMAINS.test(name) ? 'error' : 'warning', summary, step: GUIDE_STEPS.cloudDnsNotResolved, evidence };
  }
  const routine = routineLookupFinding(name, rcode, evidence);
  if (routine !== null) return routine;
  const times = group.length > 1 ? ` (${group.length} times)` : '';
  const summary = `The DNS server ${server} answered ${rcode} for ${runtimeName(name)}${times}: ${dnsMeaning(rcode)}.`;
  const severity = rcode === 'NXDOMAIN' && !RUNTIME_DOMAINS.test(name) ? 'warning' : 'error';
  return { kind: 'dns-failure', severity, summary, step: GUIDE_STEPS.cloudDnsNotResolved, evidence };
}

export function dnsFindings(context: ReportContext, cap: KindCap): void {
  const { dns } = context.analyzer;
  const dnsFailures = [...dns.failures, ...dns.unanswered()].map((event) => ({
    failure: context.dnsFailure(event),
    waited: context.secondsToTraceEnd(event.seconds, event.nanoseconds),
  }));
  const answeredNames = dns.answeredNames();
  for (const group of groupBy(dnsFailures, ({ failure }) => `${failure.rcode}\u0000${failure.name}\u0000${failure.server}`)) {
    const [{ failure }] = group;
    cap.add(dnsFinding(group.map((entry) => entry.failure), group.reduce((longest, { waited }) => Math.max(longest, waited), 0), answeredNames.get(failure.server)));
  }
}
