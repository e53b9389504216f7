/**
 * A capture report as Markdown to paste into a support ticket. Everything that came out of the
 * capture (file names, DNS names, SNI, addresses) is untrusted: it goes into code spans, whose
 * content Markdown never interprets, or is backslash-escaped inside our own sentences.
 */
import { endpointText } from './analyze/address';
import type { CaptureReport, Conversation, Finding } from './report';
import {
  conversationConcerns,
  formatBytes,
  formatCount,
  formatName,
  framesWord,
  groupResets,
  groupStartsOpen,
  resetGroupHeadline,
  SEVERITY_LABEL,
  stateLabel,
  timeOfDay,
  timestampText,
  tlsRefusedIds,
  type Concern,
  type ResetGroup,
} from './report-words';

/** The TLS server name, or for a tunnel through a proxy its CONNECT target and the proxy's answer. */
function nameAskedFor(conversation: Conversation): string {
  if (conversation.proxyTarget !== undefined) {
    const answer = conversation.proxyStatus === undefined ? '' : ` (proxy answered ${conversation.proxyStatus})`;
    return `CONNECT ${markdownCode(conversation.proxyTarget)}${answer}`;
  }
  return conversation.tlsServerName === undefined ? '' : markdownCode(conversation.tlsServerName);
}

export interface MarkdownOptions {
  /** Prefix for guide links ("https://example.org"); relative links when absent. */
  baseUrl?: string;
  /** Most rows of the conversation table; the problem conversations come first. */
  conversationLimit?: number;
  /**
   * Each file's size on disk by name, as the page's file list shows it. The report counts only
   * captured packet bytes, which differ (3.1 MiB of packets in a 3.3 MiB file), so without this
   * the table says "packet data" instead.
   */
  fileSizes?: ReadonlyMap<string, number>;
}

const DEFAULT_CONVERSATION_LIMIT = 20;

/** Control characters and line breaks would end a table row or a list item early. */
function singleLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

/**
 * Untrusted text inside a sentence: every character that can open inline markup is escaped, and
 * links are defused. (">" and "#" matter only at the start of a line, where untrusted text never is.)
 */
