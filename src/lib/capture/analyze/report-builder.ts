/**
 * Turns the trackers' numeric state into the plain-data CaptureReport: strings and ISO times are
 * made here, once, for what the report keeps, and the stored ladders are copied into the report's
 * packed rows.
 */
import { formatIsoTime } from '../time';
import type { FileCounts } from '../read-trace';
import type { CaptureFault, FileInfo } from '../records';
import { LADDER_COLUMNS, LadderColumn, LadderMeta } from '../ladder-rows';
import type { CaptureReport, Conversation, DnsFailure, FileSummary, Finding, IcmpError, ResetRecord } from '../report';
import { formatAddress, formatEndpoint } from './address';
import type { CaptureAnalyzer } from './capture-analyzer';
import type { ResetEvent } from './conversations';
import type { DnsFailureEvent } from './dns';
import { buildFindings } from './findings';
import type { TcpConversationState } from './tcp-conversation';
import { serverPort } from './conversation-groups';
import { readingEnding, resetReading, type ResetReading } from './reset-context';
import { alertSender } from './tls';
import { initialTtlOf, ttlReading } from './ttl';

/** What the trace reader knows about the files (H1's TraceReader exposes exactly these). */
export interface TraceSummary {
  files: FileInfo[];
  perFile: FileCounts[];
  faults: CaptureFault[];
}

/** Sub-second digits when a file does not say (pcap's microseconds). */
const DEFAULT_TIME_DIGITS = 6;
/**
 * Ladder rows a whole report may carry (8 MB of rows, and what a view decodes of them). A trace
 * with a hundred thousand conversations would otherwise make the report, not the analysis, the
 * memory peak. Problem conversations get their ladders first, then the others in order; a
 * conversation past the budget has an empty ladder and ladderOmitted equal to its recorded rows.
 */
export const MAX_REPORT_LADDER_ROWS = 250_000;
const PROBLEM_STATES = new Set(['refused', 'no-answer', 'reset']);
const NO_ROWS = new Int32Array(0);

export class ReportContext {
  private readonly digits: number[];

  /** Conversations whose ladder fits the report's budget; null when all do. */
  private readonly laddersAllowed: Set<number> | null;

  /**
   * The final report's ladder rows, one buffer every conversation's ladder views (so the worker
   * clones it to the page in one piece); null for findings-only contexts, whose few conversations
   * get rows of their own.
   */
  private readonly ladderTable: Int32Array | null;
  private ladderTableRows = 0;

  constructor(
    readonly analyzer: CaptureAnalyzer,
    readonly trace: TraceSummary,
    /** The final report: each conversation's stored ladder is freed as soon as it is copied. */
    private readonly finalReport = false,
  ) {
    this.digits = trace.files.map((file) => file.timePrecisionDigits);
    const { allowed, rows } = this.ladderBudget();
    this.laddersAllowed = allowed;
    this.ladderTable = finalReport ? new Int32Array(rows * LADDER_COLUMNS) : null;
  }

  private ladderBudget(): { allowed: Set<number> | null; rows: number } {
    const { conversations, ladders } = this.analyzer.tcp;
    let total = 0;
    for (const state of conversations) total += ladders.storedRows(state);
    if (total <= MAX_REPORT_LADDER_ROWS) return { allowed: null, rows: total };
    const allowed = new Set<number>();
    let left = MAX_REPORT_LADDER_ROWS;
    const problems = conversations.filter((state) => PROBLEM_STATES.has(state.state()));
    for (const state of [...problems, ...conversations]) {
      const rows = ladders.storedRows(state);
      if (allowed.has(state.id) || rows > left) continue;
      allowed.add(state.id);
      left -= rows;
    }
    return { allowed, rows: MAX_REPORT_LADDER_ROWS - left };
  }

