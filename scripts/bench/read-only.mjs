// The ceiling for any Node CLI: start Node, read the whole file in 1 MB chunks, parse nothing.
// scripts/bench.mjs times this as a process, so its ratio to tshark bounds what `shir-doctor
// capture` could ever reach on this machine, whatever the analysis costs.
import { closeSync, openSync, readSync } from 'node:fs';

const descriptor = openSync(process.argv[2], 'r');
const chunk = Buffer.alloc(1024 * 1024);
while (readSync(descriptor, chunk, 0, chunk.length, null) > 0);
closeSync(descriptor);
