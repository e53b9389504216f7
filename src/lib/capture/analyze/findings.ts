/**
 * Findings: the verdicts a support engineer reads first. Each is one plain sentence, a
 * severity, the frames that show it and the guide step that explains what to do next.
 *
 * Grouping: one finding per client, server endpoint and outcome of TCP conversations (see
 * conversation-findings.ts), one per DNS name and outcome, one per ICMP sender and message, one
 * per proxy, tunnel target and answer. Each kind lists at most MAX_PER_KIND findings and then one
 * summary finding counting the rest, so a trace with thousands of failures stays readable; the
 * strings of a conversation are built only for the findings listed.
 */
import { GUIDE_STEPS } from '../../guide/steps';
import type { DnsFailure, Finding, FindingKind } from '../report';
import { formatAddress } from './address';
import { conversationFindings } from './conversation-findings';
import { endpointsKey } from './conversation-groups';
import { ANSWER_WAIT_SECONDS, frames, groupBy, KindCap, plural, RUNTIME_DOMAINS, SEVERITY_ORDER, traceEnd } from './finding-common';
import type { IcmpErrorEvent } from './icmp';
import type { ReportContext } from './report-builder';
import type { TcpConversationState } from './tcp-conversation';

const TLS_CERTIFICATE_ALERTS = new Set([42, 43, 44, 45, 46, 48]);
const TLS_PROTOCOL_ALERTS = new Set([40, 70, 71, 86]);

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

function icmpMeaning(event: IcmpErrorEvent): string {
  if (event.errorClass === 'time-exceeded') return 'packets loop or the path is longer than their TTL allows';
  if (/port unreachable/.test(event.description)) return 'nothing listens on that port at the destination';
  if (/prohibited|policy|reject/.test(event.description)) return 'a firewall or router rejected the traffic';
  if (/fragmentation|too big/.test(event.description)) return 'the path MTU is smaller than the packets, which may not be fragmented';
  return 'a router found no way to the destination';
}

function icmpFinding(group: IcmpErrorEvent[]): Finding {
  const first = group[0];
  const frameList = frames(group.map((event) => event.frame));
  if (first.lateAnswer === 'DNS') {
    const summary = `${first.from} turned away ${plural(group.length, 'DNS answer', 'DNS answers')} with "port unreachable" (the first: ${first.quoted}): they came after it had stopped waiting, so that DNS server answers too slowly.`;
    return { kind: 'icmp-unreachable', severity: 'warning', summary, step: GUIDE_STEPS.readDns, evidence: { frames: frameList } };
  }
  if (first.lateAnswer === 'LLMNR') {
    const summary =
      `${first.from} turned away ${plural(group.length, 'LLMNR answer', 'LLMNR answers')} with "port unreachable" (the first: ${first.quoted}): ` +
      'Windows asks LLMNR for names DNS did not resolve and stops listening after the first answer or a short wait, so later answers meet a closed port. ' +
      'Nothing to fix there, but a name was missing from DNS.';
    return { kind: 'icmp-unreachable', severity: 'info', summary, step: GUIDE_STEPS.readDns, evidence: { frames: frameList } };
  }
  const example = first.quoted !== null ? `, first for ${first.quoted}` : '';
  const summary = `${first.from} reported "${first.description}" ${plural(group.length, 'time', 'times')}${example}: ${icmpMeaning(first)}.`;
  const kind: FindingKind = first.errorClass === 'time-exceeded' ? 'icmp-time-exceeded' : 'icmp-unreachable';
  const conversation = first.conversationId !== null ? { conversationId: first.conversationId } : {};
  return { kind, severity: 'warning', summary, step: GUIDE_STEPS.readIcmp, evidence: { frames: frameList, ...conversation } };
}

/** What a proxy's refusal of a tunnel means, and the guide step for it. */
function proxyRefusal(status: number, target: string): { meaning: string; step: string } {
  if (status === 407) {
    return {
      meaning: 'it wants credentials, and the runtime either has none the proxy accepts or its service account cannot authenticate to it',
      step: GUIDE_STEPS.cloudProxyAdAuth,
    };
  }
  if (status >= 500) return { meaning: 'the proxy itself could not resolve or reach that server', step: GUIDE_STEPS.cloudTestThroughProxy };
  const host = target.replace(/:\d+$/, '');
  return { meaning: 'its rules do not allow that name or port', step: RUNTIME_DOMAINS.test(host) ? GUIDE_STEPS.cloudProxyAllowlist : GUIDE_STEPS.cloudTestThroughProxy };
}