  /**
   * Copies the conversation's stored rows into report rows: the store's "from side A" bit becomes
   * "from the client", and RSTs judged to come from the path get their bit.
   */
  private ladder(state: TcpConversationState, clientIsA: boolean): { ladder: Int32Array; omitted: number } {
    const ladders = this.analyzer.tcp.ladders;
    if (this.laddersAllowed !== null && !this.laddersAllowed.has(state.id)) return { ladder: NO_ROWS, omitted: state.ladderCount };
    const rows = ladders.storedRows(state);
    let target = this.ladderTable;
    let at = 0;
    if (target === null) target = new Int32Array(rows * LADDER_COLUMNS);
    else {
      at = this.ladderTableRows;
      this.ladderTableRows += rows;
    }
    const omitted = ladders.copyRows(state, target, at);
    if (this.finalReport) ladders.release(state);
    const pathResetFrames = this.pathResets().get(state.id);
    const start = at * LADDER_COLUMNS;
    const end = start + rows * LADDER_COLUMNS;
    for (let base = start; base < end; base += LADDER_COLUMNS) {
      const meta = target[base + LadderColumn.META];
      const fromClient = ((meta & LadderMeta.FROM_CLIENT) !== 0) === clientIsA;
      const fromPath = pathResetFrames?.has(target[base + LadderColumn.FRAME]) === true;
      target[base + LadderColumn.META] = (meta & ~LadderMeta.FROM_CLIENT) | (fromClient ? LadderMeta.FROM_CLIENT : 0) | (fromPath ? LadderMeta.FROM_PATH : 0);
    }
    return { ladder: target.subarray(start, end), omitted };
  }

  private pathResetFrames: Map<number, Set<number>> | null = null;

  /** Frames of RSTs judged to come from the path, by conversation: their ladder rows get origin 'path'. */
  private pathResets(): Map<number, Set<number>> {
    if (this.pathResetFrames === null) {
      this.pathResetFrames = new Map();
      for (const event of this.analyzer.tcp.resets) {
        if (event.sentBy !== 'path') continue;
        const frames = this.pathResetFrames.get(event.conversationId);
        if (frames === undefined) this.pathResetFrames.set(event.conversationId, new Set([event.frame]));
        else frames.add(event.frame);
      }
    }
    return this.pathResetFrames;
  }

  /** Seconds from a packet's time to the trace's last packet (files merged by time share one end). */
  secondsToTraceEnd(seconds: number, nanoseconds: number): number {
    const range = this.analyzer.timeRange;
    return Math.max(0, range.lastSeconds - seconds + (range.lastNanoseconds - nanoseconds) / 1e9);
  }

  time(fileIndex: number, seconds: number, nanoseconds: number): string {
    return formatIsoTime(seconds, nanoseconds, this.digits[fileIndex] ?? DEFAULT_TIME_DIGITS);
  }

  /** `index`: the event's place in the tracker's reset list. */
  reset(event: ResetEvent, index: number): ResetRecord {
    return {
      frame: event.frame,
      time: this.time(event.fileIndex, event.seconds, event.nanoseconds),
      src: event.source,
      srcPort: event.sourcePort,
      dst: event.destination,
      dstPort: event.destinationPort,
      ttl: event.ttl,
      initialTtl: initialTtlOf(event.ttl),
      hops: initialTtlOf(event.ttl) - event.ttl,
      conversationId: event.conversationId,
      sentBy: event.sentBy,
      explanation: event.explanation,
      afterPeerFin: event.afterPeerFin,
      afterOwnFin: event.afterOwnFin,
      crossedPeerFin: event.crossingFinFrame > 0,
      ...this.ending(event, index),
    };
  }

  private readonly readings = new Map<number, ResetReading>();

  /** The reading of the conversation's first reset (reset-context.ts), made once per report; null without one. */
  resetReading(state: TcpConversationState): ResetReading | null {
    const firstReset = this.analyzer.tcp.resets[state.firstReset];
    if (firstReset === undefined) return null;
    let reading = this.readings.get(state.id);
    if (reading === undefined) this.readings.set(state.id, (reading = resetReading(this.conversation(state), firstReset)));
    return reading;
  }

  /** ResetRecord.ending, for the first reset of a connection. */
  private ending(event: ResetEvent, index: number): Pick<ResetRecord, 'ending'> {
    const state = this.analyzer.tcp.conversations[event.conversationId];
    if (state === undefined || state.firstReset !== index) return {};
    const reading = this.resetReading(state);
    const ending = reading === null ? undefined : readingEnding(reading, serverPort(state));
    return ending === undefined ? {} : { ending };
  }

  dnsFailure(event: DnsFailureEvent): DnsFailure {
    return { name: event.name, rcode: event.rcode, rcodeValue: event.rcodeValue, server: event.server, frame: event.frame, time: this.time(event.fileIndex, event.seconds, event.nanoseconds) };
  }

