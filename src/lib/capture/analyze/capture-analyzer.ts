/**
 * The analysis hot loop: one FrameRecord in, decoded into a single reused DecodedPacket, then
 * handed to the trackers (TCP conversations, hosts, DNS, TLS, ICMP). Nothing here allocates
 * per packet; what the trackers keep grows with conversations, hosts and queries.
 *
 * Tests feed FrameRecords straight into `addFrame`; analyzeCapture() drives it from files.
 */
import { DecodeOutcome, PacketDecoder } from '../decode/decoder';
import { AppKind, DecodedPacket, IpProtocol, TcpFlag } from '../decode/packet';
import { LinkType, type FrameRecord } from '../records';
import { NOT_IP_REASON, type CaptureReport, type Finding } from '../report';
import { formatAddress } from './address';
import { noteServerAnswer } from './answer-ends';
import { TcpTracker } from './conversations';
import { DnsTracker } from './dns';
import { HostTracker } from './hosts';
import { noteProxySegment, ProxyStage } from './http-proxy';
import { classifyIcmp, describeIcmp, describeQuoted, lateNameAnswer, MAX_ICMP_ERRORS, type IcmpErrorEvent, type LateAnswer } from './icmp';
import { buildFindingsOnly, buildReport, type TraceSummary } from './report-builder';
import { TlsTracker } from './tls';
import { hopLimitSetByProtocol } from './ttl';

/** Ladder rows kept per conversation: the first half and the last half of this many. */
export const DEFAULT_LADDER_LIMIT = 40;

/** "transport header cut short" / "network header malformed": the first problem, kept coarse so the counts group. */
function problemReason(packet: DecodedPacket): string {
  const [problem] = packet.problems;
  return `${problem.layer} header ${problem.truncated ? 'cut short' : 'malformed'}`;
}

export interface CaptureAnalyzerOptions {
  ladderLimit?: number;
}

/**
 * The decoder is stateless (its tables map numbers to dissectors; scratch lives in the
 * DecodedPacket), so every analyzer shares one: building it fills three 65,536-entry tables,
 * which cost more than analysing a small capture.
 */
let sharedDecoder: PacketDecoder | null = null;

export class CaptureAnalyzer {
  readonly hosts = new HostTracker();
  readonly tcp: TcpTracker;
  readonly dns = new DnsTracker();
  readonly tls = new TlsTracker();
  readonly icmpErrors: IcmpErrorEvent[] = [];
  icmpErrorCount = 0;
  packets = 0;
  udpPackets = 0;
  readonly undecoded: Record<string, number> = {};
  /** Earliest and latest timestamps (files need not be sorted), with the file they came from. */
  readonly timeRange = { firstSeconds: 0, firstNanoseconds: 0, firstFile: 0, lastSeconds: 0, lastNanoseconds: 0, lastFile: 0 };

  private readonly decoder = (sharedDecoder ??= new PacketDecoder());
  private readonly packet = new DecodedPacket();

  constructor(options: CaptureAnalyzerOptions = {}) {
    this.tcp = new TcpTracker(this.hosts, options.ladderLimit ?? DEFAULT_LADDER_LIMIT);
  }

