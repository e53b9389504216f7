/**
 * The DNS counts as the CLI summary and the page's summary line state them: look-ups by outcome,
 * which the findings judge, and beside them the message totals Wireshark shows for the same trace,
 * so a reader comparing the two knows why they differ.
 */
import type { CaptureReport } from './report';
import { formatCount } from './report-words';

type DnsCounts = Pick<CaptureReport, 'dns' | 'omitted'>;

function countOf(value: number, one: string, many = `${one}s`): string {
  return `${formatCount(value)} ${value === 1 ? one : many}`;
}

/** "(3 resolved, 6 failed)" */
function outcomes(resolved: number, failed: number): string {
  return `(${formatCount(resolved)} resolved, ${formatCount(failed)} failed)`;
}

/**
 * "12 look-ups to DNS servers: 9 answered (3 resolved, 6 failed), 3 unanswered", then the look-ups
 * seen only by their answer and those past the tracking bound; null for a trace with no DNS message.
 */
export function dnsLookupText({ dns, omitted }: DnsCounts): string | null {
  const { lookups } = dns;
  if (lookups === undefined) return dns.queries + dns.responses === 0 ? null : countOf(dns.queries, 'DNS query', 'DNS queries');
  const { asked, resolved, failed, unanswered, withoutQuery } = lookups;
  const seenByAnswer = withoutQuery.resolved + withoutQuery.failed;
  const untracked = omitted?.['dns.untrackedQueries'] ?? 0;
  if (asked + seenByAnswer + dns.queries + dns.responses === 0) return null;
  const parts = [
    asked === 0
      ? 'no look-up to a DNS server'
      : `${countOf(asked, 'look-up')} to ${asked === 1 ? 'a DNS server' : 'DNS servers'}: ${formatCount(resolved + failed)} answered ${outcomes(resolved, failed)}, ${formatCount(unanswered)} unanswered`,
  ];
  if (seenByAnswer > 0) parts.push(`${formatCount(seenByAnswer)}${asked === 0 ? '' : ' more'} answered whose query is not in the trace ${outcomes(withoutQuery.resolved, withoutQuery.failed)}`);
  if (untracked > 0) parts.push(`${countOf(untracked, 'more query', 'more queries')} not followed (too many to track)`);
  return parts.join('; ');
}

/**
 * "Wireshark counts 21 DNS queries and 11 responses", with why that differs from the look-ups
 * when it does; null for a trace with no DNS message or a report without look-up counts.
 */
export function dnsWiresharkText({ dns }: DnsCounts): string | null {
  const { lookups } = dns;
  if (lookups === undefined || dns.queries + dns.responses === 0) return null;
  const totals = `Wireshark counts ${countOf(dns.queries, 'DNS query', 'DNS queries')} and ${countOf(dns.responses, 'response')}`;
  const answered = lookups.resolved + lookups.failed + lookups.withoutQuery.resolved + lookups.withoutQuery.failed;
  const same = dns.queries === lookups.asked && dns.responses === answered;
  return same ? totals : `${totals}: it counts every DNS message, with retries and repeated answers, mDNS, LLMNR, dynamic updates, malformed messages and copies quoted in ICMP errors`;
}
