/**
 * Capture timestamps as text. Times are kept as whole seconds plus nanoseconds so no
 * precision is lost to floating point; this module turns them into ISO-8601 UTC without
 * going through Date, whose range (±8.64e12 s) is smaller than what files can carry
 * (a pcapng 64-bit timestamp can name a year past 500000).
 */

const SECONDS_PER_DAY = 86_400;

/**
 * Civil date from days since 1970-01-01, after Howard Hinnant's `civil_from_days`
 * (https://howardhinnant.github.io/date_algorithms.html): exact integer arithmetic for any
 * day count a double holds exactly.
 */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * "2020-07-19T10:00:00.123456Z": `digits` sub-second digits (0..9, truncated, never rounded,
 * as capinfos prints them); no fraction when digits is 0. Years outside 0..9999 are written
 * with a sign and at least six digits, as ISO-8601's expanded form.
 */
export function formatIsoTime(tsSec: number, tsNsec: number, digits: number): string {
  const days = Math.floor(tsSec / SECONDS_PER_DAY);
  const secondOfDay = tsSec - days * SECONDS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const hours = Math.floor(secondOfDay / 3600);
  const minutes = Math.floor((secondOfDay % 3600) / 60);
  const seconds = secondOfDay % 60;
  const yearText = year >= 0 && year <= 9999 ? pad(year, 4) : (year < 0 ? '-' : '+') + pad(Math.abs(year), 6);
  const clamped = Math.max(0, Math.min(9, Math.trunc(digits)));
  const fraction = clamped === 0 ? '' : '.' + pad(tsNsec, 9).slice(0, clamped);
  // Joined, not a template literal: V8 keeps a concatenation as a tree of cons strings (~300
  // bytes for this one against ~50 flat), and reports keep two of these per conversation.
  return [yearText, '-', pad(month, 2), '-', pad(day, 2), 'T', pad(hours, 2), ':', pad(minutes, 2), ':', pad(seconds, 2), fraction, 'Z'].join('');
}

/**
 * Digits of sub-second precision for a clock that ticks `unitsPerSecond` times a second,
 * with Wireshark's thresholds (pcapng.c: >= 1e9 -> 9, >= 1e6 -> 6, >= 1e3 -> 3, >= 100 -> 2,
 * >= 10 -> 1), so a 2^-20 s clock shows 6 digits as capinfos prints it.
 */
export function precisionDigitsForRate(unitsPerSecond: number): number {
  if (unitsPerSecond >= 1e9) return 9;
  if (unitsPerSecond >= 1e6) return 6;
  if (unitsPerSecond >= 1e3) return 3;
  if (unitsPerSecond >= 100) return 2;
  if (unitsPerSecond >= 10) return 1;
  return 0;
}

/** The finest clock TickClock converts exactly: its remainder times 65536 must stay below 2^53. */
export const MAX_TICKS_PER_SECOND = 2 ** 37;

/** Integer quotient of two non-negative integers below 2^53, corrected for a quotient rounded up by the division. */
function divide(dividend: number, divisor: number): number {
  const quotient = Math.floor(dividend / divisor);
  return quotient * divisor > dividend ? quotient - 1 : quotient;
}

/**
 * Splits a 64-bit tick count, given as two unsigned 32-bit words, into whole seconds and
 * nanoseconds (truncated, as Wireshark does) with exact integer arithmetic: a long division
 * in base 2^16 keeps every intermediate below 2^53, so no BigInt and no allocation per packet.
 * Results land in `seconds` and `nanoseconds` so the hot loop reuses one object per clock.
 */
export class TickClock {
  seconds = 0;
  nanoseconds = 0;
  /** Sub-second digits a clock of this rate can show (see precisionDigitsForRate). */
  readonly digits: number;
  private readonly decimalMultiplier: number;
  private readonly decimalDivisor: number;

  /**
   * @param ticksPerSecond 10^n or 2^n, at most MAX_TICKS_PER_SECOND.
   * @param binaryExponent n when ticksPerSecond is 2^n, otherwise -1.
   */
  constructor(
    readonly ticksPerSecond: number,
    private readonly binaryExponent = -1,
  ) {
    if (!(ticksPerSecond >= 1 && ticksPerSecond <= MAX_TICKS_PER_SECOND && Number.isInteger(ticksPerSecond))) {
      throw new RangeError(`clock rate ${ticksPerSecond} outside 1..2^37`);
    }
    this.digits = precisionDigitsForRate(ticksPerSecond);
    const exactMultiple = ticksPerSecond <= 1e9 && 1e9 % ticksPerSecond === 0;
    this.decimalMultiplier = exactMultiple ? 1e9 / ticksPerSecond : 0;
    this.decimalDivisor = ticksPerSecond > 1e9 && ticksPerSecond % 1e9 === 0 ? ticksPerSecond / 1e9 : 0;
  }

  set(high: number, low: number): void {
    const divisor = this.ticksPerSecond;
    if (high < 0x200000) {
      // The whole count is below 2^53, so one exact division does (every real capture's clock today).
      const ticks = high * 4294967296 + low;
      const seconds = divide(ticks, divisor);
      this.seconds = seconds;
      this.nanoseconds = this.fraction(ticks - seconds * divisor);
      return;
    }
    let rest = high >>> 16;
    const q0 = divide(rest, divisor);
    rest = (rest - q0 * divisor) * 65536 + (high & 0xffff);
    const q1 = divide(rest, divisor);
    rest = (rest - q1 * divisor) * 65536 + (low >>> 16);
    const q2 = divide(rest, divisor);
    rest = (rest - q2 * divisor) * 65536 + (low & 0xffff);
    const q3 = divide(rest, divisor);
    rest -= q3 * divisor;
    this.seconds = ((q0 * 65536 + q1) * 65536 + q2) * 65536 + q3;
    this.nanoseconds = this.fraction(rest);
  }

  /** Nanoseconds in `ticks` (< ticksPerSecond), truncated. */
  private fraction(ticks: number): number {
    if (this.decimalMultiplier !== 0) return ticks * this.decimalMultiplier;
    if (this.decimalDivisor !== 0) return divide(ticks, this.decimalDivisor);
    // 2^n ticks a second: ns = floor(ticks * 1e9 / 2^n) = floor(ticks * 1953125 / 2^(n-9)), as 1e9 = 2^9 * 1953125.
    const shift = this.binaryExponent - 9;
    if (this.binaryExponent <= 32) return Math.floor((ticks * 1953125) / 2 ** shift);
    // ticks * 1953125 may pass 2^53 here: divide its upper and lower 16-bit parts separately.
    const upper = Math.floor(ticks / 65536) * 1953125;
    const lower = (ticks % 65536) * 1953125;
    return Math.floor((upper + Math.floor(lower / 65536)) / 2 ** (shift - 16));
  }
}