export function escapeMarkdownText(text: string): string {
  return singleLine(text)
    .replace(/[\\`*_[\]<|~&]/g, (character) => `\\${character}`)
    .replace(/:\/\//g, '\\://')
    .replace(/\b(www)\./gi, '$1\\.');
}

/**
 * Untrusted text as a code span, fenced with one more backtick than the longest run inside so no
 * content can close it. Pipes are still escaped because GitHub splits table cells before code spans.
 */
export function markdownCode(text: string): string {
  const line = singleLine(text);
  const longestRun = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = line.startsWith('`') || line.endsWith('`') || line === '' ? ` ${line} ` : line;
  return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`;
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

function link(step: string, options: MarkdownOptions): string {
  const base = options.baseUrl?.replace(/\/$/, '') ?? '';
  return `${base}${step}`;
}

function findingLine(finding: Finding, options: MarkdownOptions): string {
  const frames = finding.evidence.frames.length > 0 ? ` ${framesWord(finding.evidence.frames.length)} ${finding.evidence.frames.slice(0, 12).join(', ')}${finding.evidence.frames.length > 12 ? ', …' : ''}.` : '';
  const detail = finding.evidence.detail ? ` ${escapeMarkdownText(finding.evidence.detail.replace(/\.$/, ''))}.` : '';
  return `- **${SEVERITY_LABEL[finding.severity]}** — ${escapeMarkdownText(finding.summary)}${detail}${frames} [Guide step](${link(finding.step, options)})`;
}

/**
 * A group's headline and shared reasoning, then a row per reset; a folded group (a run of routine
 * closes) lists only its frame numbers, as the page folds it.
 */
function resetGroupLines(group: ResetGroup): string[] {
  const why = escapeMarkdownText([group.explanation, group.closing?.sentence].filter(Boolean).join(' '));
  const frames = group.resets.map((reset) => reset.frame);
  if (!groupStartsOpen(group)) return [`**${resetGroupHeadline(group)}.** ${why} ${framesWord(frames.length)} ${frames.join(', ')}.`, ''];
  return [
    `**${resetGroupHeadline(group)}.** ${why}`,
    '',
    ...table(
      ['Frame', 'Time', 'From', 'To', 'TTL', 'Initial TTL', 'Hops'],
      group.resets.map((reset) => [
        String(reset.frame),
        timeOfDay(reset.time),
        markdownCode(endpointText(reset.src, reset.srcPort)),
        markdownCode(endpointText(reset.dst, reset.dstPort)),
        String(reset.ttl),
        String(reset.initialTtl),
        String(reset.hops),
      ]),
    ),
    '',
  ];
}

const CONCERN_WEIGHT: Record<Exclude<Concern, null>, number> = { error: 0, warning: 1, info: 2 };

/**
 * Conversations the findings call problems first, so a capped table still shows what matters; a
 * routine abortive close is no problem and keeps its place among the rest.
 */
function problemsFirst(conversations: Conversation[], concerns: ReadonlyMap<number, Concern>): Conversation[] {
  const weight = (conversation: Conversation) => {
    const concern = concerns.get(conversation.id) ?? null;
    return concern === null ? CONCERN_WEIGHT.info : CONCERN_WEIGHT[concern];
  };
  return [...conversations].sort((left, right) => weight(left) - weight(right) || left.id - right.id);
}

function isProblem(concern: Concern | undefined): boolean {
  return concern === 'error' || concern === 'warning';
}

/** "`10.0.0.9:50123` → `10.20.30.40:443`", or a dash for an alert tied to no conversation. */
function connectionCell(conversation: Conversation | undefined): string {
  return conversation === undefined ? '—' : `${markdownCode(conversation.client)} → ${markdownCode(conversation.server)}`;
}

/**
 * The plaintext TLS alerts, with who sent them and Wireshark's number (tls.alert_message.desc), and
 * the names on the certificates servers sent in plaintext: together they say who refused which
 * certificate, as the page's conversation view does.
 */
function tlsHandshakeLines(report: CaptureReport): string[] {
  const lines: string[] = [];
  const byId = new Map(report.tcp.conversations.map((conversation) => [conversation.id, conversation]));
  if (report.tls.alerts.length > 0) {
    lines.push('### TLS alerts', '');
    lines.push(
      ...table(
        ['Frame', 'Connection', 'Sent by', 'Level', 'Alert', 'Number'],
        report.tls.alerts.map((alert) => [
          String(alert.frame),
          connectionCell(alert.conversationId === null ? undefined : byId.get(alert.conversationId)),
          alert.sender,
          alert.level,
          escapeMarkdownText(alert.description),
          String(alert.code),
        ]),
      ),
      '',
    );
  }
  const certified = report.tcp.conversations.filter((conversation) => conversation.tlsCertificate !== undefined);
  if (certified.length > 0) {
    lines.push('### Server certificates', '');
    lines.push(
      ...table(
        ['Frame', 'Connection', 'Issued to', 'Issued by'],
        certified.map((conversation) => {
          const { frame, subject, issuer } = conversation.tlsCertificate!;
          return [String(frame), connectionCell(conversation), subject === null ? 'no common name' : markdownCode(subject), issuer === null ? 'no common name' : markdownCode(issuer)];
        }),
      ),
      '',
    );
  }
  return lines;
}

export function reportToMarkdown(report: CaptureReport, options: MarkdownOptions = {}): string {
  const lines: string[] = ['## Capture analysis (shir-doctor)', ''];
  const span = report.firstTime && report.lastTime ? ` from ${timestampText(report.firstTime)} to ${timestampText(report.lastTime)}` : '';
  lines.push(`${formatCount(report.packets)} packets${span}; ${formatCount(report.tcp.conversations.length)} TCP conversations.`, '');

  lines.push('### Files', '');
  const sizes = options.fileSizes;
  lines.push(
    ...table(
      ['File', 'Format', 'Packets', sizes ? 'Size' : 'Packet data', 'Status'],
      report.files.map((file) => [
        markdownCode(file.name),
        `${escapeMarkdownText(formatName(file.format, file.version))}${file.compressed ? ' (gzip)' : ''}`,
        formatCount(file.packets),
        formatBytes(sizes?.get(file.name) ?? file.bytes),
        file.fault ? `damaged at offset ${file.fault.offset}: ${escapeMarkdownText(file.fault.reason)}` : 'read to the end',
      ]),
    ),
    '',
  );
  if (report.damage) {
    lines.push(`**Damage:** ${markdownCode(report.damage.file)} at offset ${report.damage.offset}: ${escapeMarkdownText(report.damage.reason)}`, '');
  }

  lines.push('### Findings', '');
  if (report.findings.length === 0) lines.push('No problem found in this capture.');
  else lines.push(...report.findings.map((finding) => findingLine(finding, options)));
  lines.push('');

  if (report.tcp.resets.length > 0) {
    lines.push('### Resets', '', ...groupResets(report.tcp.resets, report.tcp.conversations).flatMap(resetGroupLines));
  }

  const limit = options.conversationLimit ?? DEFAULT_CONVERSATION_LIMIT;
  const concerns = conversationConcerns(report);
  const conversations = problemsFirst(report.tcp.conversations, concerns).slice(0, limit);
  if (conversations.length > 0) {
    const order = conversations.some((conversation) => isProblem(concerns.get(conversation.id))) ? ', problems first' : '';
    const shown = conversations.length < report.tcp.conversations.length ? ` (${formatCount(conversations.length)} of ${formatCount(report.tcp.conversations.length)}${order})` : '';
    lines.push(`### TCP conversations${shown}`, '');
    // The state reads as the page's column does: who reset it, or that a TLS alert refused it.
    const tlsRefused = tlsRefusedIds(report.tls.alerts);
    lines.push(
      ...table(
        ['Client', 'Server', 'State', 'Packets', 'Bytes', 'SYN retries', 'Name asked for'],
        conversations.map((conversation) => [
          markdownCode(conversation.client),
          markdownCode(conversation.server),
          stateLabel(conversation, tlsRefused.has(conversation.id)),
          formatCount(conversation.packets),
          formatCount(conversation.bytes),
          String(conversation.synRetransmits),
          nameAskedFor(conversation),
        ]),
      ),
      '',
    );
  }

  if (report.dns.failures.length > 0) {
    lines.push('### DNS failures', '');
    lines.push(
      ...table(
        ['Frame', 'Name', 'Answer', 'Server'],
        report.dns.failures.map((failure) => [String(failure.frame), markdownCode(failure.name), escapeMarkdownText(failure.rcode), markdownCode(failure.server)]),
      ),
      '',
    );
  }
  if (report.tls.serverNames.length > 0) {
    lines.push('### TLS server names', '', ...report.tls.serverNames.map((name) => `- ${markdownCode(name)}`), '');
  }
  lines.push(...tlsHandshakeLines(report));
  if (report.icmp.errors.length > 0) {
    lines.push('### ICMP errors', '');
    lines.push(
      ...table(
        ['Frame', 'From', 'Error', 'About'],
        report.icmp.errors.map((error) => [String(error.frame), markdownCode(error.from), escapeMarkdownText(error.description), error.quoted ? markdownCode(error.quoted) : '']),
      ),
      '',
    );
  }
  lines.push('_Made in the browser by shir-doctor; the capture itself was not uploaded._', '');
  return lines.join('\n');
}
