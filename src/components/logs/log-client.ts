/**
 * The page side of the log worker. The worker (and comlink) load on the first sign of use — focus
 * on the box, or the first analysis — so a reader who never pastes anything downloads neither,
 * while one who opened the page and then lost the network can still analyse.
 */
import { wrap, type Remote } from 'comlink';
import type { LogWorkerApi } from '../../workers/log.worker';
import type { LogReport } from '../../lib/logs/types';

interface Running {
  worker: Worker;
  remote: Remote<LogWorkerApi>;
  /** Rejects if the worker script cannot load or dies; comlink alone would leave calls pending forever. */
  broken: Promise<never>;
}

let running: Running | null = null;

export function startWorker(): Running {
  if (running) return running;
  const worker = new Worker(new URL('../../workers/log.worker.ts', import.meta.url), { type: 'module', name: 'log-analyzer' });
  const broken = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      stopAnalysis();
      reject(new Error('the analyzer could not start (if the page was loaded while offline, reload it once online)'));
    });
  });
  // Nobody may be waiting when a failure happens; the next call sees it through a fresh worker.
  broken.catch(() => undefined);
  running = { worker, remote: wrap<LogWorkerApi>(worker), broken };
  return running;
}

export function analyzeInWorker(text: string): Promise<LogReport> {
  const { remote, broken } = startWorker();
  return Promise.race([remote.analyze(text), broken]);
}

/**
 * Analysis is one synchronous call inside the worker, so the only way to stop it is to end the
 * worker; the next analysis starts a fresh one. The pending call never settles, which the caller
 * handles by ignoring results of analyses it has abandoned.
 */
export function stopAnalysis(): void {
  running?.worker.terminate();
  running = null;
}
