/**
 * Findings: the verdicts a support engineer reads first. Each is one plain sentence, a
 * severity, the frames that show it and the guide step that explains what to do next.
 *
 * Grouping: one finding per conversation problem, one per DNS name and outcome, one per ICMP
 * sender and message. Each kind lists at most MAX_PER_KIND findings and then one summary
 * finding counting the rest, so a trace with thousands of refused connections stays readable.
 * The cap is applied while scanning, so building findings costs the same whether a trace has
 * ten problem conversations or a hundred thousand (progress updates rebuild them often).
 */
import { GUIDE_STEPS } from '../../guide/steps';
import { ladderPackets } from '../ladder-rows';
import type { Conversation, DnsFailure, Finding, FindingKind } from '../report';
import type { ResetEvent } from './conversations';
import type { IcmpErrorEvent } from './icmp';
import type { ReportContext } from './report-builder';
import { ConversationGrouper, type ConversationGroup } from './conversation-groups';
import type { TcpConversationState } from './tcp-conversation';

export const MAX_PER_KIND = 25;
/** Frames quoted as evidence per finding. */
const MAX_EVIDENCE_FRAMES = 12;
/** SHIR nodes talk to each other on TCP 8060; problems there have their own guide steps. */
const NODE_PORT = 8060;
const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };
const TLS_CERTIFICATE_ALERTS = new Set([42, 43, 44, 45, 46, 48]);
/** Names the runtime must reach through a firewall or proxy, as the guide's allowlist step lists them. */
const RUNTIME_DOMAINS = /(?:^|\.)(?:frontend\.clouddatahub\.net|servicebus\.windows\.net|core\.windows\.net|database\.windows\.net|download\.microsoft\.com)$/i;
const FLAG_RST = 0x04;
const TLS_PROTOCOL_ALERTS = new Set([40, 70, 71, 86]);
/**
 * A SYN or a DNS query is first retried after about a second (RFC 6298's initial retransmission
 * timeout; the Windows DNS client's first retry). A trace that ends sooner than that after it
 * cannot show that no answer came: the capture may simply have stopped first.
 */
const ANSWER_WAIT_SECONDS = 1;

/** "the trace ends with it" / "the trace ends 120 ms later", for a wait shorter than ANSWER_WAIT_SECONDS. */
function traceEnd(waitedSeconds: number): string {
  return waitedSeconds === 0 ? 'the trace ends with it' : `the trace ends ${Math.max(1, Math.round(waitedSeconds * 1000))} ms later`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function frames(list: number[]): number[] {
  return [...new Set(list)].sort((a, b) => a - b).slice(0, MAX_EVIDENCE_FRAMES);
}

/** Keeps the first MAX_PER_KIND findings of each kind and remembers enough of the rest to sum them up. */
class KindCap {
  readonly kept: Finding[] = [];
  private readonly counts = new Map<FindingKind, number>();
  private readonly overflow = new Map<FindingKind, { count: number; frames: number[]; severity: Finding['severity']; step: string }>();

  /** True when another finding of `kind` may still be listed one by one; otherwise counts it. */
  admit(kind: FindingKind, firstFrame: number, severity: Finding['severity'], step: string): boolean {
    const count = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, count);
    if (count <= MAX_PER_KIND) return true;
    const rest = this.overflow.get(kind) ?? { count: 0, frames: [], severity, step };
    rest.count++;
    if (rest.frames.length < MAX_EVIDENCE_FRAMES) rest.frames.push(firstFrame);
    if (SEVERITY_ORDER[severity] < SEVERITY_ORDER[rest.severity]) rest.severity = severity;
    this.overflow.set(kind, rest);
    return false;
  }

  add(finding: Finding): void {
    if (this.admit(finding.kind, finding.evidence.frames[0] ?? 0, finding.severity, finding.step)) this.kept.push(finding);
  }

  summaries(): Finding[] {
    return [...this.overflow].map(([kind, rest]) => ({
      kind,
      severity: rest.severity,
      summary: `${plural(rest.count, 'more finding', 'more findings')} of the kind "${kind}" are not listed one by one; the first frame of each of the first ${Math.min(rest.count, MAX_EVIDENCE_FRAMES)} is given as evidence.`,
      step: rest.step,
      evidence: { frames: frames(rest.frames) },
    }));
  }
}

/**
 * The server name and the ClientHello's frame when the first RST came right after the client's
 * TLS ClientHello, before the server sent any data: what a firewall or proxy that filters by name
 * does to a name it does not allow (and what a server does to a handshake it rejects outright).
 * Null otherwise, or when the ladder left packets out (a long conversation is not this).
 */
