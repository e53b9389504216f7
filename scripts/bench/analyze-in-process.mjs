// Times analyzeCapture alone on one file (no Node start-up, no JSON output), for the
// analysis / bare-walk ratio in scripts/bench.mjs. Prints { seconds, packets } as JSON.
import { fileURLToPath } from 'node:url';
import { loadBundled } from '../../bin/bundle-cache.mjs';

const source = (relative) => fileURLToPath(new URL(relative, import.meta.url));
const { analyzeCapture } = await loadBundled(source('../../src/lib/capture/analyze-capture.ts'));
const { openFileSource } = await loadBundled(source('../../src/cli/file-source.ts'));

const input = await openFileSource(process.argv[2]);
const started = performance.now();
const report = await analyzeCapture([input]);
const seconds = (performance.now() - started) / 1000;
await input.close();
process.stdout.write(JSON.stringify({ seconds, packets: report.packets }));