  addFrame(record: FrameRecord): void {
    this.noteTime(record);
    this.packets++;
    if (record.linkType === LinkType.NETMON_SPECIAL) return;
    const packet = this.packet;
    const data = record.data;
    const outcome = this.decoder.decode(record.linkType, data, record.dataOffset, record.capturedLength, packet);
    if (outcome === DecodeOutcome.UnknownLink) return this.countUndecoded(`link type ${record.linkType}`);
    if (outcome === DecodeOutcome.NotIp) return this.countUndecoded(packet.problems.length > 0 ? problemReason(packet) : NOT_IP_REASON);
    if (packet.problems.length > 0) this.countUndecoded(problemReason(packet));

    const frame = record.frameNumber;
    let freshPayload = true;
    if (packet.transport === IpProtocol.TCP) {
      const tcp = this.tcp;
      const conversation = tcp.add(packet, frame, record.fileIndex, record.tsSec, record.tsNsec, record.originalLength);
      const side = tcp.lastSide;
      const sender = conversation.side(side);
      if (sender.hostIndex < 0) sender.hostIndex = this.hosts.indexOf(packet.ipVersion, packet.source);
      this.hosts.count(sender.hostIndex, packet.ttl, (packet.tcpFlags & TcpFlag.RST) === 0, hopLimitSetByProtocol(packet));
      freshPayload = !tcp.lastRetransmission;
      if (packet.payloadLength > 0 && freshPayload) {
        this.tls.add(conversation, side, data, packet.payloadOffset, packet.payloadLength, frame);
        if (conversation.proxyStage !== ProxyStage.Done) noteProxySegment(conversation, side, data, packet.payloadOffset, packet.payloadLength, frame);
      }
      // Retransmissions too, as the reset readings take the server's last data segment as it came; not
      // the capture's copies, which the readings pass over.
      if (packet.payloadLength > 0 && !tcp.lastCaptureCopy) noteServerAnswer(conversation, packet.sourcePort, data, packet.payloadOffset, packet.payloadOffset + packet.payloadLength, frame);
    } else {
      this.hosts.count(this.hosts.indexOf(packet.ipVersion, packet.source), packet.ttl, true, hopLimitSetByProtocol(packet));
      if (packet.transport === IpProtocol.UDP) this.udpPackets++;
      else if (packet.quotedPresent && packet.quoted !== null) this.noteIcmpError(packet, packet.quoted, record);
    }
    if (packet.appKind === AppKind.Dns && freshPayload) this.dns.add(packet, data, frame, record.fileIndex, record.tsSec, record.tsNsec);
    if (packet.quotedPresent && packet.quoted !== null && packet.quoted.appKind === AppKind.Dns) this.dns.countQuoted(packet.quoted, data);
  }

  /** The final report, once, after the last frame: it hands the stored ladders over to the report. */
  report(trace: TraceSummary): CaptureReport {
    return buildReport(this, trace);
  }

  /** Findings so far, for progress updates while the rest of the trace streams. */
  findingsSoFar(trace: TraceSummary): Finding[] {
    return buildFindingsOnly(this, trace);
  }

  private countUndecoded(reason: string): void {
    this.undecoded[reason] = (this.undecoded[reason] ?? 0) + 1;
  }

  private noteTime(record: FrameRecord): void {
    const range = this.timeRange;
    const seconds = record.tsSec;
    const nanoseconds = record.tsNsec;
    if (this.packets === 0 || seconds < range.firstSeconds || (seconds === range.firstSeconds && nanoseconds < range.firstNanoseconds)) {
      range.firstSeconds = seconds;
      range.firstNanoseconds = nanoseconds;
      range.firstFile = record.fileIndex;
    }
    if (this.packets === 0 || seconds > range.lastSeconds || (seconds === range.lastSeconds && nanoseconds > range.lastNanoseconds)) {
      range.lastSeconds = seconds;
      range.lastNanoseconds = nanoseconds;
      range.lastFile = record.fileIndex;
    }
  }

  private noteIcmpError(packet: DecodedPacket, quoted: DecodedPacket, record: FrameRecord): void {
    this.icmpErrorCount++;
    if (this.icmpErrors.length >= MAX_ICMP_ERRORS) return;
    const conversationId = quoted.transport === IpProtocol.TCP ? this.tcp.find(quoted.ipVersion, quoted.source, quoted.sourcePort, quoted.destination, quoted.destinationPort) : -1;
    this.icmpErrors.push({
      frame: record.frameNumber,
      fileIndex: record.fileIndex,
      seconds: record.tsSec,
      nanoseconds: record.tsNsec,
      from: formatAddress(packet.ipVersion, packet.source),
      description: describeIcmp(packet.transport, packet.icmpType, packet.icmpCode),
      errorClass: classifyIcmp(packet.transport, packet.icmpType),
      type: packet.icmpType,
      code: packet.icmpCode,
      conversationId: conversationId < 0 ? null : conversationId,
      quoted: describeQuoted(quoted),
      quotedPort: quoted.transport !== 0 ? quoted.destinationPort : -1,
      lateAnswer: this.lateAnswer(packet, quoted, record.data),
    });
  }

  /** A name service's answer turned away, judged by what the DNS tracker saw of its query. */
  private lateAnswer(packet: DecodedPacket, quoted: DecodedPacket, data: Uint8Array): LateAnswer | null {
    const service = lateNameAnswer(packet.transport, packet.icmpType, packet.icmpCode, quoted);
    return service === null ? null : this.dns.turnedAwayAnswer(service, quoted, data);
  }
}