function resetAfterClientHello(conversation: Conversation): { name: string; helloFrame: number } | null {
  if (conversation.tlsServerName === undefined || conversation.ladderOmitted > 0) return null;
  let helloFrame = 0;
  for (const packet of ladderPackets(conversation.ladder)) {
    if ((packet.flags & FLAG_RST) !== 0) return helloFrame > 0 ? { name: conversation.tlsServerName, helloFrame } : null;
    if (packet.payloadLength === 0) continue;
    if (!packet.fromClient) return null;
    if (helloFrame === 0) helloFrame = packet.frame;
  }
  return null;
}

/** `waitedSeconds`: from the conversation's first packet to the end of the trace. */
function conversationFinding(conversation: Conversation, firstReset: ResetEvent | undefined, waitedSeconds: number): Finding | null {
  const { client, server, serverPort } = conversation;
  const nodePort = serverPort === NODE_PORT;
  const synFrames = ladderPackets(conversation.ladder).filter((packet) => (packet.flags & 0x12) === 0x02).map((packet) => packet.frame);
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
      if (waitedSeconds < ANSWER_WAIT_SECONDS) {
        const summary = `${client} sent ${plural(attempts, 'SYN', 'SYNs')} to ${server} and ${traceEnd(waitedSeconds)}: too soon to tell whether an answer would have come. Capture for longer to see how the connection goes.`;
        return { kind: 'syn-timeout', severity: 'info', summary, step: GUIDE_STEPS.readSynRetransmit, evidence: evidence([]) };
      }
      const summary = `${client} sent ${plural(attempts, 'SYN', 'SYNs')} to ${server} and got no answer: the packets were dropped on the way (firewall, routing) or the server is down.`;
      return { kind: 'syn-timeout', severity: attempts > 1 ? 'error' : 'warning', summary, step: nodePort ? GUIDE_STEPS.nodeTestPort8060 : GUIDE_STEPS.readSynRetransmit, evidence: evidence([]) };
    }
    case 'reset': {
      if (firstReset === undefined) return null;
      const sender = firstReset.source;
      const hello = resetAfterClientHello(conversation);
      const blockedName = hello?.name ?? null;
      const resetFrames = hello === null ? [firstReset.frame] : [hello.helloFrame, firstReset.frame];
      // A name the runtime needs is the allowlist step's business; other names, the TLS reading's.
      const nameStep = blockedName !== null && RUNTIME_DOMAINS.test(blockedName) ? GUIDE_STEPS.cloudProxyAllowlist : GUIDE_STEPS.readTls;
      if (conversation.resetBy === 'path') {
        const summary =
          blockedName !== null
            ? `A device on the path, not ${sender}, reset the connection ${client} -> ${server} right after the client's TLS ClientHello named ${blockedName}: a firewall or proxy that filters by server name most likely does not allow ${blockedName}.`
            : `A device on the path, not ${sender}, reset the connection ${client} -> ${server}: the RST's TTL does not match ${sender}'s own packets.`;
        return { kind: 'middlebox-reset', severity: 'error', summary, step: blockedName !== null ? nameStep : GUIDE_STEPS.resetReadTtl, evidence: evidence(resetFrames, firstReset.explanation) };
      }
      if (blockedName !== null && conversation.resetBy === 'server') {
        const summary = `${sender} reset the connection from ${client} right after its TLS ClientHello named ${blockedName}, before answering it: the server refused the handshake (TLS version or ciphers), or a firewall or proxy that filters by server name answered with the server's address.`;
        return { kind: 'peer-reset', severity: 'error', summary, step: nameStep, evidence: evidence(resetFrames, firstReset.explanation) };
      }
      const byServer = conversation.resetBy === 'server';
      if (firstReset.afterPeerFin) {
        const closer = firstReset.sentBy === 'unknown' ? `a packet claiming to come from ${sender}` : byServer ? `${sender} (the server)` : `the client ${client}`;
        const otherEnd = byServer ? "the client's" : "the server's";
        const summary =
          `The connection ${client} -> ${server} ended when ${closer} answered ${otherEnd} FIN with a reset instead of a FIN, after ${plural(conversation.packets, 'packet', 'packets')}: ` +
          'an abortive close, which many Windows services and clients use. It matters only if an application reported an error at that moment.';
        return { kind: 'peer-reset', severity: 'info', summary, step: GUIDE_STEPS.readClose, evidence: evidence([firstReset.frame], firstReset.explanation) };
      }
      const who =
        firstReset.sentBy === 'unknown'
          ? `The connection ${client} -> ${server} was reset by a packet claiming to come from ${sender}`
          : byServer
            ? `${sender} (the server) reset the connection from ${client}`
            : `The client ${client} reset its own connection to ${server}`;
      const summary = `${who} after ${plural(conversation.packets, 'packet', 'packets')}.`;
      return { kind: 'peer-reset', severity: byServer ? 'warning' : 'info', summary, step: GUIDE_STEPS.resetFollowConversation, evidence: evidence([firstReset.frame], firstReset.explanation) };
    }
    default:
      return null;
  }
}

