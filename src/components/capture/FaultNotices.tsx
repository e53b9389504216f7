import { CaptureErrorCode, type CaptureFault } from '../../lib/capture/records';
import type { CaptureReport, Finding } from '../../lib/capture/report';
import { GUIDE_STEPS } from '../../lib/guide/steps';
import type { DetectedFile } from './worker-client';

export interface Notice {
  file: string;
  offset: number | null;
  reason: string;
  hint?: string;
  /** Why reading stopped, when the engine said (a cut-off file gets plain words of its own). */
  code?: CaptureErrorCode;
  /** The guide step the engine's own finding about this file points to. */
  step?: string;
  /** A text or event log: the way on is the log analyzer, which the hint names, not a capture step. */
  logText?: boolean;
  /** Packets read from the file before the problem, when the report says. */
  packets?: number;
}

/**
 * The engine also states each file problem as a 'capture-damaged' finding naming the file in its
 * evidence. The notice already says it with the offset and the hint, so the finding only lends it
 * its guide link, and is left out of the verdicts (see restatesNotice).
 */
function findingAbout(file: string, findings: Finding[]): Finding | undefined {
  return findings.find((finding) => finding.kind === 'capture-damaged' && finding.evidence.file === file);
}

export function restatesNotice(finding: Finding, notices: Notice[]): boolean {
  return finding.kind === 'capture-damaged' && notices.some((notice) => finding.evidence.file === notice.file);
}

/**
 * Detection's hint for an unknown file opens by saying it is no capture format, with its first
 * bytes; said once, in the reason, and the hint keeps only what to do. (A random file read "not a
 * capture format" three times over.)
 */
function unknownFormat(hint: string | undefined): { reason: string; hint: string | undefined } {
  const opening = hint ? /^Not a capture format[^(.]*(\([^)]*\))?\.\s*/.exec(hint) : null;
  if (!hint || !opening) return { reason: 'not a capture format this tool recognises.', hint };
  return { reason: `not a capture format this tool recognises${opening[1] ? ` ${opening[1]}` : ''}.`, hint: hint.slice(opening[0].length) || undefined };
}

/**
 * Everything that stopped a file being read: unsupported or unknown inputs (named by detection,
 * with what to do next) and damage the engine hit part-way (with the offset).
 */
export function collectNotices(detected: DetectedFile[], report: CaptureReport | null, fault: CaptureFault | null, findings: Finding[]): Notice[] {
  const notices: Notice[] = [];
  const seen = new Set<string>();
  const add = (notice: Notice) => {
    const key = `${notice.file}\u0000${notice.offset}\u0000${notice.reason}`;
    if (!seen.has(key)) notices.push({ ...notice, step: notice.logText ? GUIDE_STEPS.triageErrorText : findingAbout(notice.file, findings)?.step }), seen.add(key);
  };
  for (const file of report?.files ?? []) {
    if (file.fault) add({ file: file.name, offset: file.fault.offset, reason: file.fault.reason, hint: file.fault.hint, code: file.fault.code, packets: file.packets });
  }
  const named = new Set(notices.map((notice) => notice.file));
  for (const file of detected) {
    if (!file.detection.supported && !named.has(file.name)) {
      const { reason, hint } = file.detection.kind === 'unknown' ? unknownFormat(file.detection.hint) : { reason: `recognised as ${file.detection.label}, which is not a capture this tool reads.`, hint: file.detection.hint };
      add({ file: file.name, offset: null, reason, hint, logText: file.detection.kind === 'text' || file.detection.kind === 'evtx' });
      named.add(file.name);
    }
  }
  if (report?.damage && !named.has(report.damage.file)) add({ file: report.damage.file, offset: report.damage.offset, reason: report.damage.reason });
  if (fault) add({ file: fault.file, offset: fault.offset, reason: fault.reason, hint: fault.hint, code: fault.code });
  return notices;
}

/**
 * Damage found part-way, after some packets were read. A file whose problem is at a byte offset may
 * still have given nothing: a Network Monitor file cut before its frame table, found in the header.
 */
function partlyRead(notice: Notice): boolean {
  return notice.offset !== null && notice.packets !== 0;
}

/** Whether anything at all was read from some file: only then do results follow the notice. */
export function readInPart(notices: Notice[]): boolean {
  return notices.some(partlyRead);
}

