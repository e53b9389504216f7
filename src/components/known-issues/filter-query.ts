/**
 * Matching for the known-issues filter, and its form in the page address. Pure, so unit tests
 * check it without a browser.
 *
 * A query matches an entry when every word of it occurs somewhere in the entry's text, in any order:
 * readers type fragments they remember ("refused 8060", "(407)"), not whole sentences. Words keep
 * their punctuation so codes such as "0x80131500" or "(407)" match exactly.
 */

/** Lower case, straight quotes and single spaces, so a message copied from Word or a browser still matches. */
export function normalizeForSearch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

export function queryWords(query: string): string[] {
  const normalized = normalizeForSearch(query);
  return normalized === '' ? [] : normalized.split(' ');
}

/** `entryText` must already be normalized (entries are normalized once, queries on every keystroke). */
export function matchesWords(entryText: string, words: readonly string[]): boolean {
  return words.every((word) => entryText.includes(word));
}

/** How many of the words a title holds: an entry whose title names what was typed is the likeliest one. */
export function titleHits(normalizedTitle: string, words: readonly string[]): number {
  return words.filter((word) => normalizedTitle.includes(word)).length;
}

/** Matching entries with the most title hits first; ties keep the page's order (Array.sort is stable). */
export function rankByTitle<T extends { title: string }>(entries: readonly T[], words: readonly string[]): T[] {
  const hits = new Map(entries.map((entry) => [entry, titleHits(entry.title, words)]));
  return [...entries].sort((left, right) => (hits.get(right) ?? 0) - (hits.get(left) ?? 0));
}

/** "12 of 71 entries" / "1 of 71 entries" / the empty case, worded for the polite live region. */
export function describeMatches(shown: number, total: number): string {
  if (shown === 0) return `No entry matches (0 of ${total}). Use fewer words, another category, or paste the whole error into the log analyzer.`;
  if (shown === total) return `Showing all ${total} entries.`;
  return `Showing ${shown} of ${total} entries.`;
}

/** What the filter shows: the typed words as typed, and a category key ('' for all). */
export interface FilterState {
  text: string;
  category: string;
}

const TEXT_PARAMETER = 'q';
const CATEGORY_PARAMETER = 'category';

/** Spacing does not change what matches, so the address carries the words single-spaced. */
const tidyText = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The filter a link asks for (`?q=refused+8060&category=connection-refused`), so a support engineer
 * can send a narrowed view. A category the page does not have is ignored rather than showing nothing.
 */
export function readFilterState(parameters: URLSearchParams, categories: ReadonlySet<string>): FilterState {
  const category = parameters.get(CATEGORY_PARAMETER) ?? '';
  return {
    text: tidyText(parameters.get(TEXT_PARAMETER) ?? ''),
    category: categories.has(category) ? category : '',
  };
}

/**
 * The address parameters for a filter: other parameters are kept, and only what narrows the page is
 * written — no blank `q=`, no unknown category — so a copied link reproduces exactly this view.
 */
export function writeFilterState(parameters: URLSearchParams, state: FilterState, categories: ReadonlySet<string>): URLSearchParams {
  const written = new URLSearchParams(parameters);
  const text = tidyText(state.text);
  if (text === '') written.delete(TEXT_PARAMETER);
  else written.set(TEXT_PARAMETER, text);
  if (categories.has(state.category)) written.set(CATEGORY_PARAMETER, state.category);
  else written.delete(CATEGORY_PARAMETER);
  return written;
}