/** Severity and step for the summary of conversation findings past the cap (the listed ones refine both). */
type ConversationKind = Extract<FindingKind, 'connection-refused' | 'syn-timeout' | 'middlebox-reset' | 'peer-reset'>;
const OVERFLOW_DEFAULTS: Record<ConversationKind, { severity: Finding['severity']; step: string }> = {
  'connection-refused': { severity: 'error', step: GUIDE_STEPS.readRefused },
  'syn-timeout': { severity: 'error', step: GUIDE_STEPS.readSynRetransmit },
  'middlebox-reset': { severity: 'error', step: GUIDE_STEPS.resetReadTtl },
  'peer-reset': { severity: 'warning', step: GUIDE_STEPS.resetFollowConversation },
};

/** The facts besides kind and endpoints that decide a conversation finding's wording, as bits. */
function outcomeBits(context: ReportContext, state: TcpConversationState, kind: ConversationKind, firstReset: ResetEvent | undefined): number {
  if (kind === 'syn-timeout') {
    const tooSoon = context.secondsToTraceEnd(state.firstSeconds, state.firstNanoseconds) < ANSWER_WAIT_SECONDS;
    return (tooSoon ? 1 : 0) | (state.synRetransmits > 0 ? 2 : 0);
  }
  return (
    (state.firstResetSide === state.clientIndex() ? 1 : 0) |
    (firstReset?.sentBy === 'peer' ? 2 : firstReset?.sentBy === 'unknown' ? 4 : 0) |
    (firstReset?.afterPeerFin === true ? 8 : 0)
  );
}

/** One finding for several connections that ended the same way: the first one's story, and how many. */
function groupFinding(first: Finding, conversation: Conversation, group: ConversationGroup): Finding {
  const summary = `${group.members} connections from ${conversation.clientAddress} to ${conversation.server} ended the same way; the first of them: ${first.summary}`;
  return { ...first, summary, evidence: { ...first.evidence, frames: frames([...first.evidence.frames, ...(group.frames ?? [])]) } };
}

function conversationFindings(context: ReportContext, cap: KindCap): void {
  const { tcp } = context.analyzer;
  const grouper = new ConversationGrouper(tcp);
  for (const state of tcp.conversations) {
    const conversationState = state.state();
    if (conversationState !== 'refused' && conversationState !== 'no-answer' && conversationState !== 'reset') continue;
    const firstReset = state.firstReset >= 0 ? tcp.resets[state.firstReset] : undefined;
    const kind: ConversationKind = conversationState === 'refused' ? 'connection-refused' : conversationState === 'no-answer' ? 'syn-timeout' : firstReset?.sentBy === 'path' ? 'middlebox-reset' : 'peer-reset';
    grouper.add(state, kind, outcomeBits(context, state, kind, firstReset));
  }
  for (const group of grouper.groups) {
    const { first } = group;
    const kind = group.kind as ConversationKind;
    const summaryOnly = OVERFLOW_DEFAULTS[kind];
    // The full conversation (strings, ladder) is built only for the findings listed.
    if (!cap.admit(kind, first.firstFrame, summaryOnly.severity, summaryOnly.step)) continue;
    const conversation = context.conversation(first);
    const firstReset = first.firstReset >= 0 ? tcp.resets[first.firstReset] : undefined;
    const finding = conversationFinding(conversation, firstReset, context.secondsToTraceEnd(first.firstSeconds, first.firstNanoseconds));
    if (finding !== null) cap.kept.push(group.members === 1 ? finding : groupFinding(finding, conversation, group));
  }
}

/**
 * Names Windows looks up on its own, whose absence is the usual state of a network: the WPAD
 * proxy auto-discovery name and the ISATAP router name. A missing one is no DNS fault; WPAD's
 * absence matters only to a runtime meant to discover its proxy, which the proxy step covers.
 */
