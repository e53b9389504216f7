import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIsoTime, MAX_TICKS_PER_SECOND, precisionDigitsForRate, TickClock } from '../../../../src/lib/capture/time';

/** Seconds in 400 Gregorian years: the calendar repeats with this period. */
const GREGORIAN_CYCLE_SECONDS = 146_097 * 86_400;

function viaDate(seconds: number, nanoseconds: number, digits: number): string {
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  return digits === 0 ? `${iso}Z` : `${iso}.${String(nanoseconds).padStart(9, '0').slice(0, digits)}Z`;
}

describe('formatIsoTime', () => {
  it('agrees with Date for every second Date can show as a four-digit year', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200, max: 253_402_300_799 }), fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 9 }),
        (seconds, nanoseconds, digits) => formatIsoTime(seconds, nanoseconds, digits) === viaDate(seconds, nanoseconds, digits)),
      { numRuns: 2000 },
    );
  });

  it('writes years past 9999 in the expanded form, with the same day and time as 400-year cycles earlier', () => {
    // 18446744073204 s is where pcapplusplus__pcapng-example.pcapng's unsigned timestamps land.
    const seconds = 18_446_744_073_204;
    const cycles = Math.floor(seconds / GREGORIAN_CYCLE_SECONDS);
    const inRange = viaDate(seconds - cycles * GREGORIAN_CYCLE_SECONDS, 277_451_000, 6);
    const year = Number(inRange.slice(0, 4)) + cycles * 400;
    expect(formatIsoTime(seconds, 277_451_000, 6)).toBe(`+${String(year).padStart(6, '0')}${inRange.slice(4)}`);
  });

  it('truncates, never rounds, the fraction', () => {
    expect(formatIsoTime(0, 999_999_999, 3)).toBe('1970-01-01T00:00:00.999Z');
    expect(formatIsoTime(1_595_152_800, 123_456_000, 6)).toBe('2020-07-19T10:00:00.123456Z');
  });
});

describe('TickClock', () => {
  const reference = (high: number, low: number, rate: bigint) => {
    const ticks = (BigInt(high) << 32n) | BigInt(low);
    const seconds = ticks / rate;
    const nanoseconds = ((ticks % rate) * 1_000_000_000n) / rate;
    return [seconds, nanoseconds];
  };
  const word = fc.integer({ min: 0, max: 0xffffffff });

  it.each(Array.from({ length: 12 }, (_, exponent) => exponent))('splits 10^-%i s ticks exactly', (exponent) => {
    const clock = new TickClock(10 ** exponent);
    fc.assert(
      fc.property(word, word, (high, low) => {
        clock.set(high, low);
        const [seconds, nanoseconds] = reference(high, low, 10n ** BigInt(exponent));
        // Seconds beyond 2^53 cannot be exact in a number; the clock is exact wherever the value fits.
        return (seconds > BigInt(Number.MAX_SAFE_INTEGER) || BigInt(clock.seconds) === seconds) && BigInt(clock.nanoseconds) === nanoseconds;
      }),
      { numRuns: 300 },
    );
  });

  it.each(Array.from({ length: 38 }, (_, exponent) => exponent))('splits 2^-%i s ticks exactly', (exponent) => {
    const clock = new TickClock(2 ** exponent, exponent);
    fc.assert(
      fc.property(word, word, (high, low) => {
        clock.set(high, low);
        const [seconds, nanoseconds] = reference(high, low, 1n << BigInt(exponent));
        return (seconds > BigInt(Number.MAX_SAFE_INTEGER) || BigInt(clock.seconds) === seconds) && BigInt(clock.nanoseconds) === nanoseconds;
      }),
      { numRuns: 200 },
    );
  });

  it('takes the single-division path for counts below 2^53 with the same results', () => {
    const smallHigh = fc.integer({ min: 0, max: 0x1fffff });
    for (const [rate, exponent] of [[1e6, -1], [1e9, -1], [1e7, -1], [2 ** 20, 20], [2 ** 37, 37], [1e11, -1]] as const) {
      const clock = new TickClock(rate, exponent);
      fc.assert(
        fc.property(smallHigh, word, (high, low) => {
          clock.set(high, low);
          const [seconds, nanoseconds] = reference(high, low, BigInt(rate));
          return BigInt(clock.seconds) === seconds && BigInt(clock.nanoseconds) === nanoseconds;
        }),
        { numRuns: 300 },
      );
    }
  });

  it('refuses a rate it cannot convert exactly', () => {
    expect(() => new TickClock(MAX_TICKS_PER_SECOND * 2)).toThrow(RangeError);
  });

  it.each([
    [1e9, 9],
    [2 ** 30, 9],
    [1e6, 6],
    [2 ** 20, 6],
    [1000, 3],
    [128, 2],
    [100, 2],
    [10, 1],
    [1, 0],
  ])('a %i Hz clock shows %i digits, as capinfos does', (rate, digits) => {
    expect(precisionDigitsForRate(rate)).toBe(digits);
  });
});
