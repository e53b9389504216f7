#!/usr/bin/env node
/**
 * Size report of the built site (run after `astro build`): the total size of dist/, and for each
 * page the JavaScript it loads, gzip-compressed (zlib's default level, as most servers use).
 *
 * "At load" is what the HTML pulls in before the page is interactive: module scripts, their static
 * imports, island components and renderers, and inline scripts. "Deferred" adds what that code
 * imports dynamically with a literal path — e.g. Starlight's search UI, fetched when the browser is
 * idle, code-split widget parts and the widgets' Web Workers — which the page may load later.
 *
 * Usage: node scripts/site-size.mjs [--json]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = join(process.cwd(), 'dist');
if (!existsSync(dist)) {
  console.error('site-size: dist/ not found — run `npx astro build` first');
  process.exit(2);
}

function walk(directory) {
  return readdirSync(directory).flatMap((name) => {
    const full = join(directory, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const gzipCache = new Map();
function gzipSize(text) {
  if (!gzipCache.has(text)) gzipCache.set(text, gzipSync(text).length);
  return gzipCache.get(text);
}

/** Static and literal dynamic import specifiers of a built ES module. */
function importsOf(code) {
  const staticImports = [...code.matchAll(/(?:\bimport|\bfrom)\s*["']([^"']+\.m?js)["']/g)].map((match) => match[1]);
  const dynamicImports = [
    ...code.matchAll(/\bimport\(\s*["']([^"']+\.m?js)["']\s*\)/g),
    // Web Workers: `new Worker(new URL("/_astro/x.worker.js", import.meta.url))`, started on use.
    ...code.matchAll(/\bnew URL\(\s*["']([^"']+\.m?js)["']\s*,\s*import\.meta\.url\s*\)/g),
  ].map((match) => match[1]);
  return { staticImports, dynamicImports };
}

/** Follows static imports from the entry URLs; returns the file set and the dynamic imports met. */
function closure(entryUrls) {
  const files = new Set();
  const dynamic = new Set();
  const pending = [...entryUrls];
  while (pending.length > 0) {
    const url = pending.pop();
    const file = join(dist, url);
    if (files.has(file) || !existsSync(file)) continue;
    files.add(file);
    const { staticImports, dynamicImports } = importsOf(readFileSync(file, 'utf8'));
    for (const specifier of staticImports) pending.push(new URL(specifier, `http://site${url}`).pathname);
    for (const specifier of dynamicImports) dynamic.add(new URL(specifier, `http://site${url}`).pathname);
  }
  return { files, dynamic };
}

function sumGzip(files) {
  let total = 0;
  for (const file of files) total += gzipSize(readFileSync(file, 'utf8'));
  return total;
}

function pagePath(file) {
  const path = '/' + relative(dist, file).split(sep).join('/');
  return path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path;
}

const allFiles = walk(dist);
const totalBytes = allFiles.reduce((sum, file) => sum + statSync(file).size, 0);

const pages = allFiles
  .filter((file) => file.endsWith('.html'))
  .map((file) => {
    const html = readFileSync(file, 'utf8');
    const entries = [];
    for (const [, src] of html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["'][^>]*>/g)) entries.push(src);
    for (const [, url] of html.matchAll(/\b(?:component-url|renderer-url|before-hydration-url)=["']([^"']+)["']/g)) {
      entries.push(url);
    }
    const inlineScripts = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
      .map((match) => match[1])
      .filter((code) => code.trim() !== '' && !/^\s*[{[]/.test(code)); // skip JSON data blocks
    const atLoad = closure(entries);
    const deferred = closure([...atLoad.dynamic].filter((url) => !atLoad.files.has(join(dist, url))));
    for (const file of atLoad.files) deferred.files.delete(file);
    const inlineGzip = inlineScripts.reduce((sum, code) => sum + gzipSize(code), 0);
    return {
      page: pagePath(file),
      loadGzip: sumGzip(atLoad.files) + inlineGzip,
      deferredGzip: sumGzip(deferred.files),
      scripts: atLoad.files.size,
      islands: (html.match(/<astro-island\b/g) ?? []).length,
    };
  })
  .sort((a, b) => a.page.localeCompare(b.page));

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ totalBytes, files: allFiles.length, pages }, null, 2));
} else {
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(`dist/: ${allFiles.length} files, ${kb(totalBytes)} (${(totalBytes / 1024 / 1024).toFixed(2)} MB)\n`);
  console.log('| Page | JS at load (gzip) | Deferred JS (gzip) | Script files | Islands |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of pages) {
    console.log(`| \`${row.page}\` | ${kb(row.loadGzip)} | ${kb(row.deferredGzip)} | ${row.scripts} | ${row.islands} |`);
  }
}
