#!/usr/bin/env node
// The CLI runs the TypeScript sources directly (through tsx's loader) so that
// `node bin/shir-doctor.mjs ...` works in a fresh clone right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
