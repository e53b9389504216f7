/**
 * The page side of the capture worker. The worker is created on first use so its chunk (the whole
 * engine) downloads only when someone analyses a file. A worker that dies (a bug, out of memory)
 * rejects whatever was pending instead of leaving a progress bar running forever.
 */
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { AnalyzeProgress } from '../../lib/capture/report';
import type { AnalyzeOutcome, CaptureWorkerApi, DetectedFile } from '../../workers/capture.worker';

export type { AnalyzeOutcome, DetectedFile };

/** How long a cancel may take before the worker is ended outright (the engine checks between chunks). */
const CANCEL_GRACE_MS = 3000;

export class WorkerCrash extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrash';
  }
}

export class CaptureWorkerClient {
  private worker: Worker | null = null;
  private remote: Remote<CaptureWorkerApi> | null = null;
  private failPending: Array<(error: WorkerCrash) => void> = [];

  private connect(): Remote<CaptureWorkerApi> {
    if (this.remote) return this.remote;
    const worker = new Worker(new URL('../../workers/capture.worker.ts', import.meta.url), { type: 'module', name: 'capture-analyzer' });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.crash(event.message || 'the analysis worker could not start or stopped unexpectedly');
    });
    worker.addEventListener('messageerror', () => this.crash('the analysis worker sent a message the page could not read'));
    this.worker = worker;
    this.remote = wrap<CaptureWorkerApi>(worker);
    return this.remote;
  }

  private crash(message: string): void {
    const pending = this.failPending;
    this.failPending = [];
    this.dispose();
    for (const fail of pending) fail(new WorkerCrash(message));
  }

  /** Runs a worker call, rejecting with WorkerCrash if the worker dies before answering. */
  private guarded<T>(call: (remote: Remote<CaptureWorkerApi>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fail = (error: WorkerCrash) => reject(error);
      this.failPending.push(fail);
      const settle = () => (this.failPending = this.failPending.filter((candidate) => candidate !== fail));
      let remote: Remote<CaptureWorkerApi>;
      try {
        remote = this.connect();
      } catch (error) {
        settle();
        reject(new WorkerCrash(error instanceof Error ? error.message : String(error)));
        return;
      }
      call(remote).then(
        (value) => (settle(), resolve(value)),
        (error) => (settle(), reject(error)),
      );
    });
  }

  /**
   * Starts loading the worker when the reader shows intent (focus, pointer or drag over the drop
   * zone), so the engine is ready by the time files arrive, even if the network went away meanwhile.
   */
  warm(): void {
    try {
      this.connect();
    } catch {
      // The first real call reports the failure with its context.
    }
  }

  detect(files: File[]): Promise<DetectedFile[]> {
    return this.guarded((remote) => remote.detect(files));
  }

  analyze(files: File[], onProgress: (progress: AnalyzeProgress) => void): Promise<AnalyzeOutcome> {
    // comlink's Remote<> maps a union result to a union of promises; it is one promise of the union.
    return this.guarded((remote) => remote.analyze(files, proxy(onProgress)) as Promise<AnalyzeOutcome>);
  }

  /** Asks the worker to stop; if it has not answered within the grace period, ends it. */
  cancel(): void {
    const remote = this.remote;
    if (!remote) return;
    void remote.cancel();
    const worker = this.worker;
    setTimeout(() => {
      if (this.worker === worker && this.failPending.length > 0) this.crash('the analysis did not stop when asked, so it was ended');
    }, CANCEL_GRACE_MS);
  }

  /** Releases the comlink proxy and ends the worker; the next call starts a fresh one. */
  dispose(): void {
    this.remote?.[releaseProxy]();
    this.worker?.terminate();
    this.remote = null;
    this.worker = null;
  }
}
