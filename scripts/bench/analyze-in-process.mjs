// Times analyzeCapture alone on one file (no Node/tsx start-up, no JSON output), for the
// analysis / bare-walk ratio in scripts/bench.mjs. Prints { seconds, packets } as JSON.
import { register } from 'tsx/esm/api';

register();
const { analyzeCapture } = await import('../../src/lib/capture/analyze-capture.ts');
const { openFileSource } = await import('../../src/cli/file-source.ts');

const source = await openFileSource(process.argv[2]);
const started = performance.now();
const report = await analyzeCapture([source]);
const seconds = (performance.now() - started) / 1000;
await source.close();
process.stdout.write(JSON.stringify({ seconds, packets: report.packets }));