/**
 * Tunnels a proxy refused, one finding per proxy, target and status. A 407 is left out when the
 * same client later got a tunnel to the same target from that proxy: a client that signs in on a
 * new connection shows exactly that, and it is not a failure.
 */
function proxyFindings(context: ReportContext, cap: KindCap): void {
  const { tcp } = context.analyzer;
  // Behind a proxy every connection is a tunnel, so routes are keyed by numbers, and the strings
  // of a conversation are built only for the first of each refused group.
  const tunnels = tcp.conversations.filter((state) => state.proxyTarget !== null);
  const route = (state: TcpConversationState) => `${endpointsKey(tcp, state)}\u0000${state.proxyTarget}`;
  const granted = new Set(tunnels.filter((state) => state.proxyStatus >= 200 && state.proxyStatus < 300).map(route));
  const refused = tunnels.filter((state) => state.proxyStatus >= 400 && !(state.proxyStatus === 407 && granted.has(route(state))));
  const groups = groupBy(refused, (state) => `${route(state)}\u0000${state.proxyStatus}`);
  for (const group of groups) {
    const conversation = context.conversation(group[0]);
    const target = conversation.proxyTarget ?? '';
    const status = conversation.proxyStatus ?? 0;
    const { meaning, step } = proxyRefusal(status, target);
    const times = group.length > 1 ? ` (${group.length} times)` : '';
    const summary = `The proxy ${conversation.server} answered HTTP ${status} when ${conversation.clientAddress} asked it for a tunnel to ${target}${times}: ${meaning}.`;
    const evidence = frames(group.flatMap((state) => [state.proxyRequestFrame, state.proxyStatusFrame]));
    cap.add({ kind: 'proxy-refused', severity: 'error', summary, step, evidence: { frames: evidence, conversationId: conversation.id } });
  }
}

function tlsFindings(context: ReportContext, cap: KindCap): void {
  const { analyzer } = context;
  // close_notify at warning level is how a TLS session ends normally.
  const worrying = analyzer.tls.alerts.filter((alert) => alert.levelValue === 2 || alert.descriptionValue !== 0);
  for (const group of groupBy(worrying, (alert) => String(alert.conversationId))) {
    const alert = group[0];
    const severity = alert.levelValue === 2 ? 'error' : 'warning';
    const step = TLS_CERTIFICATE_ALERTS.has(alert.descriptionValue) ? GUIDE_STEPS.cloudCertNotTrusted : TLS_PROTOCOL_ALERTS.has(alert.descriptionValue) ? GUIDE_STEPS.cloudTlsProtocol : GUIDE_STEPS.readTls;
    if (!cap.admit('tls-alert', alert.frame, severity, step)) continue;
    const state = analyzer.tcp.conversations[alert.conversationId];
    const conversation = context.conversation(state);
    const fromClient = (alert.side === 0) === (state.clientIndex() === 0);
    const sender = fromClient ? `The client ${conversation.client}` : `The server ${conversation.server}`;
    const name = conversation.tlsServerName !== undefined ? ` (server name ${conversation.tlsServerName})` : '';
    const summary = `${sender} sent a ${alert.level} TLS alert "${alert.description}" in the connection ${conversation.client} -> ${conversation.server}${name}.`;
    cap.kept.push({ kind: 'tls-alert', severity, summary, step, evidence: { frames: frames(group.map((entry) => entry.frame)), conversationId: alert.conversationId } });
  }
}