function heading(notices: Notice[]): string {
  const cutShort = notices.filter(partlyRead).length;
  if (notices.length === 1) return cutShort === 1 ? 'A file could not be read completely' : 'A file could not be read';
  if (cutShort === 0) return `${notices.length} files could not be read`;
  return cutShort === notices.length ? `${notices.length} files could not be read in full` : `${notices.length} files could not be read, or only in part`;
}

/**
 * Our own messages and hints mark commands with backticks, as in a terminal how-to. They become
 * <code> elements built from text nodes, so a file name inside stays text; an unpaired backtick
 * leaves the whole message as it is.
 */
function TextWithCode({ text }: { text: string }) {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return <>{text}</>;
  return <>{parts.map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}</>;
}

/** "EPB block needs 88 bytes, file ends after 51" is the engine's truth; a reader first needs what it means. */
const CUT_OFF = {
  reason: 'the file ends in the middle of a packet: it was cut off before the capture tool finished writing it.',
  hint: 'Stop the capture cleanly before copying the file (`pktmon stop`, `netsh trace stop`, Ctrl+C in tcpdump, Stop in Wireshark or Network Monitor), wait until the tool has finished writing, then copy the file again.',
};

/** A damaged file the engine has no advice for still gets a next step, rather than "see the guide". */
const DAMAGED_HINT =
  'If the file was copied while the capture was still running, stop the capture cleanly and copy it again; otherwise open it in Wireshark or Network Monitor, and if they cannot read it either, capture again.';

/**
 * Files refused for the same reason, with the same advice, share one item: a dropped folder with
 * the capture set beside netstat.txt, ipconfig.txt and a readme otherwise repeated "This looks like
 * a text log…" once per file. Damage at an offset is always its own item.
 */
function groupAlike(notices: Notice[]): Array<{ notice: Notice; files: string[] }> {
  const groups = new Map<string, { notice: Notice; files: string[] }>();
  notices.forEach((notice, index) => {
    const key = notice.offset === null ? `${notice.reason}\u0000${notice.hint}\u0000${notice.step}` : `#${index}`;
    const group = groups.get(key);
    if (group) group.files.push(notice.file);
    else groups.set(key, { notice, files: [notice.file] });
  });
  return [...groups.values()];
}

function NoticeItem({ notice, files }: { notice: Notice; files: string[] }) {
  const cutOff = notice.code === CaptureErrorCode.ShortRead;
  const hint = cutOff ? CUT_OFF.hint : (notice.hint ?? (notice.code === CaptureErrorCode.BadFile ? DAMAGED_HINT : undefined));
  return (
    <li>
      {files.map((file, index) => (
        <span key={index}>
          {index > 0 ? ', ' : ''}
          <span class="capture-faults__file">{file}</span>
        </span>
      ))}
      {notice.offset !== null && (
        <span class="capture-faults__offset">
          {' '}
          at byte offset {notice.offset} (0x{notice.offset.toString(16)})
        </span>
      )}
      : <TextWithCode text={cutOff ? CUT_OFF.reason : notice.reason} />
      {cutOff && <span class="capture-faults__detail"> (In detail: {notice.reason})</span>}
      {(hint || notice.step) && (
        <p class="capture-faults__hint">
          <strong>What to do:</strong> {hint && <TextWithCode text={hint} />}
          {notice.step && (
            <>
              {hint ? ' ' : ''}
              {/* "Paste it into the log analyzer" followed by a link to capture steps sent the reader the wrong way. */}
              <a href={notice.step}>{notice.logText ? 'Open the log analyzer' : hint ? 'More in the guide' : 'see the guide'}</a>.
            </>
          )}
        </p>
      )}
    </li>
  );
}

interface Props {
  notices: Notice[];
  /** Whether any other file was readable, so the reader knows whether results follow. */
  othersReadable: boolean;
}

export function FaultNotices({ notices, othersReadable }: Props) {
  if (notices.length === 0) return null;
  return (
    <div class="capture-faults" data-testid="capture-faults">
      <h3>{heading(notices)}</h3>
      <ul>
        {groupAlike(notices).map(({ notice, files }, index) => (
          <NoticeItem key={index} notice={notice} files={files} />
        ))}
      </ul>
      {readInPart(notices) ? <p>Everything read before the problem is analysed below.</p> : othersReadable && <p>The other files are analysed below.</p>}
    </div>
  );
}
