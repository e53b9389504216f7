/**
 * The capture pipeline: files -> records (read-trace) -> CaptureAnalyzer -> CaptureReport.
 * Runs unchanged in the browser worker, the CLI and tests: it sees only ByteSources.
 *
 * Damaged or unknown files never make it throw; they land in the report's files[].fault and
 * damage. It throws only a CaptureError with code 'cancelled', checked between chunks.
 */
import { CaptureAnalyzer, type CaptureAnalyzerOptions } from './analyze/capture-analyzer';
import { openTrace, type TraceReader } from './read-trace';
import { CaptureError, CaptureErrorCode, type ByteSource } from './records';
import type { AnalyzeProgress, CaptureReport, Finding } from './report';

export interface AnalyzeOptions extends CaptureAnalyzerOptions {
  signal?: AbortSignal;
  onProgress?: (progress: AnalyzeProgress) => void;
  /** Minimum ms between progress calls (default 100, i.e. at most ~10 a second). */
  progressIntervalMs?: number;
  /** Bytes per read, passed to the trace reader. */
  chunkSize?: number;
}

const DEFAULT_PROGRESS_INTERVAL_MS = 100;
/**
 * Findings sent with progress are rebuilt at most this often. Grouping the problem conversations
 * of a port scan (100,000 unanswered SYNs) takes tens of milliseconds, too much to pay with every
 * progress call; a reader watching findings appear does not need them fresher than this.
 */
const FINDINGS_INTERVAL_MS = 1000;
/** Records between clock checks inside one chunk: reading the clock per packet would show in profiles. */
const RECORDS_PER_CLOCK_CHECK = 4096;

function throwIfCancelled(signal: AbortSignal | undefined, trace: TraceReader | null): void {
  if (signal?.aborted) {
    const file = trace?.files[0]?.name ?? '';
    throw new CaptureError({ code: CaptureErrorCode.Cancelled, file, offset: trace?.bytesRead ?? 0, reason: 'cancelled by the user' });
  }
}

export async function analyzeCapture(sources: ByteSource[], options: AnalyzeOptions = {}): Promise<CaptureReport> {
  const { signal, onProgress } = options;
  const interval = options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  throwIfCancelled(signal, null);
  const trace = await openTrace(sources, { signal, chunkSize: options.chunkSize });
  const analyzer = new CaptureAnalyzer(options);
  let lastProgress = Date.now();
  let findings: Finding[] = [];
  let findingsBuiltAt = -Infinity;

  const progress = (): void => {
    if (onProgress === undefined) return;
    lastProgress = Date.now();
    if (lastProgress - findingsBuiltAt >= FINDINGS_INTERVAL_MS) {
      findings = analyzer.findingsSoFar(trace);
      findingsBuiltAt = lastProgress;
    }
    onProgress({ bytesDone: trace.bytesRead, bytesTotal: trace.bytesTotal, packets: analyzer.packets, findings });
  };

  for (;;) {
    let sinceClockCheck = 0;
    for (let record = trace.next(); record !== null; record = trace.next()) {
      analyzer.addFrame(record);
      if (++sinceClockCheck === RECORDS_PER_CLOCK_CHECK) {
        sinceClockCheck = 0;
        if (onProgress !== undefined && Date.now() - lastProgress >= interval) progress();
      }
    }
    throwIfCancelled(signal, trace);
    if (onProgress !== undefined && Date.now() - lastProgress >= interval) progress();
    if (!(await trace.load())) break;
  }
  // Records loaded by the final load() are still waiting.
  for (let record = trace.next(); record !== null; record = trace.next()) analyzer.addFrame(record);
  const report = analyzer.report(trace);
  onProgress?.({ bytesDone: trace.bytesTotal, bytesTotal: trace.bytesTotal, packets: analyzer.packets, findings: report.findings });
  return report;
}