  private alertCodesById: Map<number, number[]> | null = null;

  /** Conversation.tlsAlertCodes, grouped from the alert list once per report. */
  private alertCodes(id: number): Pick<Conversation, 'tlsAlertCodes'> {
    if (this.alertCodesById === null) {
      this.alertCodesById = new Map();
      for (const alert of this.analyzer.tls.alerts) {
        const codes = this.alertCodesById.get(alert.conversationId);
        if (codes === undefined) this.alertCodesById.set(alert.conversationId, [alert.descriptionValue]);
        else codes.push(alert.descriptionValue);
      }
    }
    const codes = this.alertCodesById.get(id);
    return codes === undefined ? {} : { tlsAlertCodes: codes };
  }

  private readonly conversations: Conversation[] = [];

  /** The report's view of a conversation, built once per report (findings and the list share it). */
  conversation(state: TcpConversationState): Conversation {
    return (this.conversations[state.id] ??= this.buildConversation(state));
  }

  private buildConversation(state: TcpConversationState): Conversation {
    const resets = this.analyzer.tcp.resets;
    const client = state.clientIndex();
    const server = 1 - client;
    const tcp = this.analyzer.tcp;
    const clientPort = client === 0 ? state.portA : state.portB;
    const serverPort = client === 0 ? state.portB : state.portA;
    const clientAddress = formatAddress(state.ipVersion, tcp.keyWords(state.ipVersion), tcp.addressOffset(state, client));
    const serverAddress = formatAddress(state.ipVersion, tcp.keyWords(state.ipVersion), tcp.addressOffset(state, server));
    const clientSide = state.side(client);
    const serverSide = state.side(server);
    const firstReset = state.firstReset >= 0 ? resets[state.firstReset] : null;
    let resetBy: Conversation['resetBy'] = null;
    if (state.firstResetSide >= 0 && !state.closedBeforeReset) {
      resetBy = firstReset?.sentBy === 'path' ? 'path' : state.firstResetSide === client ? 'client' : 'server';
    }
    const { ladder, omitted } = this.ladder(state, client === 0);
    const durationUs = Math.round((state.lastSeconds - state.firstSeconds) * 1e6 + (state.lastNanoseconds - state.firstNanoseconds) / 1000);
    return {
      id: state.id,
      client: formatEndpoint(state.ipVersion, clientAddress, clientPort),
      server: formatEndpoint(state.ipVersion, serverAddress, serverPort),
      clientAddress,
      clientPort,
      serverAddress,
      serverPort,
      ipVersion: state.ipVersion === 6 ? 6 : 4,
      state: state.state(),
      resetBy,
      packets: clientSide.packets + serverSide.packets,
      bytes: clientSide.bytes + serverSide.bytes,
      packetsToServer: clientSide.packets,
      packetsToClient: serverSide.packets,
      bytesToServer: clientSide.bytes,
      bytesToClient: serverSide.bytes,
      synRetransmits: state.synRetransmits,
      tcpFlags: state.tcpFlags,
      firstFrame: state.firstFrame,
      lastFrame: state.lastFrame,
      firstTime: this.time(state.firstFileIndex, state.firstSeconds, state.firstNanoseconds),
      lastTime: this.time(state.lastFileIndex, state.lastSeconds, state.lastNanoseconds),
      durationUs,
      clientTtl: clientSide.firstTtl >= 0 ? ttlReading(clientSide.firstTtl) : null,
      serverTtl: serverSide.firstTtl >= 0 ? ttlReading(serverSide.firstTtl) : null,
      ...(state.tlsServerName !== null ? { tlsServerName: state.tlsServerName } : {}),
      ...(state.tlsServerCertificate !== null ? { tlsCertificate: state.tlsServerCertificate } : {}),
      ...this.alertCodes(state.id),
      ...(state.sessionEndFrame !== 0 ? { sessionEndFrame: state.sessionEndFrame } : {}),
      ...(state.wholeAnswerFrame !== 0 ? { wholeAnswerFrame: state.wholeAnswerFrame } : {}),
      ...(state.proxyTarget !== null ? { proxyTarget: state.proxyTarget } : {}),
      ...(state.proxyStatus !== 0 ? { proxyStatus: state.proxyStatus } : {}),
      ladder,
      ladderOmitted: omitted,
    };
  }

