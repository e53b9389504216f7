import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../../src/lib/filter';
import { conversation } from './conversations';

const sample = [
  conversation({ id: 1, clientAddress: '10.0.0.5', serverAddress: '8.8.8.8', serverPort: 443, tlsServerName: 'wu2.frontend.clouddatahub.net' }),
  conversation({ id: 2, clientAddress: '10.0.0.6', serverAddress: '10.0.0.9', serverPort: 8060, state: 'refused', resetBy: 'server' }),
  conversation({ id: 3, clientAddress: 'fe80::1', serverAddress: 'fe80::2', serverPort: 80 }),
];

const atoms = fc.constantFrom(
  'ip.addr == 8.8.8.8',
  'IPv4.Address == 10.0.0.6',
  'tcp.port == 8060',
  'TCP.DstPort eq 80',
  'tcp.flags.reset == 1',
  'ipv6.addr == fe80::2',
  'ip.src != 10.0.0.5',
  'tls.handshake.extensions_server_name contains "clouddatahub"',
  'tls.handshake.extensions_server_name',
);
const expressions: fc.Arbitrary<string> = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atoms,
    tie('expression').map((inner) => `!(${inner})`),
    fc.tuple(tie('expression'), fc.constantFrom('&&', 'and', '||', 'OR'), tie('expression')).map(([left, operator, right]) => `(${left}) ${operator} (${right})`),
  ),
})).expression;

describe('filter properties', () => {
  it('never throws on arbitrary text: it compiles or reports a position inside the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const result = compileFilter(text);
        if (!result.ok) {
          expect(result.problem.start).toBeGreaterThanOrEqual(0);
          expect(result.problem.start).toBeLessThanOrEqual(text.length);
          expect(result.problem.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('"!(e)" selects exactly the conversations "e" leaves out', () => {
    fc.assert(
      fc.property(expressions, (expression) => {
        const positive = compileFilter(expression);
        const negative = compileFilter(`!(${expression})`);
        if (!positive.ok || !negative.ok) throw new Error(`did not compile: ${expression}`);
        for (const item of sample) expect(negative.matches(item)).toBe(!positive.matches(item));
      }),
      { numRuns: 300 },
    );
  });
});
