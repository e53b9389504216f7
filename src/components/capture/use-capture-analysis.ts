/**
 * The widget's state machine: files -> detection -> streaming analysis -> report (or cancelled,
 * or crashed). It owns the worker client and ends it on unmount.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { CaptureFault } from '../../lib/capture/records';
import type { AnalyzeProgress, CaptureReport, Finding } from '../../lib/capture/report';
import { CaptureWorkerClient, type DetectedFile } from './worker-client';

export type AnalysisState =
  | { phase: 'empty' }
  | { phase: 'detecting'; fileCount: number }
  | { phase: 'analyzing'; detected: DetectedFile[]; progress: AnalyzeProgress | null; startedAt: number; cancelRequested: boolean }
  | { phase: 'done'; detected: DetectedFile[]; report: CaptureReport }
  /** Findings known when the user stopped, kept so stopping early still shows something, and how far the reading had got. */
  | { phase: 'cancelled'; detected: DetectedFile[]; findings: Finding[]; progress: AnalyzeProgress | null }
  | { phase: 'failed'; detected: DetectedFile[]; findings: Finding[]; fault: CaptureFault | null; message: string };

export function useCaptureAnalysis() {
  const [state, setState] = useState<AnalysisState>({ phase: 'empty' });
  const client = useRef<CaptureWorkerClient | null>(null);
  /** Each run gets a number so late answers from an abandoned run are ignored. */
  const run = useRef(0);
  const lastProgress = useRef<AnalyzeProgress | null>(null);
  const cancelRequested = useRef(false);

  useEffect(() => () => client.current?.dispose(), []);

  // Read through functions: inside analyze(), TypeScript would keep lastProgress.current narrowed to the null it was reset to.
  const findingsSoFar = () => lastProgress.current?.findings ?? [];
  const cancelled = (detected: DetectedFile[]): AnalysisState => ({ phase: 'cancelled', detected, findings: findingsSoFar(), progress: lastProgress.current });
  const connect = () => (client.current ??= new CaptureWorkerClient());
  const warm = useCallback(() => connect().warm(), []);

  const analyze = useCallback(async (files: File[]) => {
    if (files.length === 0) return;
    const runNumber = ++run.current;
    const current = () => run.current === runNumber;
    const worker = connect();
    cancelRequested.current = false;
    lastProgress.current = null;
    let detected: DetectedFile[] = [];
    setState({ phase: 'detecting', fileCount: files.length });
    try {
      detected = await worker.detect(files);
      if (!current()) return;
      const startedAt = performance.now();
      setState({ phase: 'analyzing', detected, progress: null, startedAt, cancelRequested: false });
      const outcome = await worker.analyze(files, (progress) => {
        if (!current()) return;
        lastProgress.current = progress;
        setState((previous) => (previous.phase === 'analyzing' ? { ...previous, progress } : previous));
      });
      if (!current()) return;
      if (outcome.status === 'done') setState({ phase: 'done', detected, report: outcome.report });
      else if (outcome.status === 'cancelled') setState(cancelled(detected));
      else {
        const fault = outcome.status === 'failed' ? outcome.fault : null;
        const message = outcome.status === 'failed' ? outcome.fault.reason : outcome.message;
        setState({ phase: 'failed', detected, findings: findingsSoFar(), fault, message });
      }
    } catch (error) {
      if (!current()) return;
      // A worker ended after the user asked to stop is a cancellation that took the hard way.
      if (cancelRequested.current) setState(cancelled(detected));
      else setState({ phase: 'failed', detected, findings: findingsSoFar(), fault: null, message: error instanceof Error ? error.message : String(error) });
    }
  }, []);

  const cancel = useCallback(() => {
    cancelRequested.current = true;
    client.current?.cancel();
    setState((previous) => (previous.phase === 'analyzing' ? { ...previous, cancelRequested: true } : previous));
  }, []);

  /** Shows a finished result kept from earlier (see kept-result.ts); ignored once a run has started. */
  const restore = useCallback((detected: DetectedFile[], report: CaptureReport) => {
    if (run.current === 0) setState({ phase: 'done', detected, report });
  }, []);

  return { state, analyze, cancel, warm, restore };
}