  icmpErrors(): IcmpError[] {
    return this.analyzer.icmpErrors.map((event) => ({
      frame: event.frame,
      time: this.time(event.fileIndex, event.seconds, event.nanoseconds),
      from: event.from,
      description: event.description,
      type: event.type,
      code: event.code,
      conversationId: event.conversationId,
      quoted: event.quoted,
    }));
  }
}

function fileSummaries(trace: TraceSummary): FileSummary[] {
  return trace.files.map((file, index) => {
    const counts = trace.perFile[index] ?? { packets: 0, bytes: 0, skipped: {} };
    return {
      name: file.name,
      format: file.format,
      ...(file.version !== undefined ? { version: file.version } : {}),
      linkTypes: file.linkTypes.slice(),
      packets: counts.packets,
      bytes: counts.bytes,
      ...(file.compressed ? { compressed: true } : {}),
      skipped: { ...counts.skipped },
      fault: trace.faults.find((fault) => fault.file === file.name) ?? null,
    };
  });
}

/** Findings alone, for progress updates: conversations are built only for the findings listed. */
export function buildFindingsOnly(analyzer: CaptureAnalyzer, trace: TraceSummary): Finding[] {
  analyzer.tcp.rejudgeResets();
  return buildFindings(new ReportContext(analyzer, trace));
}

/** The report; the analyzer's ladders are spent by it, so it is built once, after the last frame. */
export function buildReport(analyzer: CaptureAnalyzer, trace: TraceSummary): CaptureReport {
  analyzer.tcp.rejudgeResets();
  const context = new ReportContext(analyzer, trace, true);
  const conversations = analyzer.tcp.conversations.map((state) => context.conversation(state));
  const resets = analyzer.tcp.resets.map((event, index) => context.reset(event, index));
  const dnsFailures = analyzer.dns.failures.map((event) => context.dnsFailure(event));
  const unanswered = analyzer.dns.unanswered().map((event) => context.dnsFailure(event));
  const icmpErrors = context.icmpErrors();
  const range = analyzer.timeRange;
  const firstFault = trace.faults[0];
  const report: CaptureReport = {
    files: fileSummaries(trace),
    packets: analyzer.packets,
    firstTime: analyzer.packets === 0 ? null : context.time(range.firstFile, range.firstSeconds, range.firstNanoseconds),
    lastTime: analyzer.packets === 0 ? null : context.time(range.lastFile, range.lastSeconds, range.lastNanoseconds),
    damage: firstFault === undefined ? null : { file: firstFault.file, offset: firstFault.offset, reason: firstFault.reason },
    tcp: { conversations, resets, synRetransmissions: analyzer.tcp.synRetransmissions, packets: analyzer.tcp.packets, duplicatePackets: analyzer.tcp.duplicatePackets },
    udp: { packets: analyzer.udpPackets },
    dns: { queries: analyzer.dns.queries, responses: analyzer.dns.responses, failures: [...dnsFailures, ...unanswered], unicastQueries: analyzer.dns.unicastQueries, lookups: analyzer.dns.lookupCounts() },
    tls: {
      serverNames: analyzer.tls.serverNames.map((entry) => entry.name),
      alerts: analyzer.tls.alerts.map((alert) => ({
        frame: alert.frame,
        level: alert.level,
        description: alert.description,
        code: alert.descriptionValue,
        sender: alertSender(alert, analyzer.tcp.conversations[alert.conversationId]),
        conversationId: alert.conversationId,
      })),
    },
    icmp: { errors: icmpErrors },
    hosts: analyzer.hosts.profiles(),
    findings: [],
    undecoded: { ...analyzer.undecoded },
  };
  const omitted = Object.entries({
    'tcp.resets': analyzer.tcp.resetPackets - analyzer.tcp.resets.length,
    'dns.failures': analyzer.dns.failureCount - analyzer.dns.failures.length,
    'dns.untrackedQueries': analyzer.dns.untrackedQueries,
    'icmp.errors': analyzer.icmpErrorCount - analyzer.icmpErrors.length,
    'tls.serverNames': analyzer.tls.omittedServerNames,
    'tls.alerts': analyzer.tls.omittedAlerts,
  }).filter(([, count]) => count > 0);
  if (omitted.length > 0) report.omitted = Object.fromEntries(omitted);
  report.findings = buildFindings(context);
  return report;
}
