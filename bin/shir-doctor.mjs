#!/usr/bin/env node
// `node bin/shir-doctor.mjs ...` works in a fresh clone right after `npm ci`, with no build step: the
// TypeScript sources run through an esbuild bundle rebuilt whenever a source changed (bundle-cache.mjs).
import { fileURLToPath } from 'node:url';
import { BundleError, loadBundled } from './bundle-cache.mjs';

// Outside the 0-3 contract: the tool itself is broken (a source does not compile), not the input.
const EXIT_CANNOT_BUILD = 70;

let main;
try {
  ({ main } = await loadBundled(fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))));
} catch (error) {
  if (!(error instanceof BundleError)) throw error;
  process.stderr.write(`shir-doctor: ${error.message}\n`);
  process.exit(EXIT_CANNOT_BUILD);
}
process.exitCode = await main(process.argv.slice(2));
