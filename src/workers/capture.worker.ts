/**
 * Capture analysis off the main thread: this file only adapts src/lib to comlink. Faults cross as
 * data (comlink would strip a CaptureError to name/message/stack and lose its code and offset).
 */
import { expose, releaseProxy, type Remote } from 'comlink';
import { analyzeCapture } from '../lib/capture/analyze-capture';
import { DETECTION_HEAD_BYTES, detectFormat, type Detection } from '../lib/capture/formats/detect';
import { CaptureError, CaptureErrorCode, type CaptureFault } from '../lib/capture/records';
import type { AnalyzeProgress, CaptureReport } from '../lib/capture/report';
import { blobSource } from '../lib/io/blob-source';

export interface DetectedFile {
  name: string;
  size: number;
  detection: Detection;
}

export type AnalyzeOutcome =
  | { status: 'done'; report: CaptureReport }
  | { status: 'cancelled'; fault: CaptureFault }
  /** The engine gave up on the whole input (it normally reports damage inside the report instead). */
  | { status: 'failed'; fault: CaptureFault }
  /** A bug, not a bad file: the engine promises to put damage in the report instead of throwing. */
  | { status: 'crashed'; message: string };

let running: AbortController | null = null;

const api = {
  async detect(files: File[]): Promise<DetectedFile[]> {
    return Promise.all(
      files.map(async (file) => {
        const head = new Uint8Array(await file.slice(0, DETECTION_HEAD_BYTES).arrayBuffer());
        return { name: file.name, size: file.size, detection: detectFormat(head) };
      }),
    );
  },

  async analyze(files: File[], onProgress: (progress: AnalyzeProgress) => void): Promise<AnalyzeOutcome> {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    try {
      const report = await analyzeCapture(
        files.map((file) => blobSource(file, file.name)),
        // Not awaited: a progress message must never hold back the analysis.
        { signal: controller.signal, onProgress: (progress) => void onProgress(progress) },
      );
      return { status: 'done', report };
    } catch (error) {
      if (error instanceof CaptureError) {
        return { status: error.code === CaptureErrorCode.Cancelled ? 'cancelled' : 'failed', fault: error.toFault() };
      }
      return { status: 'crashed', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    } finally {
      if (running === controller) running = null;
      // The page passed a comlink proxy; releasing it closes its MessagePort so neither side leaks it.
      (onProgress as unknown as Remote<typeof onProgress>)[releaseProxy]();
    }
  },

  /** Takes effect at the engine's next chunk boundary; analyze() then resolves with status 'cancelled'. */
  cancel(): void {
    running?.abort();
  },
};

export type CaptureWorkerApi = typeof api;

expose(api);