function routineLookupFinding(name: string, evidence: Finding['evidence']): Finding | null {
  const firstLabel = name.split('.', 1)[0].toLowerCase();
  if (firstLabel === 'wpad') {
    const summary = `${name} does not exist (NXDOMAIN): Windows asked for a proxy auto-configuration script and this network offers none. That is normal, unless the runtime is meant to find its proxy this way; then set the proxy explicitly.`;
    return { kind: 'dns-failure', severity: 'info', summary, step: GUIDE_STEPS.cloudTestThroughProxy, evidence };
  }
  if (firstLabel === 'isatap') {
    const summary = `${name} does not exist (NXDOMAIN): Windows looks this name up to find an ISATAP IPv6 router, which most networks do not have. Nothing to fix.`;
    return { kind: 'dns-failure', severity: 'info', summary, step: GUIDE_STEPS.readDns, evidence };
  }
  return null;
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

/** `waitedSeconds`: from the group's first query to the end of the trace. */
function dnsFinding(group: DnsFailure[], waitedSeconds: number): Finding {
  const { name, rcode, server } = group[0];
  const evidence = { frames: frames(group.map((failure) => failure.frame)) };
  if (rcode === 'no response') {
    if (waitedSeconds < ANSWER_WAIT_SECONDS) {
      const summary = `${plural(group.length, 'query', 'queries')} for ${name} to ${server} went unanswered, but ${traceEnd(waitedSeconds)}: too soon to tell whether the server would have answered.`;
      return { kind: 'dns-no-response', severity: 'info', summary, step: GUIDE_STEPS.cloudDnsNotResolved, evidence };
    }
    const summary = `${plural(group.length, 'query', 'queries')} for ${name} to ${server} got no answer by the end of the trace: the DNS server is unreachable or slow, or UDP port 53 is blocked.`;
    return { kind: 'dns-no-response', severity: 'warning', summary, step: GUIDE_STEPS.cloudDnsNotResolved, evidence };
  }
  const routine = rcode === 'NXDOMAIN' ? routineLookupFinding(name, evidence) : null;
  if (routine !== null) return routine;
  const times = group.length > 1 ? ` (${group.length} times)` : '';
  const summary = `The DNS server ${server} answered ${rcode} for ${name}${times}: ${dnsMeaning(rcode)}.`;
  return { kind: 'dns-failure', severity: rcode === 'NXDOMAIN' ? 'warning' : 'error', summary, step: GUIDE_STEPS.cloudDnsNotResolved, evidence };
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
  const example = first.quoted !== null ? `, first for ${first.quoted}` : '';
  const summary = `${first.from} reported "${first.description}" ${plural(group.length, 'time', 'times')}${example}: ${icmpMeaning(first)}.`;
  const kind: FindingKind = first.errorClass === 'time-exceeded' ? 'icmp-time-exceeded' : 'icmp-unreachable';
  const conversation = first.conversationId !== null ? { conversationId: first.conversationId } : {};
  return { kind, severity: 'warning', summary, step: GUIDE_STEPS.readIcmp, evidence: { frames: frames(group.map((event) => event.frame)), ...conversation } };
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
  const tunnels = context.analyzer.tcp.conversations.filter((state) => state.proxyTarget !== null);
  const route = (state: TcpConversationState) => {
    const conversation = context.conversation(state);
    return `${conversation.clientAddress}\u0000${conversation.server}\u0000${state.proxyTarget}`;
  };
  const granted = new Set(tunnels.filter((state) => state.proxyStatus >= 200 && state.proxyStatus < 300).map(route));
  const refused = tunnels.filter((state) => state.proxyStatus >= 400 && !(state.proxyStatus === 407 && granted.has(route(state))));
  const groups = groupBy(refused, (state) => `${context.conversation(state).server}\u0000${state.proxyTarget}\u0000${state.proxyStatus}`);
  for (const group of groups) {
    const conversation = context.conversation(group[0]);
    const target = conversation.proxyTarget ?? '';
    const status = conversation.proxyStatus ?? 0;
    const { meaning, step } = proxyRefusal(status, target);
    const times = group.length > 1 ? ` (${group.length} times)` : '';
    const summary = `The proxy ${conversation.server} answered HTTP ${status} when ${conversation.clientAddress} asked it for a tunnel to ${target}${times}: ${meaning}.`;
    cap.add({ kind: 'proxy-refused', severity: 'error', summary, step, evidence: { frames: frames(group.map((state) => state.firstFrame)), conversationId: conversation.id } });
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
  for (const group of groupBy(dnsFailures, ({ failure }) => `${failure.rcode}\u0000${failure.name}\u0000${failure.server}`)) {
    cap.add(dnsFinding(group.map(({ failure }) => failure), group.reduce((longest, { waited }) => Math.max(longest, waited), 0)));
  }
  // Redirects and source quench say nothing about reachability; "packet too big" does (path MTU).
  const icmpErrors = analyzer.icmpErrors.filter((event) => event.errorClass !== 'other' || /too big/.test(event.description));
  for (const group of groupBy(icmpErrors, (event) => `${event.from}\u0000${event.description}`)) cap.add(icmpFinding(group));
  faultFindings(context, cap);
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
