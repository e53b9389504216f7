import { describe, expect, it } from 'vitest';
import { describeMatches, matchesWords, normalizeForSearch, queryWords, readFilterState, writeFilterState } from '../../../src/components/known-issues/filter-query';

const ENTRY = normalizeForSearch(`Connection actively refused
  No connection could be made because the target machine actively refused it 10.2.4.10:8060.
  The remote server returned an error: (407) Proxy Authentication Required.`);

describe('known-issues filter matching', () => {
  it('matches every word in any order and case', () => {
    expect(matchesWords(ENTRY, queryWords('REFUSED   Actively'))).toBe(true);
    expect(matchesWords(ENTRY, queryWords('refused timeout'))).toBe(false);
  });

  it('keeps punctuation so codes match as typed', () => {
    expect(matchesWords(ENTRY, queryWords('(407)'))).toBe(true);
    expect(matchesWords(ENTRY, queryWords('(408)'))).toBe(false);
    expect(matchesWords(ENTRY, queryWords('10.2.4.10:8060'))).toBe(true);
  });

  it('treats typographic quotes as straight ones, as copied from a document or a browser', () => {
    const entry = normalizeForSearch("The remote name could not be resolved: 'wu2.frontend.clouddatahub.net'");
    expect(matchesWords(entry, queryWords('resolved: \u2018wu2'))).toBe(true);
  });

  it('an empty or blank query matches everything', () => {
    expect(queryWords('   ')).toEqual([]);
    expect(matchesWords(ENTRY, queryWords(''))).toBe(true);
  });

  it('words the count for all, some and none', () => {
    expect(describeMatches(71, 71)).toBe('Showing all 71 entries.');
    expect(describeMatches(1, 71)).toBe('Showing 1 of 71 entries.');
    expect(describeMatches(0, 71)).toMatch(/^No entry matches \(0 of 71\)/);
  });
});

describe('known-issues filter in the address', () => {
  const CATEGORIES = new Set(['proxy-auth', 'connection-refused']);

  it('reads the words and a known category from a shared link', () => {
    const state = readFilterState(new URLSearchParams('?q=refused+8060&category=connection-refused'), CATEGORIES);
    expect(state).toEqual({ text: 'refused 8060', category: 'connection-refused' });
  });

  it('ignores a category the page does not have, and reads a missing filter as none', () => {
    expect(readFilterState(new URLSearchParams('category=no-such-category&q=(407)'), CATEGORIES)).toEqual({ text: '(407)', category: '' });
    expect(readFilterState(new URLSearchParams(''), CATEGORIES)).toEqual({ text: '', category: '' });
    expect(readFilterState(new URLSearchParams('q=+%20+'), CATEGORIES)).toEqual({ text: '', category: '' });
  });

  it('writes only what narrows the page, and keeps unrelated parameters', () => {
    const written = writeFilterState(new URLSearchParams('lang=en&q=old'), { text: '  (407)   proxy ', category: 'proxy-auth' }, CATEGORIES);
    expect(written.toString()).toBe('lang=en&q=%28407%29+proxy&category=proxy-auth');
    const cleared = writeFilterState(written, { text: '   ', category: 'no-such-category' }, CATEGORIES);
    expect(cleared.toString()).toBe('lang=en');
  });

  it('round-trips what it writes', () => {
    const state = { text: "resolved: 'wu2.frontend.clouddatahub.net' & more", category: 'proxy-auth' };
    expect(readFilterState(writeFilterState(new URLSearchParams(), state, CATEGORIES), CATEGORIES)).toEqual(state);
  });
});
