#!/usr/bin/env node
// `npm run bench`: throughput and memory of the capture analyzer side by side with tshark.
//
// Generates (into bench-data/, gitignored) a >= 200 MB text-payload TCP trace as pcap, and with
// editcap as pcapng and NetMon 2.x, then prints for each: our CLI (for pcap also with --ladders) and
// `tshark -n -q -z conv,tcp` (MB/s, packets/s, peak RSS, ratio), a bare JS walk over the pcap record
// headers (the floor any JS reader pays) and the analysis / bare-walk ratio, and a Node process that
// only reads the file (the ceiling of any Node CLI's ratio to tshark); then, when the site is
// built, the same pcap and a generated BENCH_BROWSER_MB (default 1024) MB one streamed through the
// page's file input in headless Chromium, with time, MB/s and the peak JS heaps of the page and of
// the capture worker (see bench/browser.mjs; BENCH_DIST serves a copy of the build instead of
// dist/, BENCH_BROWSER_MB=0 skips both); a 10 MB log through the CLI and, if built, the browser;
// and with BENCH_BIG=1 the CLI's peak memory on a 2 GB trace. Figures, not tests: nothing fails on
// speed.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLog, generateTcpTrace } from './bench/generate.mjs';
import { browserCaptureFigure, browserLogFigure, siteDirectory } from './bench/browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, 'bench-data');
const MB = 1024 * 1024;
const TARGET_BYTES = Number(process.env.BENCH_MB ?? 200) * MB;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
/** Runs per figure; the fastest is printed, since on a shared machine noise only ever adds time. */
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
/** Size of the second browser figure (the trace analyzer issue's: a 1 GB trace through the page). */
const BROWSER_MB = Number(process.env.BENCH_BROWSER_MB ?? 1024);

mkdirSync(DATA, { recursive: true });

