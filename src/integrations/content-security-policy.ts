/**
 * A Content-Security-Policy for every built page, so "nothing you drop or paste leaves the
 * browser" is enforced by the browser and not only by our code: the page may fetch, load
 * images, fonts and workers from its own origin alone, so no bug, dependency or text injected
 * into a page can send what it shows elsewhere. (A worker's policy comes with its script's
 * response headers, which a static host does not send; our workers request nothing but their own code.)
 *
 * The policy goes in a <meta> tag because the site is static files on any host, where we
 * cannot set headers. Inline scripts (Starlight's theme and search, Astro's island loader, our
 * step links) are allowed by their SHA-256, computed from the built HTML after the build so
 * the hashes always match what ships. Style attributes stay allowed: Starlight and Expressive
 * Code write hundreds, and CSS cannot send data anywhere once images, fonts and connections
 * are held to our origin.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** A <script> without src, and its text: the bytes the browser hashes. */
const INLINE_SCRIPT = /<script\b(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi;
const CHARSET_META = /<meta charset="[^"]*"\s*\/?>/i;

export function scriptHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/** The policy for one page: its own inline scripts by hash, everything else from our origin. */
export function policyFor(html: string): string {
  const hashes = new Set<string>();
  for (const match of html.matchAll(INLINE_SCRIPT)) hashes.add(scriptHash(match[1]));
  return [
    "default-src 'self'",
    // Pagefind's search index runs as WebAssembly.
    `script-src 'self' 'wasm-unsafe-eval' ${[...hashes].join(' ')}`.trimEnd(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * The page with its policy as the first thing after the charset: a policy in a meta tag covers
 * only what follows it, and the charset must stay within the first 1,024 bytes.
 */
export function withPolicy(html: string): string {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policyFor(html)}">`;
  const charset = CHARSET_META.exec(html);
  if (charset !== null) {
    const end = charset.index + charset[0].length;
    return html.slice(0, end) + tag + html.slice(end);
  }
  const head = /<head[^>]*>/i.exec(html);
  if (head === null) throw new Error('page has no <head> to carry its Content-Security-Policy');
  const end = head.index + head[0].length;
  return html.slice(0, end) + tag + html.slice(end);
}

async function htmlFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return htmlFiles(path);
      return Promise.resolve(entry.name.endsWith('.html') ? [path] : []);
    }),
  );
  return nested.flat();
}

export default function contentSecurityPolicy(): AstroIntegration {
  return {
    name: 'shir-doctor:content-security-policy',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const files = await htmlFiles(fileURLToPath(dir));
        await Promise.all(files.map(async (file) => writeFile(file, withPolicy(await readFile(file, 'utf8')))));
        logger.info(`Content-Security-Policy added to ${files.length} pages`);
      },
    },
  };
}
