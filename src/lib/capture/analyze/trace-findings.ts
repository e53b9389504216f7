/**
 * Findings about the trace itself rather than the network: files that could not be read to the
 * end, packets recorded more than once, and a trace with no TCP to judge. Each tells the user how
 * to get a trace that answers the question.
 */
import { GUIDE_STEPS } from '../../guide/steps';
import { linkTypeName, NON_IP_LINK_TYPES } from '../decode/link-names';
import { NOT_IP_REASON, type Finding } from '../report';
import type { NonCaptureKind } from '../records';
import { frames, type KindCap, plural } from './finding-common';
import type { ReportContext } from './report-builder';

export function traceFindings(context: ReportContext, cap: KindCap): void {
  const { analyzer } = context;
  faultFindings(context, cap);
  repeatFindings(context, cap);
  impossibleTimeFindings(context, cap);
  if (analyzer.tcp.duplicatePackets > 0) cap.add(duplicatesFinding(analyzer.tcp.duplicatePackets, analyzer.tcp.packets, analyzer.tcp.duplicateFrames));
  if (analyzer.packets > 0 && analyzer.tcp.packets === 0) {
    const linkTypes = [...new Set(context.trace.files.flatMap((file) => file.linkTypes))];
    cap.add(noTcpFinding(analyzer.packets, analyzer.udpPackets, analyzer.undecoded, linkTypes));
  }
}

/** A text or event log belongs in the log analyzer, which its hint names; an ETL trace needs converting first. */
function notCaptureStep(kind: NonCaptureKind | undefined): string {
  if (kind === 'text' || kind === 'evtx') return GUIDE_STEPS.triageErrorText;
  return kind === 'etl' ? GUIDE_STEPS.collectConvertEtl : GUIDE_STEPS.collectWireshark;
}

/** For a part this tool does not read: Wireshark may read it, and its pcapng is a file this tool reads. */
const RESAVE_ADVICE = ' If Wireshark opens it, save it again as pcapng (File > Save As) and try that file.';

function faultFindings(context: ReportContext, cap: KindCap): void {
  const { files, faults, perFile } = context.trace;
  for (const fault of faults) {
    const hint = fault.hint !== undefined ? ` ${fault.hint}` : '';
    const etl = /\betl\b/i.test(`${fault.reason}${hint}`);
    const fileIndex = files.findIndex((file) => file.name === fault.file);
    if (fileIndex < 0) {
      // Not a capture at all (ETL, EVTX, zip, text ...): say what it is and where to take it.
      const summary = `${fault.file} could not be read as a capture: ${fault.reason}.${hint}`;
      cap.add({ kind: 'capture-damaged', severity: 'error', summary, step: notCaptureStep(fault.notCapture), evidence: { frames: [], file: fault.file } });
      continue;
    }
    const packets = perFile[fileIndex]?.packets ?? 0;
    const unsupported = fault.code === 'unsupported';
    const problem = unsupported ? `holds something this tool does not read at byte ${fault.offset} (${fault.reason})` : `is damaged at byte ${fault.offset} (${fault.reason})`;
    if (packets === 0) {
      // Nothing to analyse: the finding must say so plainly, not that "0 packets" were covered.
      const next = !unsupported
        ? ' Copy the file again if it came over a network or out of an archive; otherwise capture again and stop the capture before taking the file.'
        : hint || RESAVE_ADVICE;
      const summary = `${fault.file} could not be read: it ${problem}, before its first packet.${next}`;
      cap.add({ kind: 'capture-damaged', severity: 'error', summary, step: etl ? GUIDE_STEPS.collectConvertEtl : unsupported ? GUIDE_STEPS.collectWireshark : GUIDE_STEPS.collectStop, evidence: { frames: [], file: fault.file } });
      continue;
    }
    const summary = `${fault.file} ${problem}; the analysis covers the ${plural(packets, 'packet', 'packets')} before that point.${unsupported ? hint || RESAVE_ADVICE : ''}`;
    // Damage calls for a capture stopped cleanly; a part this tool does not read, for the file saved again by Wireshark.
    cap.add({ kind: 'capture-damaged', severity: 'warning', summary, step: unsupported ? GUIDE_STEPS.collectWireshark : GUIDE_STEPS.collectStop, evidence: { frames: [], file: fault.file } });
  }
}

/**
 * Packets whose time stamp is impossible (a sub-second part of a whole second or more): the reader
 * placed them at the start of their second, so delays to or from them are off by up to a second.
 * No file names the finding in its evidence: a view pairs such a finding with the file's read fault,
 * and this one must stay visible beside it.
 */
function impossibleTimeFindings(context: ReportContext, cap: KindCap): void {
  for (const file of context.trace.files) {
    const damage = file.impossibleTimes;
    if (damage === undefined) continue;
    const unit = file.timePrecisionDigits === 9 ? 'nanosecond' : 'microsecond';
    const one = damage.records === 1;
    const which = one
      ? `packet ${damage.firstRecord} of the file carries an impossible time stamp`
      : `${plural(damage.records, 'packet', 'packets')}, the first being packet ${damage.firstRecord} of the file, carry impossible time stamps`;
    const summary =
      `${file.name}: ${which} (a ${unit} part of a whole second or more). ` +
      `This tool placed ${one ? 'it' : 'each'} at the start of its second, so times and delays involving ${one ? 'it' : 'them'} may be off by up to a second; ` +
      `Wireshark may show ${one ? 'it' : 'them'} out of order or at a negative time. The program that wrote the file recorded ${one ? 'it' : 'them'} wrongly: ` +
      'capture again with Wireshark or pktmon if those times matter.';
    cap.add({ kind: 'capture-damaged', severity: 'warning', summary, step: GUIDE_STEPS.collectWireshark, evidence: { frames: [] } });
  }
}

