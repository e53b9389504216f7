/**
 * Matching for the known-issues filter. Pure, so unit tests check it without a browser.
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

/** "12 of 71 entries" / "1 of 71 entries" / the empty case, worded for the polite live region. */
export function describeMatches(shown: number, total: number): string {
  if (shown === 0) return `No entry matches (0 of ${total}). Use fewer words, another category, or paste the whole error into the log analyzer.`;
  if (shown === total) return `Showing all ${total} entries.`;
  return `Showing ${shown} of ${total} entries.`;
}
