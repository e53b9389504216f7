#!/usr/bin/env node
// Long fuzz run of the capture pipeline: the property of tests/unit/capture/fuzz.test.ts for many
// more cases. `npm run fuzz -- [runs] [seed]` (default 20000 runs, random seed). A failure prints
// the seed, the path and the shrunk case so it can be replayed exactly.
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { loadBundled } from '../bin/bundle-cache.mjs';

// The bundle carries its own copy of fast-check; arbitraries cross copies because fast-check
// recognises them by shape (generate/shrink), not by class.
const { checkCase, fuzzCase } = await loadBundled(fileURLToPath(new URL('../tests/unit/capture/fuzz-cases.ts', import.meta.url)));

const runs = Number(process.argv[2] ?? 20000);
const seed = process.argv[3] === undefined ? Date.now() ^ (Math.random() * 0x7fffffff) : Number(process.argv[3]);
const tally = { cases: 0, withPackets: 0, damaged: 0, unreadable: 0 };
const started = performance.now();

const property = fc.asyncProperty(fuzzCase, async (input) => {
  const report = await checkCase(input);
  tally.cases += 1;
  if (report.packets > 0) tally.withPackets += 1;
  if (report.damage !== null) tally.damaged += 1;
  if (report.files.length === 0) tally.unreadable += 1;
  if (tally.cases % 1000 === 0) process.stdout.write(`  ${tally.cases} cases, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
});

console.log(`fuzzing analyzeCapture: ${runs} cases, seed ${seed}`);
try {
  await fc.assert(property, { numRuns: runs, seed, timeout: 10_000 });
  const seconds = (performance.now() - started) / 1000;
  console.log(`ok: ${tally.cases} cases in ${seconds.toFixed(1)} s; ${tally.withPackets} yielded packets, ` +
    `${tally.damaged} reported damage, ${tally.unreadable} were not read as captures`);
} catch (error) {
  console.error(String(error?.message ?? error));
  console.error(`replay: npm run fuzz -- ${runs} ${seed}`);
  process.exitCode = 1;
}
