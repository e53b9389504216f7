/**
 * Findings about the trace itself rather than the network: files that could not be read to the
 * end, packets recorded more than once, and a trace with no TCP to judge. Each tells the user how
 * to get a trace that answers the question.
 */
import { GUIDE_STEPS } from '../../guide/steps';
import { NOT_IP_REASON, type Finding } from '../report';
import { frames, type KindCap, plural } from './finding-common';
import type { ReportContext } from './report-builder';

export function traceFindings(context: ReportContext, cap: KindCap): void {
  const { analyzer } = context;
  faultFindings(context, cap);
  if (analyzer.tcp.duplicatePackets > 0) cap.add(duplicatesFinding(analyzer.tcp.duplicatePackets, analyzer.tcp.packets, analyzer.tcp.duplicateFrames));
  if (analyzer.packets > 0 && analyzer.tcp.packets === 0) cap.add(noTcpFinding(analyzer.packets, analyzer.undecoded));
}

function faultFindings(context: ReportContext, cap: KindCap): void {
  const { files, faults, perFile } = context.trace;
  for (const fault of faults) {
    const hint = fault.hint !== undefined ? ` ${fault.hint}` : '';
    const etl = /\betl\b/i.test(`${fault.reason}${hint}`);
    const fileIndex = files.findIndex((file) => file.name === fault.file);
    if (fileIndex < 0) {
      // Not a capture at all (ETL, EVTX, zip, text ...): say what it is and how to get a trace.
      const summary = `${fault.file} could not be read as a capture: ${fault.reason}.${hint}`;
      cap.add({ kind: 'capture-damaged', severity: 'error', summary, step: etl ? GUIDE_STEPS.collectConvertEtl : GUIDE_STEPS.collectWireshark, evidence: { frames: [], file: fault.file } });
      continue;
    }
    const packets = perFile[fileIndex]?.packets ?? 0;
    const unsupported = fault.code === 'unsupported';
    const problem = unsupported ? `holds something this tool does not read at byte ${fault.offset} (${fault.reason})` : `is damaged at byte ${fault.offset} (${fault.reason})`;
    if (packets === 0) {
      // Nothing to analyse: the finding must say so plainly, not that "0 packets" were covered.
      const next = !unsupported
        ? ' Copy the file again if it came over a network or out of an archive; otherwise capture again and stop the capture before taking the file.'
        : hint !== ''
          ? hint
          : ' If Wireshark opens it, save it again as pcapng (File > Save As) and try that file.';
      const summary = `${fault.file} could not be read: it ${problem}, before its first packet.${next}`;
      cap.add({ kind: 'capture-damaged', severity: 'error', summary, step: etl ? GUIDE_STEPS.collectConvertEtl : unsupported ? GUIDE_STEPS.collectWireshark : GUIDE_STEPS.collectStop, evidence: { frames: [], file: fault.file } });
      continue;
    }
    const summary = `${fault.file} ${problem}; the analysis covers the ${plural(packets, 'packet', 'packets')} before that point.${unsupported ? hint : ''}`;
    cap.add({ kind: 'capture-damaged', severity: 'warning', summary, step: GUIDE_STEPS.collectStop, evidence: { frames: [], file: fault.file } });
  }
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
function noTcpFinding(packets: number, undecoded: Readonly<Record<string, number>>): Finding {
  const unread = Object.entries(undecoded).filter(([reason]) => reason !== NOT_IP_REASON);
  if (unread.length === 0) {
    return {
      kind: 'no-tcp',
      severity: 'info',
      summary: `The trace holds ${plural(packets, 'packet', 'packets')} but no TCP at all: it was probably taken on another network interface or with a filter that left the connection out.`,
      step: GUIDE_STEPS.collectIpNetstat,
      evidence: { frames: [] },
    };
  }
  const unreadCount = unread.reduce((sum, [, count]) => sum + count, 0);
  const reasons = unread.map(([reason, count]) => `${reason}: ${count}`).join('; ');
  return {
    kind: 'no-tcp',
    severity: 'warning',
    summary:
      `The trace holds ${plural(packets, 'packet', 'packets')} and no TCP this tool could read, but it could not decode ${unreadCount === packets ? (packets === 1 ? 'it' : 'any of them') : plural(unreadCount, 'packet', 'packets')} (${reasons}), ` +
      `${unreadCount === 1 ? 'which may be TCP' : 'and TCP may be among them'}. ` +
      `Open the trace in Wireshark to see ${unreadCount === 1 ? 'that packet' : 'those packets'}, or capture again on an Ethernet or Wi-Fi interface.`,
    step: GUIDE_STEPS.collectWireshark,
    evidence: { frames: [] },
  };
}
