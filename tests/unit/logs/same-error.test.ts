/**
 * Where one error ends and the next record begins, for the rule that a generic symptom follows the
 * specific entry of its own error. The lines follow the shapes of real logs: a pipeline that stamps
 * every line (github.com/dotnet/SqlClient/issues/2621) and Jackett's "Aug 29, 2018 10:19:57 AM |"
 * (github.com/Jackett/Jackett/issues/3705).
 */
import { describe, expect, it } from 'vitest';
import { rankSpecificFirst } from '../../../src/lib/logs/same-error';

/** A generic reset ranked above a specific handshake entry, as scores alone would order them. */
function order(text: string): string[] {
  const reset = { id: 'reset', generic: true, starts: [text.indexOf('forcibly closed')] };
  const handshake = { id: 'handshake', generic: false, starts: [text.indexOf('pre-login handshake')] };
  return rankSpecificFirst([reset, handshake], text).map((item) => item.id);
}

describe('one error or two records', () => {
  it('reads a stamped "--->" line as the same exception, however long the stamp', () => {
    const text = '2024-06-21T15:11:50.9966702Z Error: pre-login handshake failed\n2024-06-21T15:11:50.9967743Z  ---> Win32Exception (10054): forcibly closed';
    expect(order(text)).toEqual(['handshake', 'reset']);
  });

  it('reads a stamped "at" frame after an AM/PM stamp as the same exception', () => {
    const text = 'Aug 29, 2018 10:19:57 AM | Error | pre-login handshake failed\nAug 29, 2018 10:19:57 AM    at Reader.Read(): forcibly closed';
    expect(order(text)).toEqual(['handshake', 'reset']);
  });

  it('reads another stamped line as another record, leaving the order as ranked', () => {
    const text = '2024-06-21T15:11:50.9966702Z Error: pre-login handshake failed\n2024-06-21T15:11:51.0000000Z Warning: forcibly closed';
    expect(order(text)).toEqual(['reset', 'handshake']);
  });

  it('reads evidence farther apart than one error spans as two failures', () => {
    const text = `pre-login handshake failed ${'x'.repeat(25_000)} forcibly closed`;
    expect(order(text)).toEqual(['reset', 'handshake']);
  });
});
