// Browser figures for `npm run bench`: the built site served from 127.0.0.1 to headless Chromium,
// a file handed to the page's file input, timed until the analyzer says it is done.
//
// The capture figure also samples memory every SAMPLE_MS through the DevTools protocol: the page's
// main-thread JS heap (Performance.getMetrics) and the capture worker's, where the analysis runs
// (Runtime.getHeapUsage, reached by auto-attaching to the page's worker), and at the end reads the
// renderer's peak RSS (VmHWM) from /proc as a cross-check that includes ArrayBuffers and Blobs.
//
// Site: BENCH_DIST (default dist/). Copy a build aside and point BENCH_DIST at it when someone
// else may rebuild dist/ during the run. Chromium: CHROMIUM_PATH (default /usr/bin/chromium).
// Optional: without a build, or without Chromium, each figure is skipped with the reason.
//
// Alone: `node scripts/bench/browser.mjs FILE` prints the capture figure for one file.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTENT_TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.wasm': 'application/wasm' };
const MB = 1024 * 1024;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Sampling period: often enough to catch the report's arrival, rare enough not to slow the worker. */
const SAMPLE_MS = 200;

/** The site to serve: BENCH_DIST when set, else the repository's dist/. */
export function siteDirectory(root) {
  return resolve(process.env.BENCH_DIST ?? join(root, 'dist'));
}