/** Files that repeat another's packets: each such packet was analysed once, and the reader should know why the count is lower. */
function repeatFindings(context: ReportContext, cap: KindCap): void {
  const { files, perFile } = context.trace;
  perFile.forEach((counts, index) => {
    if (counts.repeated === undefined) return;
    const name = files[index].name;
    const other = files[counts.repeated.ofFile]?.name ?? 'another file';
    const how =
      counts.repeated.packets === counts.packets
        ? `${name} holds the same ${plural(counts.packets, 'packet', 'packets')} as ${other}`
        : `${plural(counts.repeated.packets, 'packet', 'packets')} of ${name} are also in ${other}, with the same times and bytes`;
    const summary = `${how}: the same capture given twice, or a copy of it in another format. Each packet was analysed once; to compare two capture points, give the trace from each.`;
    cap.add({ kind: 'duplicate-packets', severity: 'info', summary, step: GUIDE_STEPS.collectBothEnds, evidence: { frames: [], file: name } });
  });
}

/** The capture recorded packets more than once: say so, since Wireshark shows the copies as retransmissions. */
function duplicatesFinding(copies: number, tcpPackets: number, copyFrames: number[]): Finding {
  const share = Math.max(1, Math.round((copies / tcpPackets) * 100));
  const how = copies === 1 ? 'the capture recorded that packet twice, at two points on its way' : 'the capture recorded packets at two or more points on their way';
  const summary =
    `${plural(copies, 'TCP packet repeats', 'TCP packets repeat')} a packet less than a millisecond after it (${share}% of TCP packets): ${how} ` +
    '(pktmon at every network component, a mirror port, or a capture on several interfaces at once). ' +
    (copies === 1
      ? 'It is not counted here as a retransmission or a second reset, though Wireshark shows it as a retransmission or a duplicate ACK. '
      : 'They are not counted here as retransmissions or second resets, though Wireshark shows them as retransmissions and duplicate ACKs. ') +
    'With pktmon, capture with "pktmon start --capture --comp nics" to record each packet once, or keep one component when converting ("pktmon etl2pcap" with "--component-id").';
  return { kind: 'duplicate-packets', severity: 'info', summary, step: GUIDE_STEPS.collectPktmon, evidence: { frames: frames(copyFrames) } };
}

/**
 * No TCP packet decoded. When every packet was read, the connection was not captured at all; when
 * some could not be read (a link type or a header this tool does not decode), TCP may be among
 * them, and the finding must not claim there was none.
 */
function noTcpFinding(packets: number, udpPackets: number, undecoded: Readonly<Record<string, number>>, linkTypes: readonly number[]): Finding {
  const unread = Object.entries(undecoded).filter(([reason]) => reason !== NOT_IP_REASON);
  if (unread.length === 0) {
    // A netlink or vsock trace is not a filter that missed the connection: that link never carries IP.
    const nonIp = linkTypes.length > 0 && linkTypes.every((linkType) => NON_IP_LINK_TYPES.has(linkType));
    const why = nonIp
      ? `it was recorded on ${linkTypes.map(nameLinkType).join(' and ')}, which never carries IP, so not on the network adapter the connection uses. Capture again on that adapter.`
      : udpPackets > 0
        ? 'if a connection was the question, this capture missed it (another network interface, or a filter that left it out); what it holds over UDP, such as DNS, is read here all the same.'
        : 'it was probably taken on another network interface or with a filter that left the connection out.';
    return {
      kind: 'no-tcp',
      severity: 'info',
      summary: `The trace holds ${plural(packets, 'packet', 'packets')} but no TCP at all: ${why}`,
      step: GUIDE_STEPS.collectIpNetstat,
      evidence: { frames: [] },
    };
  }
  const unreadCount = unread.reduce((sum, [, count]) => sum + count, 0);
  const reasons = unread.map(([reason, count]) => `${nameUnknownLinkReason(reason)}: ${count}`).join('; ');
  // Only a link type this tool does not decode makes capturing elsewhere worth advising; a cut
  // header is the snap length's doing, on whatever adapter.
  const otherLink = unread.some(([reason]) => UNKNOWN_LINK_REASON.test(reason));
  return {
    kind: 'no-tcp',
    severity: 'warning',
    summary:
      `The trace holds ${plural(packets, 'packet', 'packets')} and no TCP this tool could read, but it could not decode ${unreadCount === packets ? (packets === 1 ? 'it' : 'any of them') : plural(unreadCount, 'packet', 'packets')} (${reasons}), ` +
      `${unreadCount === 1 ? 'which may be TCP' : 'and TCP may be among them'}. ` +
      `Open the trace in Wireshark to see ${unreadCount === 1 ? 'that packet' : 'those packets'}` +
      (otherLink ? ', or capture again on the network adapter the connection uses (Ethernet or Wi-Fi).' : '.'),
    step: GUIDE_STEPS.collectWireshark,
    evidence: { frames: [] },
  };
}

/** How the analyzer counts a packet whose link type has no dissector: "link type 281". */
const UNKNOWN_LINK_REASON = /^link type (\d+)$/;

/** "link type 132" -> "link type 132 (Juniper Encryption Services PIC)" when tcpdump has a name for it. */
function nameUnknownLinkReason(reason: string): string {
  const match = UNKNOWN_LINK_REASON.exec(reason);
  return match === null ? reason : nameLinkType(Number(match[1]));
}

function nameLinkType(linkType: number): string {
  const name = linkTypeName(linkType);
  return name === undefined ? `link type ${linkType}` : `${name} (link type ${linkType})`;
}