function faultFindings(context: ReportContext, cap: KindCap): void {
  const { files, faults, perFile } = context.trace;
  for (const fault of faults) {
    const fileIndex = files.findIndex((file) => file.name === fault.file);
    if (fileIndex < 0) {
      // Not a capture at all (ETL, EVTX, zip, text ...): say what it is and how to get a trace.
      const etl = /\betl\b/i.test(`${fault.reason} ${fault.hint ?? ''}`);
      const summary = `${fault.file} could not be read as a capture: ${fault.reason}.${fault.hint !== undefined ? ` ${fault.hint}` : ''}`;
      cap.add({ kind: 'capture-damaged', severity: 'error', summary, step: etl ? GUIDE_STEPS.collectConvertEtl : GUIDE_STEPS.collectWireshark, evidence: { frames: [], file: fault.file } });
      continue;
    }
    const packets = perFile[fileIndex]?.packets ?? 0;
    const summary = `${fault.file} is damaged at byte ${fault.offset} (${fault.reason}); the analysis covers the ${plural(packets, 'packet', 'packets')} before that point.`;
    cap.add({ kind: 'capture-damaged', severity: 'warning', summary, step: GUIDE_STEPS.collectStop, evidence: { frames: [], file: fault.file } });
  }
}

/** The capture recorded packets more than once: say so, since Wireshark shows the copies as retransmissions. */
function duplicatesFinding(copies: number, tcpPackets: number, copyFrames: number[]): Finding {
  const share = Math.max(1, Math.round((copies / tcpPackets) * 100));
  const summary =
    `${plural(copies, 'TCP packet repeats', 'TCP packets repeat')} a packet less than a millisecond after it (${share}% of TCP packets): the capture recorded each packet at two or more points on its way ` +
    '(pktmon at every network component, a mirror port, or a capture on several interfaces at once). ' +
    'They are not counted here as retransmissions or second resets, though Wireshark shows them as retransmissions and duplicate ACKs. ' +
    'With pktmon, capture with "pktmon start --capture --comp nics" to record each packet once, or keep one component when converting ("pktmon etl2pcap" with "--component-id").';
  return { kind: 'duplicate-packets', severity: 'info', summary, step: GUIDE_STEPS.collectPktmon, evidence: { frames: frames(copyFrames) } };
}

export function buildFindings(context: ReportContext): Finding[] {
  const { analyzer } = context;
  const cap = new KindCap();
  conversationFindings(context, cap);
  tlsFindings(context, cap);
  proxyFindings(context, cap);
  const dnsFailures = [...analyzer.dns.failures, ...analyzer.dns.unanswered()].map((event) => ({
    failure: context.dnsFailure(event),
    waited: context.secondsToTraceEnd(event.seconds, event.nanoseconds),
  }));
  const answeredNames = analyzer.dns.answeredNames();
  for (const group of groupBy(dnsFailures, ({ failure }) => `${failure.rcode}\u0000${failure.name}\u0000${failure.server}`)) {
    const [{ failure }] = group;
    cap.add(dnsFinding(group.map((entry) => entry.failure), group.reduce((longest, { waited }) => Math.max(longest, waited), 0), answeredNames.get(failure.server)));
  }
  // Redirects and source quench say nothing about reachability; "packet too big" does (path MTU).
  const icmpErrors = analyzer.icmpErrors.filter((event) => event.errorClass !== 'other' || /too big/.test(event.description));
  for (const group of groupBy(icmpErrors, (event) => `${event.from}\u0000${event.description}\u0000${event.lateAnswer}`)) cap.add(icmpFinding(group));
  faultFindings(context, cap);
  if (analyzer.tcp.duplicatePackets > 0) cap.add(duplicatesFinding(analyzer.tcp.duplicatePackets, analyzer.tcp.packets, analyzer.tcp.duplicateFrames));
  if (analyzer.packets > 0 && analyzer.tcp.packets === 0) {
    cap.add({
      kind: 'no-tcp',
      severity: 'info',
      summary: `The trace holds ${plural(analyzer.packets, 'packet', 'packets')} but no TCP at all: it was probably taken on another network interface or with a filter that left the connection out.`,
      step: GUIDE_STEPS.collectIpNetstat,
      evidence: { frames: [] },
    });
  }
  const firstFrame = (finding: Finding) => finding.evidence.frames[0] ?? 0;
  const ordered = cap.kept.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || firstFrame(a) - firstFrame(b));
  return [...ordered, ...cap.summaries()];
}
