/**
 * ICMP findings: one per sender and message. "Port unreachable" for a name service's answer is
 * told by what the trace shows of the look-up it answered (see LateAnswer), since a closed port
 * is not the story there.
 */
import { GUIDE_STEPS } from '../../guide/steps';
import type { Finding, FindingKind } from '../report';
import type { DnsTracker } from './dns';
import { duration, frames, groupBy, type KindCap, plural } from './finding-common';
import type { IcmpErrorEvent, LateAnswer } from './icmp';
import type { ReportContext } from './report-builder';

function icmpMeaning(event: IcmpErrorEvent): string {
  if (event.errorClass === 'time-exceeded') return 'packets loop or the path is longer than their TTL allows';
  if (/port unreachable/.test(event.description)) return 'nothing listens on that port at the destination';
  if (/prohibited|policy|reject/.test(event.description)) return 'a firewall or router rejected the traffic';
  if (/fragmentation|too big/.test(event.description)) return 'the path MTU is smaller than the packets, which may not be fragmented';
  return 'a router found no way to the destination';
}

/** "10.0.0.5 turned away 3 DNS answers with "port unreachable" (the first: UDP …)", the first quoted only when there are several. */
function turnedAway(group: IcmpErrorEvent[], one: string, many: string): string {
  const [first] = group;
  return `${first.from} turned away ${plural(group.length, one, many)} with "port unreachable" (${group.length === 1 ? '' : 'the first: '}${first.quoted})`;
}

/** "7.5 s", or "7.2 s to 8.2 s" for the shortest and longest of several waits. */
function durationRange(seconds: number[]): string {
  const shortest = duration(Math.min(...seconds));
  const longest = duration(Math.max(...seconds));
  return shortest === longest ? shortest : `${shortest} to ${longest}`;
}

function dnsAnswerFinding(group: IcmpErrorEvent[], late: Extract<LateAnswer, { service: 'DNS' }>, evidence: Finding['evidence']): Finding {
  const turned = turnedAway(group, 'DNS answer', 'DNS answers');
  const base = { kind: 'icmp-unreachable' as const, step: GUIDE_STEPS.readDns, evidence };
  if (late.query === 'late') {
    const summary = `${turned}: ${group.length === 1 ? 'it' : 'they'} came after it had stopped waiting, so that DNS server answers too slowly.`;
    return { ...base, severity: 'warning', summary };
  }
  if (late.query === 'spare') {
    const delays = group.flatMap((event) => (event.lateAnswer?.service === 'DNS' && event.lateAnswer.firstAnswerDelay !== null ? [event.lateAnswer.firstAnswerDelay] : []));
    const firstAnswer = delays.length === 0 ? '' : ` (after ${durationRange(delays)})`;
    const summary =
      `${turned}: ${group.length === 1 ? 'it' : 'each'} replied to a repeat of a query ${late.server} had already answered${firstAnswer}, so the client had stopped listening. ` +
      `${group.length === 1 ? 'A spare answer' : 'Spare answers'}, nothing to fix: the first answer is the one that shows how fast the server is.`;
    return { ...base, severity: 'info', summary };
  }
  const summary =
    `${turned}: the asker had closed the port its look-up came from, ` +
    'but the look-up itself is not in this trace (asked before the capture began, or left out by a capture filter), so nothing shows whether the server was slow. Capture all DNS from before the look-up to see how long it takes.';
  return { ...base, severity: 'info', summary };
}

/** What DNS had to do with a name LLMNR answered: Windows asks LLMNR after DNS fails, or instead of DNS for a single-label name. */
function llmnrDnsNote(name: string | null, dns: DnsTracker): string {
  if (name === null) return 'Nothing to fix there.';
  const outcome = dns.outcomeFor(name);
  if (outcome === 'failed') return `Nothing to fix there, but DNS did not resolve ${name}.`;
  if (outcome === 'resolved') return 'Nothing to fix there.';
  const singleLabel = !name.replace(/\.$/, '').includes('.');
  return singleLabel
    ? `Nothing to fix there: ${name} is a single-label name, which Windows sends to LLMNR and NetBIOS rather than DNS when it has no DNS suffix to add, and DNS was not asked for it in this trace.`
    : `Nothing to fix there; DNS was not asked for ${name} in this trace.`;
}

function icmpFinding(group: IcmpErrorEvent[], dns: DnsTracker): Finding {
  const first = group[0];
  const frameList = frames(group.map((event) => event.frame));
  const late = first.lateAnswer;
  if (late?.service === 'DNS') return dnsAnswerFinding(group, late, { frames: frameList });
  if (late?.service === 'LLMNR') {
    const summary =
      `${turnedAway(group, `LLMNR answer${late.name === null ? '' : ` for ${late.name}`}`, `LLMNR answers${late.name === null ? '' : ` for ${late.name}`}`)}: ` +
      'Windows asks LLMNR and NetBIOS for a name at once, keeps the first answer and stops listening after it or after a short wait, so later answers meet a closed port. ' +
      llmnrDnsNote(late.name, dns);
    return { kind: 'icmp-unreachable', severity: 'info', summary, step: GUIDE_STEPS.readDns, evidence: { frames: frameList } };
  }
  const example = first.quoted !== null ? `, first for ${first.quoted}` : '';
  const summary = `${first.from} reported "${first.description}" ${plural(group.length, 'time', 'times')}${example}: ${icmpMeaning(first)}.`;
  const kind: FindingKind = first.errorClass === 'time-exceeded' ? 'icmp-time-exceeded' : 'icmp-unreachable';
  const conversation = first.conversationId !== null ? { conversationId: first.conversationId } : {};
  return { kind, severity: 'warning', summary, step: GUIDE_STEPS.readIcmp, evidence: { frames: frameList, ...conversation } };
}

/** Turned-away name answers group by what they show: the look-up's state and server for DNS, the name for LLMNR. */
function lateAnswerKey(late: LateAnswer | null): string {
  if (late === null) return '';
  return late.service === 'DNS' ? `DNS\u0000${late.query}\u0000${late.server}` : `LLMNR\u0000${late.name}`;
}

/** One finding per ICMP sender and message, leaving out the errors a DNS finding already tells (`folded`). */
export function icmpFindings(context: ReportContext, cap: KindCap, folded: ReadonlySet<IcmpErrorEvent>): void {
  const { analyzer } = context;
  // Redirects and source quench say nothing about reachability; "packet too big" does (path MTU).
  const icmpErrors = analyzer.icmpErrors.filter((event) => !folded.has(event) && (event.errorClass !== 'other' || /too big/.test(event.description)));
  for (const group of groupBy(icmpErrors, (event) => `${event.from}\u0000${event.description}\u0000${lateAnswerKey(event.lateAnswer)}`)) cap.add(icmpFinding(group, analyzer.dns));
}