/** A static server for the site on an ephemeral loopback port. */
function serve(dist) {
  const server = createServer((request, response) => {
    let path = normalize(decodeURIComponent(new URL(request.url, 'http://localhost').pathname)).replace(/^(\.\.[/\\])+/, '');
    if (path.endsWith('/')) path += 'index.html';
    const file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function withPage(root, pagePath, run) {
  const dist = siteDirectory(root);
  if (!existsSync(join(dist, pagePath, 'index.html'))) return `skipped: ${join(dist, pagePath)}index.html not built (run \`npx astro build\`, or set BENCH_DIST)`;
  if (!existsSync(CHROMIUM)) return `skipped: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`;
  const { chromium } = await import('@playwright/test');
  const server = await serve(dist);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/${pagePath}`);
    await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0);
    return await run(page, browser);
  } catch (error) {
    return `failed: ${String(error?.message ?? error).split('\n')[0]}`;
  } finally {
    await browser.close();
    server.close();
  }
}

/**
 * Peak JS heaps of the page and of its workers. Workers are reached through non-flattened
 * auto-attach: Playwright's CDPSession cannot address a flattened child session, but it can
 * relay messages with Target.sendMessageToTarget. A sample is skipped while the previous one is
 * unanswered, so a busy thread delays samples instead of queueing them.
 */
class HeapSampler {
  mainPeak = 0;
  workerPeak = 0;
  workerSamples = 0;
  mainSamples = 0;
  #session;
  #workers = new Map();
  #replies = new Map();
  #nextId = 1;
  #timer = null;
  #mainBusy = false;

  static async attach(page) {
    const sampler = new HeapSampler();
    sampler.#session = await page.context().newCDPSession(page);
    sampler.#session.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
      if (targetInfo.type === 'worker') sampler.#workers.set(sessionId, { busy: false });
    });
    sampler.#session.on('Target.detachedFromTarget', ({ sessionId }) => sampler.#workers.delete(sessionId));
    sampler.#session.on('Target.receivedMessageFromTarget', ({ message }) => {
      const reply = JSON.parse(message);
      sampler.#replies.get(reply.id)?.(reply);
      sampler.#replies.delete(reply.id);
    });
    await sampler.#session.send('Performance.enable');
    await sampler.#session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return sampler;
  }

  start() {
    this.#timer = setInterval(() => void this.sample(), SAMPLE_MS);
  }

  async stop() {
    clearInterval(this.#timer);
    await this.sample();
  }

  async sample() {
    await Promise.all([this.#sampleMain(), ...[...this.#workers].map(([sessionId, worker]) => this.#sampleWorker(sessionId, worker))]);
  }

  async #sampleMain() {
    if (this.#mainBusy) return;
    this.#mainBusy = true;
    try {
      const { metrics } = await this.#session.send('Performance.getMetrics');
      const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0;
      this.mainPeak = Math.max(this.mainPeak, used);
      this.mainSamples++;
    } catch {
      // The page is closing: the last sample is simply lost.
    } finally {
      this.#mainBusy = false;
    }
  }

  async #sampleWorker(sessionId, worker) {
    if (worker.busy) return;
    worker.busy = true;
    const id = this.#nextId++;
    const reply = new Promise((resolve) => this.#replies.set(id, resolve));
    try {
      await this.#session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) });
      const { result } = await reply;
      if (result !== undefined) {
        this.workerPeak = Math.max(this.workerPeak, result.usedSize);
        this.workerSamples++;
      }
    } catch {
      // The worker went away between the timer and the message.
      this.#replies.delete(id);
    } finally {
      worker.busy = false;
    }
  }
}

/** Largest peak RSS (VmHWM) among Chromium's renderer processes, in bytes; NaN when /proc is not readable. */
async function rendererPeakRss(browser) {
  try {
    const session = await browser.newBrowserCDPSession();
    const { processInfo } = await session.send('SystemInfo.getProcessInfo');
    let peak = NaN;
    for (const process of processInfo.filter((info) => info.type === 'renderer')) {
      const line = readFileSync(`/proc/${process.id}/status`, 'utf8').split('\n').find((text) => text.startsWith('VmHWM:'));
      const bytes = Number(line?.match(/(\d+)/)?.[1]) * 1024;
      if (!(bytes <= peak)) peak = bytes;
    }
    return peak;
  } catch {
    return NaN;
  }
}

const megabytes = (bytes) => `${(bytes / MB).toFixed(0)} MB`;

export function browserCaptureFigure(root, path, packets) {
  return withPage(root, 'traces/read/', async (page, browser) => {
    const analyzer = page.getByTestId('capture-analyzer');
    const sampler = await HeapSampler.attach(page);
    sampler.start();
    const started = performance.now();
    await analyzer.getByLabel('Choose capture files').setInputFiles(path);
    await page.locator('[data-testid="capture-analyzer"]:is([data-phase="done"], [data-phase="failed"])').waitFor({ timeout: 1_800_000 });
    const seconds = (performance.now() - started) / 1000;
    // The report is rendered after the phase flips: keep sampling briefly to see that too.
    await new Promise((resolve) => setTimeout(resolve, 3 * SAMPLE_MS));
    await sampler.stop();
    const rss = await rendererPeakRss(browser);
    const phase = await analyzer.getAttribute('data-phase');
    const bytes = statSync(path).size;
    const packetText = packets ? `, ${Math.round(packets / seconds).toLocaleString('en-US')} packets/s` : '';
    return `${phase === 'done' ? '' : `(phase ${phase}) `}${megabytes(bytes)} pcap from file pick to report: ${seconds.toFixed(1)} s, ${(bytes / MB / seconds).toFixed(1)} MB/s${packetText}\n` +
      `  peak JS heap (CDP, every ${SAMPLE_MS} ms): page main thread ${megabytes(sampler.mainPeak)} (${sampler.mainSamples} samples), ` +
      `capture worker ${sampler.workerSamples > 0 ? megabytes(sampler.workerPeak) : 'not sampled'} (${sampler.workerSamples} samples)\n` +
      `  renderer process peak RSS (VmHWM): ${Number.isNaN(rss) ? 'unavailable' : megabytes(rss)}`;
  });
}

export function browserLogFigure(root, path) {
  return withPage(root, 'start/triage/', async (page) => {
    const started = performance.now();
    await page.getByLabel('Load a .txt or .log file').setInputFiles(path);
    await page.locator('.log-results').waitFor({ timeout: 300_000 });
    const seconds = (performance.now() - started) / 1000;
    return `${seconds.toFixed(2)} s, ${(statSync(path).size / MB / seconds).toFixed(1)} MB/s (from file pick to results)`;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node scripts/bench/browser.mjs FILE.pcap');
    process.exit(2);
  }
  console.log(await browserCaptureFigure(resolve(fileURLToPath(import.meta.url), '../../..'), resolve(file)));
}
