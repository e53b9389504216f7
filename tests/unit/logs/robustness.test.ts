import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { CATALOG } from '../../../src/lib/logs/catalog';
import type { TextSpan } from '../../../src/lib/logs/types';

/** Pieces of real errors, JSON and escape syntax, so random inputs reach the interesting paths. */
const FRAGMENTS = [
  ...CATALOG.flatMap((entry) => entry.examples.map((example) => example.slice(0, 120))),
  '{"errorCode":"2200","message":"',
  '\\"',
  '\\\\',
  '\\u0027',
  '\\r\\n',
  '\r\n                ',
  '"}',
  'Log Name: Integration Runtime\r\nDescription:\r\n',
  'TimeCreated : 1/1/2026 1:00:00 AM\r\nMessage     : ',
  ' ---> ',
  "''Type=",
  'net.tcp://[fe80::1%3]:8060/',
  '0x80090325',
];

function spansOf(report: ReturnType<typeof analyzeLog>): TextSpan[] {
  return [
    ...report.matches.flatMap((match) => match.evidence),
    ...report.highlights,
    ...report.socketErrors,
    ...report.httpStatus,
    ...report.sqlErrors,
    ...report.hresults,
    ...report.exceptionChain,
    ...report.ids,
    ...report.timestamps,
    ...report.events,
  ];
}

describe('any input', () => {
  it('is analysed without throwing, with every span inside the input', () => {
    const pieces = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 10 }));
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const input = parts.join('');
        const report = analyzeLog(input);
        for (const span of spansOf(report)) {
          expect(span.start).toBeGreaterThanOrEqual(0);
          expect(span.end).toBeGreaterThanOrEqual(span.start);
          expect(span.end).toBeLessThanOrEqual(input.length);
        }
        for (const match of report.matches) expect(match.evidence.length).toBeGreaterThan(0);
        expect(JSON.parse(JSON.stringify(report))).toEqual(report);
      }),
      { numRuns: 300 },
    );
  });
});
