/**
 * Turns the trackers' numeric state into the plain-data CaptureReport: strings, ISO times and
 * ladder objects are made here, once, for what the report keeps.
 */
import { formatIsoTime } from '../time';
import type { CaptureFault, FileInfo } from '../records';
import type { CaptureReport, Conversation, DnsFailure, FileSummary, Finding, IcmpError, LadderPacket, ResetRecord } from '../report';
import { formatAddress, formatEndpoint } from './address';
import type { CaptureAnalyzer } from './capture-analyzer';
import type { ResetEvent } from './conversations';
import type { LadderRow } from './ladder';
import type { DnsFailureEvent } from './dns';
import { buildFindings } from './findings';
import type { TcpConversationState } from './tcp-conversation';
import { initialTtlOf, ttlReading } from './ttl';

/** What the trace reader knows about the files (H1's TraceReader exposes exactly these). */
export interface TraceSummary {
  files: FileInfo[];
  perFile: Array<{ packets: number; bytes: number; skipped: Record<string, number> }>;
  faults: CaptureFault[];
}

/** Sub-second digits when a file does not say (pcap's microseconds). */
const DEFAULT_TIME_DIGITS = 6;
/**
 * Ladder rows a whole report may carry (~40 MB of objects). A trace with a hundred thousand
 * conversations would otherwise make the report, not the analysis, the memory peak. Problem
 * conversations get their ladders first, then the others in order; a conversation past the
 * budget has an empty ladder and ladderOmitted equal to its recorded rows.
 */
export const MAX_REPORT_LADDER_ROWS = 250_000;
const PROBLEM_STATES = new Set(['refused', 'no-answer', 'reset']);

export class ReportContext {
  private readonly digits: number[];

  /** Conversations whose ladder fits the report's budget; null when all do. */
  private readonly laddersAllowed: Set<number> | null;

  constructor(
    readonly analyzer: CaptureAnalyzer,
    readonly trace: TraceSummary,
    /** The final report: each conversation's stored ladder is freed as soon as it is copied. */
    private readonly releaseLadders = false,
  ) {
    this.digits = trace.files.map((file) => file.timePrecisionDigits);
    this.laddersAllowed = this.ladderBudget();
  }

  private ladderBudget(): Set<number> | null {
    const { conversations, ladders } = this.analyzer.tcp;
    const rowsOf = (state: TcpConversationState) => Math.min(state.ladderCount, ladders.limit);
    let total = 0;
    for (const state of conversations) total += rowsOf(state);
    if (total <= MAX_REPORT_LADDER_ROWS) return null;
    const allowed = new Set<number>();
    let left = MAX_REPORT_LADDER_ROWS;
    const problems = conversations.filter((state) => PROBLEM_STATES.has(state.state()));
    for (const state of [...problems, ...conversations]) {
      if (allowed.has(state.id) || rowsOf(state) > left) continue;
      allowed.add(state.id);
      left -= rowsOf(state);
    }
    return allowed;
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

  time(fileIndex: number, seconds: number, nanoseconds: number): string {
    return formatIsoTime(seconds, nanoseconds, this.digits[fileIndex] ?? DEFAULT_TIME_DIGITS);
  }

  reset(event: ResetEvent): ResetRecord {
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
    };
  }

  dnsFailure(event: DnsFailureEvent): DnsFailure {
    return { name: event.name, rcode: event.rcode, rcodeValue: event.rcodeValue, server: event.server, frame: event.frame, time: this.time(event.fileIndex, event.seconds, event.nanoseconds) };
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
    const pathResetFrames = this.pathResets().get(state.id);
    const clientIsA = client === 0;
    // Built straight from the store's scratch row: the ladders are most of a report's objects.
    const toPacket = (row: Readonly<LadderRow>): LadderPacket => {
      const fromClient = row.fromA === clientIsA;
      const initialTtl = initialTtlOf(row.ttl);
      const packet: LadderPacket = {
        frame: row.frame,
        offsetUs: Math.round(row.offsetUs),
        fromClient,
        flags: row.flags,
        seq: row.sequence,
        ack: row.acknowledgment,
        window: row.window,
        payloadLength: row.payloadLength,
        ttl: row.ttl,
        initialTtl,
        hops: initialTtl - row.ttl,
        origin: pathResetFrames?.has(row.frame) ? 'path' : fromClient ? 'client' : 'server',
      };
      if (row.synRetransmit) packet.synRetransmit = true;
      return packet;
    };
    const { rows: ladder, omitted } = this.laddersAllowed === null || this.laddersAllowed.has(state.id) ? tcp.ladders.rows(state, toPacket) : { rows: [], omitted: state.ladderCount };
    if (this.releaseLadders) tcp.ladders.release(state);
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
      firstFrame: state.firstFrame,
      lastFrame: state.lastFrame,
      firstTime: this.time(state.firstFileIndex, state.firstSeconds, state.firstNanoseconds),
      lastTime: this.time(state.lastFileIndex, state.lastSeconds, state.lastNanoseconds),
      durationUs,
      clientTtl: clientSide.firstTtl >= 0 ? ttlReading(clientSide.firstTtl) : null,
      serverTtl: serverSide.firstTtl >= 0 ? ttlReading(serverSide.firstTtl) : null,
      ...(state.tlsServerName !== null ? { tlsServerName: state.tlsServerName } : {}),
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
  return buildFindings(new ReportContext(analyzer, trace));
}

/** The report; the analyzer's ladders are spent by it, so it is built once, after the last frame. */
export function buildReport(analyzer: CaptureAnalyzer, trace: TraceSummary): CaptureReport {
  const context = new ReportContext(analyzer, trace, true);
  const conversations = analyzer.tcp.conversations.map((state) => context.conversation(state));
  const resets = analyzer.tcp.resets.map((event) => context.reset(event));
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
    tcp: { conversations, resets, synRetransmissions: analyzer.tcp.synRetransmissions, packets: analyzer.tcp.packets },
    udp: { packets: analyzer.udpPackets },
    dns: { queries: analyzer.dns.queries, responses: analyzer.dns.responses, failures: [...dnsFailures, ...unanswered] },
    tls: {
      serverNames: analyzer.tls.serverNames.map((entry) => entry.name),
      alerts: analyzer.tls.alerts.map((alert) => ({ frame: alert.frame, level: alert.level, description: alert.description, conversationId: alert.conversationId })),
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
