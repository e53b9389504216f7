/**
 * Matches catalog entries against the readable text and ranks them. An entry's score is the sum
 * of the weights of its distinct patterns that matched, so a specific entry (which carries a
 * heavier pattern for its own wording) outranks a generic one that shares a phrase with it. An
 * entry whose evidence disproves another's cause (`rulesOut`) removes that one from the result.
 */
import { knownIssueLink } from '../guide/steps';
import type { TextView } from './text';
import type { CatalogEntry, Evidence, IssueMatch, Placeholder } from './types';
import { PLACEHOLDERS } from './types';

/** Matches recorded per pattern; enough to highlight repeats without scanning a huge log twice. */
const MAX_MATCHES_PER_PATTERN = 5;

export interface CompiledEntry {
  entry: CatalogEntry;
  patterns: Array<{ regex: RegExp; weight: number }>;
}

export function compileEntries(entries: readonly CatalogEntry[]): CompiledEntry[] {
  return entries.map((entry) => ({
    entry,
    // 'd' gives each group's offsets: a pattern that opens with its literal and captures the name before it in a
    // lookbehind (fast on a 10 MB log, see the catalog README) still shows the whole name as its evidence.
    patterns: entry.patterns.map((pattern) => ({ regex: new RegExp(pattern.pattern, 'gid'), weight: pattern.weight ?? 1 })),
  }));
}

export type Captures = Partial<Record<Placeholder, string>>;

export interface RankedMatch {
  match: IssueMatch;
  entry: CatalogEntry;
  /** Values of named groups, first occurrence of each name. */
  captures: Captures;
}

export function matchCatalog(view: TextView, compiled: readonly CompiledEntry[]): RankedMatch[] {
  const ranked: Array<RankedMatch & { order: number; first: number }> = [];
  compiled.forEach(({ entry, patterns }, order) => {
    let score = 0;
    const evidence: Evidence[] = [];
    const captures: Captures = {};
    for (const { regex, weight } of patterns) {
      regex.lastIndex = 0;
      let count = 0;
      for (const found of view.text.matchAll(regex)) {
        if (found[0].length === 0) break;
        if (count === 0) score += weight;
        const end = found.index + found[0].length;
        const start = Math.min(found.index, ...Object.values(found.indices?.groups ?? {}).map((span) => span?.[0] ?? found.index));
        evidence.push({ start: view.toOriginal(start), end: view.toOriginal(end), text: view.text.slice(start, end) });
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
  return ranked.filter(({ entry }) => !ruledOut.has(entry.id)).map(({ match, entry, captures }) => ({ match, entry, captures }));
}