function prepare(path, make) {
  if (!existsSync(path)) {
    const started = performance.now();
    make();
    console.log(`  made ${path.replace(`${ROOT}/`, '')} (${(statSync(path).size / MB).toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return path;
}

function editcap(format, from, to) {
  const result = spawnSync('editcap', ['-F', format, from, to], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`editcap -F ${format}: ${result.stderr}`);
}

function fastest(run) {
  let best = null;
  for (let index = 0; index < RUNS; index++) {
    const result = run();
    if (best === null || result.seconds < best.seconds) best = result;
  }
  return best;
}

/** Best of RUNS runs of a command with stdout discarded: wall seconds and peak RSS (GNU time). */
function measure(command, args, input) {
  return fastest(() => measureOnce(command, args, input));
}

function measureOnce(command, args, input) {
  const started = performance.now();
  const wrapped = TIME ? [TIME, ['-f', '%M', command, ...args]] : [command, args];
  const result = spawnSync(wrapped[0], wrapped[1], { input, stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'], maxBuffer: 1 << 26, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  const lines = result.stderr.trim().split('\n');
  const rssKb = TIME ? Number(lines.at(-1)) : NaN;
  // exit 1 = analysed, a file damaged; anything above is a failure worth showing.
  if (result.status !== 0 && result.status !== 1) console.log(`    ${command} exited ${result.status}: ${lines.slice(-3).join(' | ')}`);
  return { seconds, rssMb: rssKb / 1024 };
}

/** analyzeCapture timed inside a child process, so start-up and output are not counted. */
function analyzeInProcess(path) {
  return fastest(() => analyzeInProcessOnce(path));
}

function analyzeInProcessOnce(path) {
  const result = spawnSync('node', [join(ROOT, 'scripts/bench/analyze-in-process.mjs'), path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`analyze-in-process: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** The floor: read the pcap in 1 MB chunks and step over every record header, touching nothing else. */
function bareWalk(path) {
  const started = performance.now();
  const fd = openSync(path, 'r');
  const chunk = Buffer.alloc(MB);
  let carried = 0;
  let packets = 0;
  let skip = 24;
  for (;;) {
    const read = readSync(fd, chunk, carried, chunk.length - carried, null);
    const end = carried + read;
    let offset = 0;
    if (skip > 0) {
      const step = Math.min(skip, end);
      skip -= step;
      offset = step;
    }
    while (skip === 0 && offset + 16 <= end) {
      const captured = chunk.readUInt32LE(offset + 8);
      packets += 1;
      if (offset + 16 + captured <= end) offset += 16 + captured;
      else {
        skip = offset + 16 + captured - end;
        offset = end;
      }
    }
    carried = end - offset;
    chunk.copy(chunk, 0, offset, end);
    if (read === 0) break;
  }
  closeSync(fd);
  return { seconds: (performance.now() - started) / 1000, packets };
}

function rate(bytes, seconds) {
  return `${(bytes / MB / seconds).toFixed(1).padStart(6)} MB/s`;
}

function packetRate(packets, seconds) {
  return `${Math.round(packets / seconds).toLocaleString('en-US').padStart(9)} packets/s`;
}

function row(label, bytes, packets, { seconds, rssMb }) {
  const memory = Number.isNaN(rssMb) ? '' : `, peak RSS ${rssMb.toFixed(0)} MB`;
  console.log(`  ${label.padEnd(26)} ${seconds.toFixed(2).padStart(7)} s  ${rate(bytes, seconds)}  ${packetRate(packets, seconds)}${memory}`);
}

async function main() {
  console.log(`bench data in ${DATA}; best of ${RUNS} run(s) per figure (BENCH_RUNS); load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}`);
  const pcap = join(DATA, `tcp-${TARGET_BYTES / MB}mb.pcap`);
  let stats = null;
  prepare(pcap, () => {
    stats = generateTcpTrace(pcap, TARGET_BYTES);
  });
  const files = [
    ['pcap', pcap],
    ['pcapng', prepare(pcap.replace(/\.pcap$/, '.pcapng'), () => editcap('pcapng', pcap, pcap.replace(/\.pcap$/, '.pcapng')))],
    ['netmon 2.x', prepare(pcap.replace(/\.pcap$/, '.cap'), () => editcap('netmon2', pcap, pcap.replace(/\.pcap$/, '.cap')))],
  ];
  const walk = fastest(() => bareWalk(pcap));
  const packets = stats?.packets ?? walk.packets;
  console.log(`\ntrace: ${packets.toLocaleString('en-US')} packets, ${(statSync(pcap).size / MB).toFixed(0)} MB as pcap` +
    (stats ? `, ${stats.conversations.toLocaleString('en-US')} conversations` : ''));
  if (!TIME) console.log('(install GNU time — apt-get install -y time — for peak RSS figures)');

  for (const [label, path] of files) {
    const bytes = statSync(path).size;
    console.log(`\n${label}: ${path.replace(`${ROOT}/`, '')} (${(bytes / MB).toFixed(0)} MB)`);
    const ours = measure('node', [join(ROOT, 'bin/shir-doctor.mjs'), 'capture', path, '--json']);
    const tshark = measure('tshark', ['-n', '-q', '-z', 'conv,tcp', '-r', path]);
    row('shir-doctor capture --json', bytes, packets, ours);
    if (label === 'pcap') row('... --json --ladders', bytes, packets, measure('node', [join(ROOT, 'bin/shir-doctor.mjs'), 'capture', path, '--json', '--ladders']));
    row('tshark -z conv,tcp', bytes, packets, tshark);
    console.log(`  ours / tshark time: ${(ours.seconds / tshark.seconds).toFixed(2)} (below 1 = we are faster)`);
    const floor = measure('node', [join(ROOT, 'scripts/bench/read-only.mjs'), path]);
    row('node: start, read, no parse', bytes, packets, floor);
    console.log(`  throughput over tshark's: ours ${(tshark.seconds / ours.seconds).toFixed(1)}x; ` +
      `${(tshark.seconds / floor.seconds).toFixed(1)}x for a Node process that only reads the file (the most any Node CLI can reach here)`);
    const inProcess = analyzeInProcess(path);
    row('analyzeCapture in-process', bytes, packets, { seconds: inProcess.seconds, rssMb: NaN });
    if (label === 'pcap') {
      row('bare JS record walk', bytes, packets, { seconds: walk.seconds, rssMb: NaN });
      console.log(`  analysis / bare walk time: ${(inProcess.seconds / walk.seconds).toFixed(1)} in-process, ` +
        `${(ours.seconds / walk.seconds).toFixed(1)} for the whole CLI run (Node start-up, bundle check, JSON output)`);
    }
  }

  console.log(`\nbrowser (headless Chromium, site ${siteDirectory(ROOT)}; BENCH_BROWSER_MB=${BROWSER_MB}, BENCH_DIST):`);
  if (BROWSER_MB > 0) {
    // The same file as the CLI and tshark figures above, then the larger one.
    console.log(`  ${await browserCaptureFigure(ROOT, pcap, packets)}`);
    const browserPcap = join(DATA, `tcp-${BROWSER_MB}mb.pcap`);
    if (browserPcap !== pcap) {
      prepare(browserPcap, () => generateTcpTrace(browserPcap, BROWSER_MB * MB));
      console.log(`  ${await browserCaptureFigure(ROOT, browserPcap, bareWalk(browserPcap).packets)}`);
    }
  } else {
    console.log('  capture figure skipped: BENCH_BROWSER_MB=0');
  }

  const logPath = prepare(join(DATA, 'shir-10mb.log'), () => writeFileSync(join(DATA, 'shir-10mb.log'), generateLog(10 * MB)));
  const logBytes = statSync(logPath).size;
  const logRun = measure('node', [join(ROOT, 'bin/shir-doctor.mjs'), 'log', '-', '--json'], await import('node:fs').then((fs) => fs.readFileSync(logPath)));
  console.log(`\nlog: ${(logBytes / MB).toFixed(1)} MB through \`shir-doctor log - --json\`: ${logRun.seconds.toFixed(2)} s, ${rate(logBytes, logRun.seconds).trim()}` +
    (Number.isNaN(logRun.rssMb) ? '' : `, peak RSS ${logRun.rssMb.toFixed(0)} MB`));
  console.log(`  browser log worker: ${await browserLogFigure(ROOT, logPath)}`);

  if (process.env.BENCH_BIG === '1') {
    const big = join(DATA, 'tcp-2048mb.pcap');
    prepare(big, () => generateTcpTrace(big, 2048 * MB, 4242));
    const bytes = statSync(big).size;
    const run = measure('node', [join(ROOT, 'bin/shir-doctor.mjs'), 'capture', big, '--json']);
    console.log(`\n2 GB trace: ${run.seconds.toFixed(1)} s, ${rate(bytes, run.seconds).trim()}, peak RSS ${run.rssMb.toFixed(0)} MB`);
  } else {
    console.log('\n(2 GB memory figure skipped: run with BENCH_BIG=1)');
  }
}

await main();
