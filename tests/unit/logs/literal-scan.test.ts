/**
 * The one-pass literal scanner must report exactly the literals `String.prototype.includes` finds,
 * for overlapping literals, literals inside other literals, and text with non-ASCII characters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiteralScanner } from '../../../src/lib/logs/literal-scan';

const byIncludes = (literals: string[], text: string) => new Set(literals.filter((literal) => text.includes(literal)));

describe('LiteralScanner', () => {
  it('finds literals that overlap, nest or share a prefix, and only those', () => {
    const literals = ['ora-', 'ora-12541', 'a-12', '12541', 'tns:', 'host key'];
    const scanner = new LiteralScanner(literals);
    expect(scanner.scan('error ora-12541: tns:no listener')).toEqual(new Set(['ora-', 'ora-12541', 'a-12', '12541', 'tns:']));
    expect(scanner.scan('ora-1254 x host ke')).toEqual(new Set(['ora-', 'a-12']));
  });

  it('lets a non-ASCII character break a literal, as includes does', () => {
    const scanner = new LiteralScanner(['abc']);
    expect(scanner.scan('ab\u00e7 ab\u0130c')).toEqual(new Set());
    expect(scanner.scan('\u212aabc')).toEqual(new Set(['abc']));
  });

  it('refuses a literal it could not index', () => {
    expect(() => new LiteralScanner(['caf\u00e9'])).toThrow(/not ASCII/);
  });

  it('agrees with includes on random texts over a small alphabet', () => {
    const letter = fc.constantFrom('a', 'b', 'c', '-', '\u00e9');
    const word = fc.array(fc.constantFrom('a', 'b', 'c', '-'), { minLength: 1, maxLength: 5 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.array(letter, { maxLength: 200 }), (literals, chars) => {
        const text = chars.join('');
        expect(new LiteralScanner(literals).scan(text)).toEqual(byIncludes(literals, text));
      }),
      { numRuns: 500 },
    );
  });
});
