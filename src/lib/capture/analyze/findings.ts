/**
 * Findings: the verdicts a support engineer reads first. Each is one plain sentence, a
 * severity, the frames that show it and the guide step that explains what to do next.
 *
 * Grouping: one finding per conversation problem, one per DNS name and outcome, one per ICMP
 * sender and message. Each kind lists at most MAX_PER_KIND findings and then one summary
 * finding counting the rest, so a trace with thousands of refused connections stays readable.
 */
import { GUIDE_STEPS } from '../../guide/steps';
import type { CaptureFault } from '../records';
import type { CaptureReport, Conversation, DnsFailure, Finding, FindingKind } from '../report';
import type { CaptureAnalyzer } from './capture-analyzer';
import type { IcmpErrorEvent } from './icmp';

export const MAX_PER_KIND = 25;
/** Frames quoted as evidence per finding. */
const MAX_EVIDENCE_FRAMES = 12;
/** SHIR nodes talk to each other on TCP 8060; problems there have their own guide steps. */
const NODE_PORT = 8060;
const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };
const TLS_CERTIFICATE_ALERTS = new Set([42, 43, 44, 45, 46, 48]);
const TLS_PROTOCOL_ALERTS = new Set([40, 70, 71, 86]);

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function frames(list: number[]): number[] {
  return [...new Set(list)].sort((a, b) => a - b).slice(0, MAX_EVIDENCE_FRAMES);
}

