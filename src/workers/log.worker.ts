/**
 * Runs the log analyzer off the main thread so a 10 MB paste never freezes the page. The worker only
 * adapts src/lib/logs to comlink; all logic lives in the library, shared with the CLI and tests.
 */
import { expose } from 'comlink';
import { analyzeLog } from '../lib/logs/analyze-log';

const api = {
  analyze: (text: string) => analyzeLog(text),
};

export type LogWorkerApi = typeof api;

expose(api);
