// The guide grew from a public article (../shared/seed) whose facts we may reuse but whose sentences we
// may not. Error strings, commands and paths are facts and are quoted as code, so the check compares the
// prose outside code: no run of RUN_WORDS words of ours may also be a run in the article's text.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHARED_COMMANDS } from '../../../src/lib/logs/shared-commands';

const SEED_NAME = 'seed/000_6e9f020db863918a.txt';
const SEED = [
  resolve(fileURLToPath(new URL('../../../../shared', import.meta.url)), SEED_NAME),
  join('/work/shared', SEED_NAME),
].find((path) => existsSync(path));

/** Eight words: long enough that stock phrases ("the self-hosted integration runtime is") pass. */
const RUN_WORDS = 8;

function filesUnder(directory: string, extensions: readonly string[]): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) return filesUnder(full, extensions);
    return extensions.some((extension) => entry.name.endsWith(extension)) ? [full] : [];
  });
}

/** Our prose with quoted facts cut out; each cut leaves a break so no run spans it. */
function proseOf(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, '\n|\n')
    .replace(/`[^`\n]*`/g, ' | ')
    .replace(/\]\([^)]*\)/g, '] | ')
    .replace(/https?:\/\/\S+/g, ' | ')
    .replace(/^import .*$/gm, '');
}

/** Words in order, with a break marker kept as its own token so runs stop there. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9']+|\|/g) ?? [];
}

function runsOf(words: readonly string[]): Array<{ key: string; at: number }> {
  const runs: Array<{ key: string; at: number }> = [];
  for (let start = 0; start + RUN_WORDS <= words.length; start++) {
    const run = words.slice(start, start + RUN_WORDS);
    if (!run.includes('|')) runs.push({ key: run.join(' '), at: start });
  }
  return runs;
}

/** Runs of `ours` found in `theirs`, each with a little of the sentence around it for the message. */
function sharedRuns(ours: string, theirs: ReadonlySet<string>): string[] {
  const words = wordsOf(ours);
  return runsOf(words)
    .filter((run) => theirs.has(run.key))
    .map((run) => words.slice(Math.max(0, run.at - 3), run.at + RUN_WORDS + 3).join(' '));
}

interface CatalogProse {
  title: string;
  cause: string;
  commands?: Array<{ purpose: string }>;
}

function catalogProse(entry: CatalogProse): string {
  // Catalog text is shown as plain text, so it quotes error strings in double quotes, not as code.
  return [entry.title, entry.cause, ...(entry.commands ?? []).map((command) => command.purpose)].join('\n|\n').replace(/["“][^"”\n]*["”]/g, ' | ');
}

describe('the check itself', () => {
  const article = new Set(runsOf(wordsOf('Go to the Activity runs page and click the Send logs button to upload them.')).map((run) => run.key));

  it('finds a sentence carried over with small changes around it', () => {
    expect(sharedRuns(proseOf('First, go to the Activity runs page and click the Send logs button.'), article)).toHaveLength(5);
  });

  it('lets the same facts through when quoted as code or said differently', () => {
    expect(sharedRuns(proseOf('Open `Go to the Activity runs page and click the Send logs` as quoted.'), article)).toEqual([]);
    expect(sharedRuns(proseOf('On Activity runs, the Send logs button uploads them.'), article)).toEqual([]);
  });

  it('lets a catalog entry quote an error string in double quotes, as its plain text shows them', () => {
    const quoted = { title: 'Logs', cause: 'The portal says "Go to the Activity runs page and click the Send logs button" here.' };
    expect(sharedRuns(catalogProse(quoted), article)).toEqual([]);
    expect(sharedRuns(catalogProse({ ...quoted, cause: quoted.cause.replaceAll('"', '') }), article)).not.toEqual([]);
  });
});

describe.skipIf(!SEED)('guide prose is in our own words (skipped: ../shared/seed not found beside the repo)', () => {
  const seedRuns = new Set(runsOf(wordsOf(readFileSync(SEED ?? '', 'utf8'))).map((run) => run.key));
  const pages = [
    ...filesUnder('src/content/docs', ['.md', '.mdx']).map((file) => ({ file, prose: proseOf(readFileSync(file, 'utf8')) })),
    ...filesUnder('src/content/known-issues', ['.json']).map((file) => ({ file, prose: catalogProse(JSON.parse(readFileSync(file, 'utf8')) as CatalogProse) })),
    // Commands several entries share are written once, with their purposes, in the analyzer's library.
    { file: 'src/lib/logs/shared-commands.ts', prose: Object.values(SHARED_COMMANDS).map((command) => command.purpose).join('\n|\n') },
  ];

  it('reads every guide page and catalog entry', () => {
    expect(pages.filter((page) => page.file.endsWith('.mdx')).length).toBeGreaterThanOrEqual(10);
    expect(pages.filter((page) => page.file.endsWith('.json')).length).toBeGreaterThanOrEqual(70);
  });

  it.each(pages.map((page) => [page.file, page.prose] as const))('%s shares no run of words with the article', (_file, prose) => {
    expect(sharedRuns(prose, seedRuns)).toEqual([]);
  });
});