function conversationFinding(conversation: Conversation, report: CaptureReport): Finding | null {
  const { client, server, serverPort } = conversation;
  const nodePort = serverPort === NODE_PORT;
  const synFrames = conversation.ladder.filter((packet) => (packet.flags & 0x12) === 0x02).map((packet) => packet.frame);
  const firstReset = report.tcp.resets.find((reset) => reset.conversationId === conversation.id);
  const evidence = (extra: number[], detail?: string) => ({
    frames: frames([...synFrames, ...extra]),
    conversationId: conversation.id,
    ...(detail !== undefined ? { detail } : {}),
  });
  switch (conversation.state) {
    case 'refused': {
      const byPath = conversation.resetBy === 'path';
      const summary = byPath
        ? `A device on the path refused the connection from ${client} to ${server} on the server's behalf: the reset answering the SYN does not carry the server's TTL.`
        : nodePort
          ? `${conversation.serverAddress} refused the node-to-node connection from ${client} on port ${NODE_PORT}: nothing listens there or a firewall rejects it.`
          : `${conversation.serverAddress} refused the connection from ${client} to port ${serverPort}: it answered the SYN with a reset, so nothing listens there or a firewall rejects it.`;
      return { kind: 'connection-refused', severity: 'error', summary, step: nodePort ? GUIDE_STEPS.node8060Refused : GUIDE_STEPS.readRefused, evidence: evidence(firstReset ? [firstReset.frame] : [], firstReset?.explanation) };
    }
    case 'no-answer': {
      const attempts = Math.max(1, synFrames.length, conversation.synRetransmits + 1);
      const summary = `${client} sent ${plural(attempts, 'SYN', 'SYNs')} to ${server} and got no answer: the packets were dropped on the way (firewall, routing) or the server is down.`;
      return { kind: 'syn-timeout', severity: attempts > 1 ? 'error' : 'warning', summary, step: nodePort ? GUIDE_STEPS.nodeTestPort8060 : GUIDE_STEPS.readSynRetransmit, evidence: evidence([]) };
    }
    case 'reset': {
      if (firstReset === undefined) return null;
      const sender = firstReset.src;
      if (conversation.resetBy === 'path') {
        const summary = `A device on the path, not ${sender}, reset the connection ${client} -> ${server}: the RST's TTL does not match ${sender}'s own packets.`;
        return { kind: 'middlebox-reset', severity: 'error', summary, step: GUIDE_STEPS.resetReadTtl, evidence: evidence([firstReset.frame], firstReset.explanation) };
      }
      const byServer = conversation.resetBy === 'server';
      const who = firstReset.sentBy === 'unknown' ? `The connection ${client} -> ${server} was reset by a packet claiming to come from ${sender}` : byServer ? `${sender} (the server) reset the connection from ${client}` : `The client ${client} reset its own connection to ${server}`;
      const summary = `${who} after ${plural(conversation.packets, 'packet', 'packets')}.`;
      return { kind: 'peer-reset', severity: byServer ? 'warning' : 'info', summary, step: GUIDE_STEPS.resetFollowConversation, evidence: evidence([firstReset.frame], firstReset.explanation) };
    }
    default:
      return null;
  }
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

function groupBy<T>(items: T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return [...groups.values()];
}

function dnsFindings(failures: DnsFailure[]): Finding[] {
  return groupBy(failures, (failure) => `${failure.rcode}\u0000${failure.name}\u0000${failure.server}`).map((group) => {
    const { name, rcode, server } = group[0];
    const evidence = { frames: frames(group.map((failure) => failure.frame)) };
    if (rcode === 'no response') {
      const summary = `${plural(group.length, 'query', 'queries')} for ${name} to ${server} got no answer by the end of the trace: the DNS server is unreachable or slow, or UDP port 53 is blocked.`;
      return { kind: 'dns-no-response' as const, severity: 'warning' as const, summary, step: GUIDE_STEPS.cloudDnsNotResolved, evidence };
    }
    const times = group.length > 1 ? ` (${group.length} times)` : '';
    const summary = `The DNS server ${server} answered ${rcode} for ${name}${times}: ${dnsMeaning(rcode)}.`;
    return { kind: 'dns-failure' as const, severity: rcode === 'NXDOMAIN' ? ('warning' as const) : ('error' as const), summary, step: GUIDE_STEPS.cloudDnsNotResolved, evidence };
  });
}

function icmpMeaning(event: IcmpErrorEvent): string {
  if (event.errorClass === 'time-exceeded') return 'packets loop or the path is longer than their TTL allows';
  if (/port unreachable/.test(event.description)) return 'nothing listens on that port at the destination';
  if (/prohibited|policy|reject/.test(event.description)) return 'a firewall or router rejected the traffic';
  if (/fragmentation|too big/.test(event.description)) return 'the path MTU is smaller than the packets, which may not be fragmented';
  return 'a router found no way to the destination';
}

function icmpFindings(events: IcmpErrorEvent[]): Finding[] {
  const relevant = events.filter((event) => event.errorClass !== 'other' || /too big/.test(event.description));
  return groupBy(relevant, (event) => `${event.from}\u0000${event.description}`).map((group) => {
    const first = group[0];
    const example = first.quoted !== null ? `, first for ${first.quoted}` : '';
    const summary = `${first.from} reported "${first.description}" ${plural(group.length, 'time', 'times')}${example}: ${icmpMeaning(first)}.`;
    const kind: FindingKind = first.errorClass === 'time-exceeded' ? 'icmp-time-exceeded' : 'icmp-unreachable';
    const conversationId = first.conversationId ?? undefined;
    return { kind, severity: 'warning', summary, step: GUIDE_STEPS.readIcmp, evidence: { frames: frames(group.map((event) => event.frame)), ...(conversationId !== undefined ? { conversationId } : {}) } };
  });
}

function tlsFindings(report: CaptureReport, analyzer: CaptureAnalyzer): Finding[] {
  const worrying = analyzer.tls.alerts.filter((alert) => alert.levelValue === 2 || alert.descriptionValue !== 0);
  return groupBy(worrying, (alert) => String(alert.conversationId)).map((group) => {
    const alert = group[0];
    const conversation = report.tcp.conversations[alert.conversationId];
    const fromClient = conversation !== undefined && (alert.side === 0) === (analyzer.tcp.conversations[alert.conversationId].clientIndex() === 0);
    const sender = conversation === undefined ? 'A peer' : fromClient ? `The client ${conversation.client}` : `The server ${conversation.server}`;
    const name = conversation?.tlsServerName !== undefined ? ` (server name ${conversation.tlsServerName})` : '';
    const summary = `${sender} sent a ${alert.level} TLS alert "${alert.description}"${conversation !== undefined ? ` in the connection ${conversation.client} -> ${conversation.server}` : ''}${name}.`;
    const step = TLS_CERTIFICATE_ALERTS.has(alert.descriptionValue) ? GUIDE_STEPS.cloudCertNotTrusted : TLS_PROTOCOL_ALERTS.has(alert.descriptionValue) ? GUIDE_STEPS.cloudTlsProtocol : GUIDE_STEPS.readTls;
    return { kind: 'tls-alert', severity: alert.levelValue === 2 ? 'error' : 'warning', summary, step, evidence: { frames: frames(group.map((entry) => entry.frame)), conversationId: alert.conversationId } };
  });
}

function faultFindings(report: CaptureReport, faults: CaptureFault[]): Finding[] {
  return faults.map((fault) => {
    const file = report.files.find((summary) => summary.name === fault.file);
    if (file === undefined) {
      // Not a capture at all (ETL, EVTX, zip, text ...): say what it is and how to get a trace.
      const etl = /\betl\b/i.test(`${fault.reason} ${fault.hint ?? ''}`);
      const summary = `${fault.file} could not be read as a capture: ${fault.reason}.${fault.hint !== undefined ? ` ${fault.hint}` : ''}`;
      return { kind: 'capture-damaged', severity: 'error', summary, step: etl ? GUIDE_STEPS.collectConvertEtl : GUIDE_STEPS.collectWireshark, evidence: { frames: [] } } satisfies Finding;
    }
    const summary = `${fault.file} is damaged at byte ${fault.offset} (${fault.reason}); the analysis covers the ${plural(file.packets, 'packet', 'packets')} before that point.`;
    return { kind: 'capture-damaged', severity: 'warning', summary, step: GUIDE_STEPS.collectStop, evidence: { frames: [] } } satisfies Finding;
  });
}

/** One summary finding per kind for what the cap left out. */
function capPerKind(findings: Finding[]): Finding[] {
  const kept: Finding[] = [];
  const omitted = new Map<FindingKind, Finding[]>();
  const counts = new Map<FindingKind, number>();
  for (const finding of findings) {
    const count = (counts.get(finding.kind) ?? 0) + 1;
    counts.set(finding.kind, count);
    if (count <= MAX_PER_KIND) kept.push(finding);
    else {
      const rest = omitted.get(finding.kind);
      if (rest === undefined) omitted.set(finding.kind, [finding]);
      else rest.push(finding);
    }
  }
  for (const [kind, rest] of omitted) {
    const worst = rest.reduce((a, b) => (SEVERITY_ORDER[a.severity] <= SEVERITY_ORDER[b.severity] ? a : b));
    kept.push({
      kind,
      severity: worst.severity,
      summary: `${plural(rest.length, 'more finding', 'more findings')} of the kind "${kind}" are not listed one by one; the first frames of each are given as evidence.`,
      step: rest[0].step,
      evidence: { frames: frames(rest.map((finding) => finding.evidence.frames[0]).filter((frame) => frame !== undefined)) },
    });
  }
  return kept;
}

export function buildFindings(report: CaptureReport, analyzer: CaptureAnalyzer, faults: CaptureFault[]): Finding[] {
  const findings: Finding[] = [];
  for (const conversation of report.tcp.conversations) {
    const finding = conversationFinding(conversation, report);
    if (finding !== null) findings.push(finding);
  }
  findings.push(...tlsFindings(report, analyzer), ...dnsFindings(report.dns.failures), ...icmpFindings(analyzer.icmpErrors), ...faultFindings(report, faults));
  if (report.packets > 0 && report.tcp.packets === 0) {
    findings.push({
      kind: 'no-tcp',
      severity: 'info',
      summary: `The trace holds ${plural(report.packets, 'packet', 'packets')} but no TCP at all: it was probably taken on another network interface or with a filter that left the connection out.`,
      step: GUIDE_STEPS.collectIpNetstat,
      evidence: { frames: [] },
    });
  }
  const firstFrame = (finding: Finding) => finding.evidence.frames[0] ?? 0;
  const ordered = findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || firstFrame(a) - firstFrame(b));
  return capPerKind(ordered);
}
