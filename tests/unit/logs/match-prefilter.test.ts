/**
 * The literal prefilter in match.ts skips a pattern's regex scan when none of the literals it opens
 * with occurs in the text. It must only ever save time: on every text the catalog carries (examples,
 * negatives, symptoms) and on case and Unicode variants of them, the ranked result has to equal the
 * one of a scan that runs every pattern.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/lib/logs/catalog';
import { compileEntries, matchCatalog, requiredLiterals } from '../../../src/lib/logs/match';
import { readableView } from '../../../src/lib/logs/text';

const filtered = compileEntries(CATALOG);
const unfiltered = filtered.map(({ entry, patterns }) => ({ entry, patterns: patterns.map(({ regex, weight }) => ({ regex, weight })) }));
const ranking = (text: string, compiled: typeof filtered) =>
  matchCatalog(readableView(text), compiled).map(({ match, captures }) => ({ id: match.id, score: match.score, evidence: match.evidence, captures }));

describe('literal prefilter', () => {
  it('reads the literal each alternative opens with, and none when one alternative has no literal', () => {
    expect(requiredLiterals('Could not create SSL/TLS secure channel')).toEqual(['could not create ssl/tls secure channel']);
    expect(requiredLiterals("Access to '[^'\\n]{1,260}' is not allowed")).toEqual(["access to '"]);
    expect(requiredLiterals('SqlOpenConnectionTimeout|Open connection to database timeout after')).toEqual([
      'sqlopenconnectiontimeout',
      'open connection to database timeout after',
    ]);
    // A quantified character may be missing, so the literal stops before it; a boundary takes no characters.
    expect(requiredLiterals("Can.?t create JVM")).toEqual(['can']);
    expect(requiredLiterals('Couldn?t')).toEqual(['could']);
    expect(requiredLiterals('\\bJreNotFound\\b')).toEqual(['jrenotfound']);
    expect(requiredLiterals('ORA-\\d{5}')).toEqual(['ora-']);
    expect(requiredLiterals('(?:ORA|TNS)-12154\\b')).toBeUndefined();
    expect(requiredLiterals('10054\\b|WSAECONNRESET|ECONNRESET')).toEqual(['10054', 'wsaeconnreset', 'econnreset']);
    expect(requiredLiterals('ab|\\d{3}')).toBeUndefined();
    // Non-ASCII characters end the literal: 'i' without 'u' folds them in ways lower-casing does not.
    expect(requiredLiterals('Error：σ')).toEqual(['error']);
  });

  it('ranks every catalog text exactly as a scan of every pattern does', () => {
    for (const entry of CATALOG) {
      for (const text of [...entry.examples, ...entry.negatives, ...entry.symptoms]) {
        expect(ranking(text, filtered), `${entry.id}: ${text.slice(0, 80)}`).toEqual(ranking(text, unfiltered));
      }
    }
  });

  it('keeps matches whatever the case of the text, and with non-ASCII letters around it', () => {
    const texts = CATALOG.flatMap((entry) => entry.examples);
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.constantFrom('upper', 'lower', 'turkish', 'kelvin'), (text, variant) => {
        const changed =
          variant === 'upper' ? text.toUpperCase()
          : variant === 'lower' ? text.toLowerCase()
          : variant === 'turkish' ? text.replaceAll('i', 'İ').replaceAll('I', 'ı')
          : text.replaceAll('k', '\u212a');
        expect(ranking(changed, filtered)).toEqual(ranking(changed, unfiltered));
      }),
      { numRuns: 300 },
    );
  });
});
