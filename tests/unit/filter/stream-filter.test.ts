import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamFilter } from '../../../src/components/capture/stream-filter';
import { compileFilter } from '../../../src/lib/filter';
import { conversation } from './conversations';

const conversations = Array.from({ length: 80 }, (_, id) => conversation({ id, clientAddress: '10.0.0.5', serverAddress: '10.0.0.9', clientPort: 50000 + id }));

describe('streamFilter', () => {
  it('writes runs of three or more as ranges, shorter runs as single ids, in order', () => {
    expect(streamFilter([7, 0, 2, 3, 4, 6])).toBe('tcp.stream in {0 2..4 6 7}');
    expect(streamFilter([5, 5, 6])).toBe('tcp.stream in {5 6}');
  });

  it('keeps exactly the conversations it was given, through the filter box\'s own parser', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 79 }), { minLength: 1, maxLength: 80 }), (ids) => {
        const compiled = compileFilter(streamFilter(ids));
        if (!compiled.ok) throw new Error(`${streamFilter(ids)}: ${compiled.problem.message}`);
        const kept = conversations.filter(compiled.matches).map((match) => match.id);
        expect(kept).toEqual([...ids].sort((left, right) => left - right));
      }),
    );
  });
});
