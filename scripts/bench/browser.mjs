// Browser figures for `npm run bench`: the built site (dist/) served from 127.0.0.1 to headless
// Chromium, a file handed to the page's file input, timed until the analyzer says it is done.
// Optional: without a build, or without Chromium, each figure is skipped with the reason.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const CONTENT_TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.wasm': 'application/wasm' };
const MB = 1024 * 1024;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A static server for dist/ on an ephemeral loopback port. */
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
  const dist = join(root, 'dist');
  if (!existsSync(join(dist, pagePath, 'index.html'))) return `skipped: dist/${pagePath}index.html not built (run \`npx astro build\`)`;
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
    return await run(page);
  } catch (error) {
    return `failed: ${String(error?.message ?? error).split('\n')[0]}`;
  } finally {
    await browser.close();
    server.close();
  }
}

export function browserCaptureFigure(root, path, packets) {
  return withPage(root, 'traces/read/', async (page) => {
    const analyzer = page.getByTestId('capture-analyzer');
    const started = performance.now();
    await analyzer.getByLabel('Choose capture files').setInputFiles(path);
    await page.locator('[data-testid="capture-analyzer"]:is([data-phase="done"], [data-phase="failed"])').waitFor({ timeout: 600_000 });
    const seconds = (performance.now() - started) / 1000;
    const phase = await analyzer.getAttribute('data-phase');
    const bytes = statSync(path).size;
    return `${phase === 'done' ? '' : `(phase ${phase}) `}${seconds.toFixed(2)} s, ${(bytes / MB / seconds).toFixed(1)} MB/s, ${Math.round(packets / seconds).toLocaleString('en-US')} packets/s (pcap, from file pick to report)`;
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
