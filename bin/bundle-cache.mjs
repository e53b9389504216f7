// Runs a TypeScript entry from src/ through a cached esbuild bundle instead of a TypeScript loader
// (tsx cost ~0.2 s of start-up per CLI run; bundling takes ~40 ms and a warm cache costs a few stats).
// The CLI contract still holds: no build step after `npm ci`, and always the current sources — each
// bundle has a manifest of every input esbuild read (metafile: .ts files, the known-issue .json files,
// bundled packages) with its mtime and size, and any difference rebuilds before importing.
//
// Bundles are content-addressed (<entry>-<hash of entry path>-<hash of bundle>.mjs), so a rebuild
// never overwrites a file another process may be importing, and a process that loads a changed entry
// twice gets the new module rather than Node's cached one. Files are written to a temporary name and
// renamed, so parallel runs (vitest spawns CLI processes concurrently) never see a half-written file.
//
// A source that does not compile throws BundleError carrying esbuild's messages; the caller decides
// the exit code (the CLI uses 70, outside its 0-3 contract, since it is the tool that is broken).
import { createHash } from 'node:crypto';
import { access, constants, mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const MANIFEST_VERSION = 1;
// Bundles replaced more than this long ago are deleted; younger ones may still be being imported.
const STALE_BUNDLE_AGE_MS = 60_000;

export class BundleError extends Error {
  name = 'BundleError';
}

function shortHash(text) {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** The cache folder: SHIR_DOCTOR_BUNDLE_CACHE, else node_modules/.cache when writable, else the temp dir. */
async function defaultCacheDirectory() {
  if (process.env.SHIR_DOCTOR_BUNDLE_CACHE) return process.env.SHIR_DOCTOR_BUNDLE_CACHE;
  const inRepository = path.join(repositoryRoot, 'node_modules', '.cache', 'shir-doctor');
  try {
    await mkdir(inRepository, { recursive: true });
    await access(inRepository, constants.W_OK);
    return inRepository;
  } catch {
    return path.join(tmpdir(), `shir-doctor-${shortHash(repositoryRoot)}`);
  }
}

async function inputsUnchanged(inputs) {
  const checks = Object.entries(inputs).map(async ([file, recorded]) => {
    const now = await stat(file);
    return now.mtimeMs === recorded.mtimeMs && now.size === recorded.size;
  });
  try {
    return (await Promise.all(checks)).every(Boolean);
  } catch {
    return false; // an input was deleted or renamed
  }
}

/** Reads the manifest and returns the bundle path when every input is as it was at build time. */
async function freshBundle(manifestPath, cacheDirectory) {
  let manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch {
    return undefined; // missing or corrupt: rebuild
  }
  if (manifest?.version !== MANIFEST_VERSION || typeof manifest.bundle !== 'string' || typeof manifest.inputs !== 'object') return undefined;
  const bundlePath = path.join(cacheDirectory, path.basename(manifest.bundle));
  if (!(await inputsUnchanged(manifest.inputs))) return undefined;
  try {
    await access(bundlePath);
    return bundlePath;
  } catch {
    return undefined;
  }
}

/**
 * In a bundle, `import.meta.url` would name the bundle in the cache; each of our own modules instead
 * sees its source file's URL, so code that finds files next to itself (package.json, fixtures) works.
 */
const sourceLocationPlugin = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const loader = /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js';
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader };
    });
  },
};

async function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.${shortHash(String(Math.random()))}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, file);
}

async function removeReplacedBundles(cacheDirectory, prefix, keep) {
  const now = Date.now();
  for (const name of await readdir(cacheDirectory)) {
    if (!name.startsWith(prefix) || !name.endsWith('.mjs') || name === keep) continue;
    const file = path.join(cacheDirectory, name);
    try {
      if (now - (await stat(file)).mtimeMs > STALE_BUNDLE_AGE_MS) await unlink(file);
    } catch {
      // another process removed it first
    }
  }
}

async function build(entry, cacheDirectory, prefix, manifestPath) {
  const esbuild = await import('esbuild');
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      metafile: true,
      write: false,
      logLevel: 'silent',
      // No source map: an inline map tripled the CLI bundle (0.42 -> 1.3 MB) and added ~10 ms to each
      // start even unused (~30 ms with --enable-source-maps); a stack trace still names the bundle
      // line, which sits under a `// src/...` comment naming its module.
      plugins: [sourceLocationPlugin],
      // Bundled CommonJS packages may call require(); give the ESM bundle one.
      banner: { js: "import { createRequire as __shirDoctorCreateRequire } from 'node:module'; const require = __shirDoctorCreateRequire(import.meta.url);" },
    });
  } catch (error) {
    const messages = error.errors?.length ? await esbuild.formatMessages(error.errors, { kind: 'error' }) : [String(error.message)];
    throw new BundleError(`cannot bundle ${path.relative(process.cwd(), entry) || entry}:\n${messages.join('')}`);
  }
  const code = result.outputFiles[0].contents;
  const inputs = {};
  // Inputs from a plugin namespace ("ns:name") are not files; everything else is relative to cwd.
  const files = Object.keys(result.metafile.inputs).filter((input) => !/^[\w-]+:[^\\/]/.test(input) || path.isAbsolute(input));
  await Promise.all(files.map(async (input) => {
    const file = path.resolve(input);
    const { mtimeMs, size } = await stat(file);
    inputs[file] = { mtimeMs, size };
  }));
  const bundleName = `${prefix}${shortHash(code)}.mjs`;
  const bundlePath = path.join(cacheDirectory, bundleName);
  await writeAtomically(bundlePath, code);
  await writeAtomically(manifestPath, JSON.stringify({ version: MANIFEST_VERSION, entry, bundle: bundleName, inputs }));
  await removeReplacedBundles(cacheDirectory, prefix, bundleName);
  return bundlePath;
}

/**
 * Imports `entry` (an absolute path to a .ts/.js module) from a bundle that is rebuilt whenever any of
 * its inputs changed, and returns the module namespace. `options.cacheDirectory` overrides the cache
 * folder (tests use a temp folder).
 */
export async function loadBundled(entry, options = {}) {
  const entryPath = path.resolve(entry);
  const cacheDirectory = options.cacheDirectory ?? (await defaultCacheDirectory());
  await mkdir(cacheDirectory, { recursive: true });
  const prefix = `${path.basename(entryPath).replace(/\.[^.]+$/, '')}-${shortHash(entryPath)}-`;
  const manifestPath = path.join(cacheDirectory, `${prefix}manifest.json`);
  const bundlePath = (await freshBundle(manifestPath, cacheDirectory)) ?? (await build(entryPath, cacheDirectory, prefix, manifestPath));
  return import(pathToFileURL(bundlePath).href);
}
