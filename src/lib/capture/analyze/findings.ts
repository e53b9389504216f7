/**
 * Findings: the verdicts a support engineer reads first. Each is a few plain sentences, a
 * severity, the frames that show it and the guide step that explains what to do next.
 *
 * Grouping: one finding per client, server endpoint and outcome of TCP conversations (see
 * conversation-findings.ts), one per connection stalled on a segment too large for the path
 * (mtu-findings.ts), one per DNS name and outcome (dns-findings.ts), one per ICMP sender and message (icmp-findings.ts), one
 * per proxy, tunnel target and answer, and the trace's own (trace-findings.ts). Each kind lists at most MAX_PER_KIND findings and then one
 * summary finding counting the rest, so a trace with thousands of failures stays readable; the
 * strings of a conversation are built only for the findings listed.
 */
import { GUIDE_STEPS } from '../../guide/steps';
import type { Conversation, Finding } from '../report';
import { conversationFindings } from './conversation-findings';
import { endpointsKey } from './conversation-groups';
import { dnsFindings } from './dns-findings';
import { frames, groupBy, KindCap, RUNTIME_DOMAINS, SEVERITY_ORDER } from './finding-common';
import { icmpFindings } from './icmp-findings';
import { mtuFindings } from './mtu-findings';
import { traceFindings } from './trace-findings';
import type { ReportContext } from './report-builder';
import type { TcpConversationState } from './tcp-conversation';
import { alertSender } from './tls';

/** bad, unsupported, revoked, expired or unknown certificate, unknown CA (RFC 5246 §7.2.2) and
 *  certificate required (RFC 8446 §6.2, a server's only). */
const TLS_CERTIFICATE_ALERTS = new Set([42, 43, 44, 45, 46, 48, 116]);
/** handshake_failure, protocol_version, insufficient_security, inappropriate_fallback: the ends could not agree. */
const TLS_PROTOCOL_ALERTS = new Set([40, 70, 71, 86]);

/**
 * What an alert means, in short sentences read at a glance (what the refusal was about, how to
 * read it), and the guide step that says what to do. `rejected` holds the names on the server's
 * certificate a client's certificate alert refused, when the trace shows them (TLS 1.2 and
 * earlier send the certificate in plaintext).
 */
function tlsAlertMeaning(description: number, fatal: boolean, sender: 'client' | 'server', rejected: Conversation['tlsCertificate']): { meaning: string; step: string } {
  // The node's trust store matters only when the client judged the server's certificate; a
  // server's certificate alert is about a client certificate, which the runtime's services do not use.
  if (rejected !== undefined) {
    const subject = rejected.subject === null ? 'which names no server (no common name),' : `for "${rejected.subject}",`;
    return {
      meaning:
        `It rejected the server's certificate ${subject} issued by "${rejected.issuer}". ` +
        'If that issuer is your own organization, a proxy or a firewall, TLS inspection re-signed the connection. ' +
        'If it is a public authority, the node lacks its root, or the certificate expired, was revoked or names another server. ' +
        "The guide's certificate step says what to do in either case.",
      step: GUIDE_STEPS.cloudCertNotTrusted,
    };
  }
  if (TLS_CERTIFICATE_ALERTS.has(description) && sender === 'client') {
    return {
      meaning:
        "It rejected the server's certificate. " +
        'Either it does not trust the issuer, as when a proxy or firewall that inspects TLS re-signs the connection, or the certificate expired, was revoked or names another server. ' +
        "The guide's certificate step shows how to see which certificate the node receives.",
      step: GUIDE_STEPS.cloudCertNotTrusted,
    };
  }
  if (TLS_CERTIFICATE_ALERTS.has(description)) {
    return { meaning: 'The server rejected the certificate the client offered, or wanted one the client did not send.', step: GUIDE_STEPS.readTls };
  }
  if (TLS_PROTOCOL_ALERTS.has(description)) {
    return { meaning: 'The two ends found no TLS version or cipher suite both accept, so no secure connection could be set up.', step: GUIDE_STEPS.cloudTlsProtocol };
  }
  const meaning = fatal
    ? 'A fatal alert ends the connection at once. Its name says what its sender found wrong in the exchange.'
    : 'A warning lets the connection go on. Its name says what its sender found amiss.';
  return { meaning, step: GUIDE_STEPS.readTls };
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
    const state = analyzer.tcp.conversations[alert.conversationId];
    const senderRole = alertSender(alert, state);
    // A certificate without an issuer's common name tells nothing worth quoting.
    const certificate = state.tlsServerCertificate;
    const clientRejected = senderRole === 'client' && TLS_CERTIFICATE_ALERTS.has(alert.descriptionValue);
    const rejected = clientRejected && certificate !== null && certificate.issuer !== null ? certificate : undefined;
    const { meaning, step } = tlsAlertMeaning(alert.descriptionValue, alert.levelValue === 2, senderRole, rejected);
    if (!cap.admit('tls-alert', alert.frame, severity, step)) continue;
    const conversation = context.conversation(state);
    const sender = senderRole === 'client' ? `The client ${conversation.client}` : `The server ${conversation.server}`;
    const name = conversation.tlsServerName !== undefined ? ` (server name ${conversation.tlsServerName})` : '';
    const summary = `${sender} sent a ${alert.level} TLS alert "${alert.description}" in the connection from ${conversation.client} to ${conversation.server}${name}. ${meaning}`;
    // The certificate the finding names is evidence too.
    const evidence = frames([...(rejected !== undefined ? [rejected.frame] : []), ...group.map((entry) => entry.frame)]);
    cap.kept.push({ kind: 'tls-alert', severity, summary, step, evidence: { frames: evidence, conversationId: alert.conversationId } });
  }
}

export function buildFindings(context: ReportContext): Finding[] {
  const cap = new KindCap();
  conversationFindings(context, cap);
  mtuFindings(context, cap);
  tlsFindings(context, cap);
  proxyFindings(context, cap);
  const foldedIntoDns = dnsFindings(context, cap);
  icmpFindings(context, cap, foldedIntoDns);
  traceFindings(context, cap);
  const firstFrame = (finding: Finding) => finding.evidence.frames[0] ?? 0;
  const ordered = cap.kept.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || firstFrame(a) - firstFrame(b));
  return [...ordered, ...cap.summaries()];
}
