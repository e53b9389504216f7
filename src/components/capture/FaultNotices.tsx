import type { CaptureFault } from '../../lib/capture/records';
import type { CaptureReport, Finding } from '../../lib/capture/report';
import type { DetectedFile } from './worker-client';

export interface Notice {
  file: string;
  offset: number | null;
  reason: string;
  hint?: string;
  /** The guide step the engine's own finding about this file points to. */
  step?: string;
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
 * Everything that stopped a file being read: unsupported or unknown inputs (named by detection,
 * with what to do next) and damage the engine hit part-way (with the offset).
 */
export function collectNotices(detected: DetectedFile[], report: CaptureReport | null, fault: CaptureFault | null, findings: Finding[]): Notice[] {
  const notices: Notice[] = [];
  const seen = new Set<string>();
  const add = (notice: Notice) => {
    const key = `${notice.file}\u0000${notice.offset}\u0000${notice.reason}`;
    if (!seen.has(key)) notices.push({ ...notice, step: findingAbout(notice.file, findings)?.step }), seen.add(key);
  };
  for (const file of report?.files ?? []) {
    if (file.fault) add({ file: file.name, offset: file.fault.offset, reason: file.fault.reason, hint: file.fault.hint });
  }
  const named = new Set(notices.map((notice) => notice.file));
  for (const file of detected) {
    if (!file.detection.supported && !named.has(file.name)) {
      add({ file: file.name, offset: null, reason: `recognised as ${file.detection.label}, which is not a capture this tool reads.`, hint: file.detection.hint });
      named.add(file.name);
    }
  }
  if (report?.damage && !named.has(report.damage.file)) add({ file: report.damage.file, offset: report.damage.offset, reason: report.damage.reason });
  if (fault) add({ file: fault.file, offset: fault.offset, reason: fault.reason, hint: fault.hint });
  return notices;
}

function heading(notices: Notice[]): string {
  if (notices.length > 1) return `${notices.length} files could not be read in full`;
  return notices[0].offset === null ? 'A file could not be read' : 'A file could not be read completely';
}

interface Props {
  notices: Notice[];
  /** Whether any other file was readable, so the reader knows whether results follow. */
  othersReadable: boolean;
}

export function FaultNotices({ notices, othersReadable }: Props) {
  if (notices.length === 0) return null;
  const cutShort = notices.some((notice) => notice.offset !== null);
  return (
    <div class="capture-faults" data-testid="capture-faults">
      <h3>{heading(notices)}</h3>
      <ul>
        {notices.map((notice, index) => (
          <li key={index}>
            <span class="capture-faults__file">{notice.file}</span>
            {notice.offset !== null && (
              <span class="capture-faults__offset">
                {' '}
                at byte offset {notice.offset} (0x{notice.offset.toString(16)})
              </span>
            )}
            : {notice.reason}
            {(notice.hint || notice.step) && (
              <p class="capture-faults__hint">
                <strong>What to do:</strong> {notice.hint}
                {notice.step && (
                  <>
                    {notice.hint ? ' ' : ''}
                    <a href={notice.step}>{notice.hint ? 'More in the guide' : 'see the guide'}</a>.
                  </>
                )}
              </p>
            )}
          </li>
        ))}
      </ul>
      {cutShort ? <p>Everything read before the problem is analysed below.</p> : othersReadable && <p>The other files are analysed below.</p>}
    </div>
  );
}
