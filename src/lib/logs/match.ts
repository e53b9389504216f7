/**
 * Matches catalog entries against the readable text and ranks them. An entry's score is the sum
 * of the weights of its distinct patterns that matched, so a specific entry (which carries a
 * heavier pattern for its own wording) outranks a generic one that shares a phrase with it. An
 * entry whose evidence disproves another's cause (`rulesOut`) removes that one from the result,
 * and a generic transport symptom follows the specific entry whose error it is part of (same-error.ts).
 */
import { knownIssueLink } from '../guide/steps';
import { LiteralScanner } from './literal-scan';
import { rankSpecificFirst } from './same-error';
import type { TextView } from './text';
import type { CatalogEntry, Evidence, IssueMatch, Placeholder } from './types';
import { PLACEHOLDERS } from './types';

/** Matches recorded per pattern; enough to highlight repeats without scanning a huge log twice. */
const MAX_MATCHES_PER_PATTERN = 5;

export interface CompiledEntry {
  entry: CatalogEntry;
  /** `literals`: lower-case texts one of which every match contains; absent when none is known. */
  patterns: Array<{ regex: RegExp; weight: number; literals?: string[] }>;
}

/** Shorter literals are too common in a log to spare a scan. */
const MIN_LITERAL = 3;

/**
 * The literal each top-level alternative of a pattern opens with, lower-cased; undefined when an
 * alternative opens with anything else or too short a literal. A case-insensitive regex scan of a
 * 10 MB log costs several milliseconds per pattern even when nothing matches, while one pass of
 * literal-scan.ts finds every catalog literal in the lower-cased text at once, so a pattern whose
 * literals are all absent is skipped. Only ASCII characters are taken: under the 'i' flag without 'u' an ASCII character
 * matches only ASCII ones, so lower-casing the text cannot hide a match (it may add false
 * candidates, which merely cost the scan).
 */
export function requiredLiterals(source: string): string[] | undefined {
  const branches: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let index = 0; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') index++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) {
      branches.push(source.slice(start, index));
      start = index + 1;
    }
  }
  branches.push(source.slice(start));
  const literals = branches.map(leadingLiteral);
  return literals.every((literal) => literal.length >= MIN_LITERAL) ? literals : undefined;
}

function leadingLiteral(branch: string): string {
  let literal = '';
  let index = 0;
  while (index < branch.length) {
    const char = branch[index];
    let width = 1;
    let value = char;
    if (char === '\\') {
      // Escaped punctuation is itself; an escaped letter or digit is a class, a boundary or a back-reference.
      value = branch[index + 1] ?? '';
      // A word boundary takes no characters, so the literal runs on across it.
      if (value === 'b' || value === 'B') {
        index += 2;
        continue;
      }
      width = 2;
      if (!/^[^A-Za-z0-9]$/.test(value)) break;
    } else if ('.[](){}*+?^$|'.includes(char)) break;
    if (value.charCodeAt(0) > 127) break;
    const next = branch[index + width];
    // A quantified character may be absent or repeated: the literal ends before it.
    if (next === '?' || next === '*' || next === '{') break;
    literal += value;
    index += width;
    if (next === '+') break;
  }
  return literal.toLowerCase();
}

export function compileEntries(entries: readonly CatalogEntry[]): CompiledEntry[] {
  return entries.map((entry) => ({
    entry,
    // 'd' gives each group's offsets: a pattern that opens with its literal and captures the name before it in a
    // lookbehind (fast on a 10 MB log, see the catalog README) still shows the whole name as its evidence.
    patterns: entry.patterns.map((pattern) => ({
      regex: new RegExp(pattern.pattern, 'gid'),
      weight: pattern.weight ?? 1,
      literals: requiredLiterals(pattern.pattern),
    })),
  }));
}

export type Captures = Partial<Record<Placeholder, string>>;

export interface RankedMatch {
  match: IssueMatch;
  entry: CatalogEntry;
  /** Values of named groups, first occurrence of each name. */
  captures: Captures;
}

/** One automaton per compiled catalog, built on its first use. */
const scanners = new WeakMap<readonly CompiledEntry[], LiteralScanner>();

function scannerFor(compiled: readonly CompiledEntry[]): LiteralScanner {
  let scanner = scanners.get(compiled);
  if (!scanner) {
    scanner = new LiteralScanner(compiled.flatMap(({ patterns }) => patterns.flatMap(({ literals }) => literals ?? [])));
    scanners.set(compiled, scanner);
  }
  return scanner;
}

export function matchCatalog(view: TextView, compiled: readonly CompiledEntry[]): RankedMatch[] {
  const ranked: Array<RankedMatch & { order: number; first: number; starts: number[]; generic: boolean }> = [];
  const present = scannerFor(compiled).scan(view.text.toLowerCase());
  compiled.forEach(({ entry, patterns }, order) => {
    let score = 0;
    const evidence: Evidence[] = [];
    const captures: Captures = {};
    const starts: number[] = [];
    for (const { regex, weight, literals } of patterns) {
      if (literals && !literals.some((literal) => present.has(literal))) continue;
      regex.lastIndex = 0;
      let count = 0;
      for (const found of view.text.matchAll(regex)) {
        if (found[0].length === 0) break;
        if (count === 0) score += weight;
        const end = found.index + found[0].length;
        const start = Math.min(found.index, ...Object.values(found.indices?.groups ?? {}).map((span) => span?.[0] ?? found.index));
        evidence.push({ start: view.toOriginal(start), end: view.toOriginal(end), text: view.text.slice(start, end) });
        starts.push(start);
        for (const name of PLACEHOLDERS) {
          const value = found.groups?.[name];
          if (value !== undefined && captures[name] === undefined) captures[name] = value;
        }
        if (++count >= MAX_MATCHES_PER_PATTERN) break;
      }
    }
    if (score === 0) return;
    evidence.sort((a, b) => a.start - b.start || b.end - a.end);
    ranked.push({
      entry,
      captures,
      order,
      starts: starts.sort((a, b) => a - b),
      generic: entry.generic === true,
      first: evidence[0].start,
      match: {
        id: entry.id,
        category: entry.category,
        title: entry.title,
        step: entry.steps[0],
        steps: entry.steps,
        link: knownIssueLink(entry.id),
        cause: entry.cause,
        score,
        evidence,
      },
    });
  });
  const ruledOut = new Set(ranked.flatMap(({ entry }) => entry.rulesOut ?? []));
  ranked.sort((a, b) => b.match.score - a.match.score || a.first - b.first || a.order - b.order);
  const kept = ranked.filter(({ entry }) => !ruledOut.has(entry.id));
  return rankSpecificFirst(kept, view.text).map(({ match, entry, captures }) => ({ match, entry, captures }));
}
