import type { CaptureFault } from '../../lib/capture/records';
import type { CaptureReport } from '../../lib/capture/report';
import type { DetectedFile } from './worker-client';

interface Notice {
  file: string;
  offset: number | null;
  reason: string;
  hint?: string;
}

/**
 * Everything that stopped a file being read: unsupported or unknown inputs (named by detection,
 * with what to do next) and damage the engine hit part-way (with the offset).
 */
export function collectNotices(detected: DetectedFile[], report: CaptureReport | null, fault: CaptureFault | null): Notice[] {
  const notices: Notice[] = [];
  const seen = new Set<string>();
  const add = (notice: Notice) => {
    const key = `${notice.file}\u0000${notice.offset}\u0000${notice.reason}`;
    if (!seen.has(key)) notices.push(notice), seen.add(key);
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

export function FaultNotices({ notices }: { notices: Notice[] }) {
  if (notices.length === 0) return null;
  return (
    <div class="capture-faults" data-testid="capture-faults">
      <h3>{notices.length === 1 ? 'A file could not be read completely' : `${notices.length} files could not be read completely`}</h3>
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
            {notice.hint && <p class="capture-faults__hint">What to do: {notice.hint}</p>}
          </li>
        ))}
      </ul>
      <p>Everything read before the problem is analysed below.</p>
    </div>
  );
}
