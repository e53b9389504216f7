import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GUIDE_STEPS } from '../../../src/lib/guide/steps';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { CATALOG, CATALOG_FILES } from '../../../src/lib/logs/catalog';
import { validateCatalogEntry } from '../../../src/lib/logs/catalog-schema';
import { ISSUE_CATEGORIES } from '../../../src/lib/logs/types';

const CATALOG_DIRECTORY = new URL('../../../src/content/known-issues/', import.meta.url);
const filesOnDisk = readdirSync(CATALOG_DIRECTORY).filter((name) => name.endsWith('.json')).sort();

describe('catalog files', () => {
  it('lists every JSON file of src/content/known-issues in the analyzer index, and nothing else', () => {
    expect(CATALOG_FILES.map(([name]) => name).sort()).toEqual(filesOnDisk);
  });

  it('indexes the same data as the file on disk', () => {
    for (const [name, data] of CATALOG_FILES) {
      expect(data, name).toEqual(JSON.parse(readFileSync(new URL(name, CATALOG_DIRECTORY), 'utf8')));
    }
  });

  it('holds at least 40 entries with unique ids equal to their file names', () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CATALOG.map((entry) => entry.id)).size).toBe(CATALOG.length);
    for (const [name, data] of CATALOG_FILES) expect(`${(data as { id: string }).id}.json`).toBe(name);
  });

  it.each(CATALOG_FILES.map(([name, data]) => [name, data] as const))('%s passes the shared schema', (name, data) => {
    expect(validateCatalogEntry(data, name).problems).toEqual([]);
  });

  it('links only to guide steps that exist', () => {
    const known = new Set<string>(Object.values(GUIDE_STEPS));
    for (const entry of CATALOG) for (const step of entry.steps) expect(known.has(step), `${entry.id}: ${step}`).toBe(true);
  });

  it('rules out only other entries that exist, and never two entries each other', () => {
    const byId = new Map(CATALOG.map((entry) => [entry.id, entry]));
    for (const entry of CATALOG) {
      for (const target of entry.rulesOut ?? []) {
        expect(target, entry.id).not.toBe(entry.id);
        expect(byId.has(target), `${entry.id} rules out unknown ${target}`).toBe(true);
        expect(byId.get(target)?.rulesOut ?? [], `${entry.id} <-> ${target}`).not.toContain(entry.id);
      }
    }
  });

  it('covers the main SHIR problem areas', () => {
    const used = new Set(CATALOG.map((entry) => entry.category));
    const required = ISSUE_CATEGORIES.filter((category) => category !== 'other' && category !== 'connection-refused');
    expect(required.filter((category) => !used.has(category))).toEqual([]);
  });
});

describe('catalog examples', () => {
  for (const entry of CATALOG) {
    it(`${entry.id}: every example ranks it first`, () => {
      for (const example of entry.examples) {
        const ids = analyzeLog(example).matches.map((match) => match.id);
        expect(ids[0], `example: ${example.slice(0, 160)}\nmatched: ${ids.join(', ')}`).toBe(entry.id);
      }
    });
    it(`${entry.id}: no near-miss negative matches it`, () => {
      for (const negative of entry.negatives) {
        const ids = analyzeLog(negative).matches.map((match) => match.id);
        expect(ids, `negative: ${negative}`).not.toContain(entry.id);
      }
    });
  }
});

describe('pattern cost', () => {
  // A pattern that may start at every character of a long token (e.g. one opening with [a-z]{1,63})
  // costs its whole repetition at each position; these inputs expose that within a 10 MB budget.
  const adversarial = ['a', '0', 'a-', 'a.', ' ', '\n', "'"].map((unit) => unit.repeat(Math.floor(1_000_000 / unit.length)));

  it.each(CATALOG.flatMap((entry) => entry.patterns.map((pattern) => [entry.id, pattern.pattern] as const)))('%s: %s stays linear', (_id, source) => {
    const regex = new RegExp(source, 'gi');
    for (const text of adversarial) {
      const started = performance.now();
      let found = 0;
      for (const _match of text.matchAll(regex)) if (++found > 5) break;
      expect(performance.now() - started, JSON.stringify(text.slice(0, 2))).toBeLessThan(400);
    }
  });
});

describe('schema problems are worded for the author', () => {
  const valid = CATALOG_FILES[0][1] as Record<string, unknown>;

  it('names the file, the field path and the rule', () => {
    const broken = {
      ...valid,
      id: 'Bad_Id',
      category: 'network',
      steps: ['/no/such/#step'],
      patterns: [{ pattern: '(unclosed' }, { pattern: 'a.*b' }, { pattern: '(?<server>x)y' }],
      commands: [{ purpose: 'Test it now', powershell: "Test-NetConnection '{host}' {hostname}" }],
    };
    const { problems } = validateCatalogEntry(broken, 'bad.json');
    const text = problems.join('\n');
    expect(text).toContain('bad.json: id: id must be kebab-case');
    expect(text).toMatch(/bad\.json: category: .*dns-resolution/);
    expect(text).toContain('bad.json: steps[0]: step "/no/such/#step" is not in GUIDE_STEPS');
    expect(text).toMatch(/bad\.json: patterns\[0\]\.pattern: not a valid regular expression/);
    expect(text).toContain('bad.json: patterns[1].pattern: unbounded wildcard');
    expect(text).toContain('bad.json: patterns[2].pattern: named group "server" is not one of host, port, url, ip, proxy');
    expect(text).toContain('bad.json: commands[0].powershell: placeholder {host} must not sit inside quotes');
    expect(text).toContain('bad.json: commands[0].powershell: unknown placeholder {hostname}');
  });

  it('rejects unknown fields and missing negatives', () => {
    const { negatives: _negatives, ...withoutNegatives } = valid;
    const { problems } = validateCatalogEntry({ ...withoutNegatives, severity: 'high' }, 'x.json');
    expect(problems.some((problem) => problem.startsWith('x.json: negatives:'))).toBe(true);
    expect(problems.some((problem) => problem.includes('severity'))).toBe(true);
  });
});
