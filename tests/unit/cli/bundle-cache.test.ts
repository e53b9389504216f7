import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleError, loadBundled } from '../../../bin/bundle-cache.mjs';

type Loaded = { answer: () => string };

/** A small project: an entry importing a second module and a JSON file, and its own cache folder. */
function makeProject() {
  const root = mkdtempSync(join(tmpdir(), 'bundle-cache-'));
  const cacheDirectory = join(root, 'cache');
  writeFileSync(join(root, 'entry.ts'), "import { word } from './word';\nimport data from './data.json';\nexport const answer = (): string => `${word}-${data.number}`;\n");
  writeFileSync(join(root, 'word.ts'), "export const word: string = 'alpha';\n");
  writeFileSync(join(root, 'data.json'), '{ "number": 1 }\n');
  const load = async () => (await loadBundled(join(root, 'entry.ts'), { cacheDirectory })) as Loaded;
  const bundles = () => readdirSync(cacheDirectory).filter((name) => name.endsWith('.mjs')).sort();
  const manifest = () => readdirSync(cacheDirectory).find((name) => name.endsWith('manifest.json'))!;
  return { root, cacheDirectory, load, bundles, manifest };
}

/** Moves a file's mtime forward so a rewrite is seen even on file systems with coarse timestamps. */
function rewrite(file: string, text: string) {
  const before = statSync(file).mtime;
  writeFileSync(file, text);
  utimesSync(file, before, new Date(before.getTime() + 5000));
}

describe('loadBundled', () => {
  it('builds on first load and reuses the bundle while the inputs are unchanged', async () => {
    const project = makeProject();
    expect((await project.load()).answer()).toBe('alpha-1');
    const [bundle] = project.bundles();
    const built = statSync(join(project.cacheDirectory, bundle));
    const manifestBefore = readFileSync(join(project.cacheDirectory, project.manifest()), 'utf8');

    expect((await project.load()).answer()).toBe('alpha-1');
    expect(project.bundles()).toEqual([bundle]);
    const reused = statSync(join(project.cacheDirectory, bundle));
    expect([reused.ino, reused.mtimeMs]).toEqual([built.ino, built.mtimeMs]);
    expect(readFileSync(join(project.cacheDirectory, project.manifest()), 'utf8')).toBe(manifestBefore);
    expect(Object.keys(JSON.parse(manifestBefore).inputs).sort()).toEqual(['data.json', 'entry.ts', 'word.ts'].map((name) => join(project.root, name)));
  });

  it('rebuilds when an imported module changes', async () => {
    const project = makeProject();
    await project.load();
    rewrite(join(project.root, 'word.ts'), "export const word: string = 'beta';\n");
    expect((await project.load()).answer()).toBe('beta-1');
  });

  it('rebuilds when an imported JSON file changes', async () => {
    const project = makeProject();
    await project.load();
    rewrite(join(project.root, 'data.json'), '{ "number": 2 }\n');
    expect((await project.load()).answer()).toBe('alpha-2');
  });

  it('rebuilds when only the mtime changed (same size), writing a fresh manifest', async () => {
    const project = makeProject();
    await project.load();
    const manifestPath = join(project.cacheDirectory, project.manifest());
    const before = readFileSync(manifestPath, 'utf8');
    rewrite(join(project.root, 'word.ts'), "export const word: string = 'gamma';\n");
    expect((await project.load()).answer()).toBe('gamma-1');
    expect(readFileSync(manifestPath, 'utf8')).not.toBe(before);
  });

  it('rebuilds when the manifest is corrupt or missing', async () => {
    const project = makeProject();
    await project.load();
    const manifestPath = join(project.cacheDirectory, project.manifest());
    writeFileSync(manifestPath, '{ not json');
    expect((await project.load()).answer()).toBe('alpha-1');
    expect(JSON.parse(readFileSync(manifestPath, 'utf8')).version).toBe(1);
  });

  it('serves two concurrent loads of a changed entry', async () => {
    const project = makeProject();
    await project.load();
    rewrite(join(project.root, 'word.ts'), "export const word: string = 'delta';\n");
    const [first, second] = await Promise.all([project.load(), project.load()]);
    expect([first.answer(), second.answer()]).toEqual(['delta-1', 'delta-1']);
    expect(readdirSync(project.cacheDirectory).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it("gives each module its own source's import.meta.url, not the bundle's", async () => {
    const project = makeProject();
    writeFileSync(join(project.root, 'word.ts'), 'export const word: string = import.meta.url;\n');
    expect((await project.load()).answer()).toBe(`file://${join(project.root, 'word.ts')}-1`);
  });

  it('throws a BundleError naming the file and line when a source does not compile', async () => {
    const project = makeProject();
    writeFileSync(join(project.root, 'word.ts'), 'export const word = ;\n');
    const failure = project.load();
    await expect(failure).rejects.toBeInstanceOf(BundleError);
    await expect(failure).rejects.toThrow(/word\.ts:1:/);
  });
});
