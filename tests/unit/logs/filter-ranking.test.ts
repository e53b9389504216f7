import { describe, expect, it } from 'vitest';
import { matchesWords, normalizeForSearch, queryWords, rankByTitle, titleHits } from '../../../src/components/known-issues/filter-query';
import { CATALOG } from '../../../src/lib/logs/catalog';

/** The catalog as the known-issues filter reads it: each entry's title, and the words it can match. */
const pageEntries = CATALOG.map((entry) => ({
  id: entry.id,
  title: normalizeForSearch(entry.title),
  text: normalizeForSearch([entry.title, entry.category, ...entry.symptoms, entry.cause].join(' ')),
}));

function rankedIds(query: string): string[] {
  const words = queryWords(query);
  return rankByTitle(
    pageEntries.filter((entry) => matchesWords(entry.text, words)),
    words,
  ).map((entry) => entry.id);
}

describe('ordering the matching titles', () => {
  it('puts the entry whose title holds every typed word first', () => {
    const ranked = rankedIds('port 8060 refused');
    expect(ranked.length).toBeGreaterThan(1);
    expect(ranked[0]).toBe('node-8060-refused');
  });

  it('ranks by title hits, keeping page order among equals', () => {
    const words = queryWords('8060 refused');
    const ranked = rankByTitle(
      pageEntries.filter((entry) => matchesWords(entry.text, words)),
      words,
    );
    const hits = ranked.map((entry) => titleHits(entry.title, words));
    expect(hits).toEqual([...hits].sort((left, right) => right - left));
    for (let index = 1; index < ranked.length; index += 1) {
      if (hits[index] === hits[index - 1]) {
        expect(pageEntries.indexOf(ranked[index])).toBeGreaterThan(pageEntries.indexOf(ranked[index - 1]));
      }
    }
  });

  it('leaves the order alone when no title holds a word', () => {
    const entries = [{ title: 'alpha' }, { title: 'beta' }, { title: 'gamma' }];
    expect(rankByTitle(entries, ['zeta'])).toEqual(entries);
  });
});
