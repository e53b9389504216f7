/**
 * Breaks in a ladder: where the drawing's even spacing hides time. A ladder spaces its rows alike,
 * so 13 ms and 10 s between two packets look the same; yet a silence is often the whole story (an
 * idle connection dropped, a request nobody answered, a client that gave up). A break is also
 * where a cut ladder left packets out, so that jump in time is not taken for a silence.
 */
import type { LadderPacket } from '../../lib/capture/report';
import { NUMBER_UNIT_SPACE } from '../../lib/capture/report-words';
import { countOf } from './format';

export type LadderBreak = { kind: 'silence'; microseconds: number } | { kind: 'omitted'; packets: number };

/** A silence this long is marked whatever the conversation's pace. */
const SILENCE_US = 1_000_000;
/** Shorter ones are marked when they stand out this much from the conversation's usual spacing… */
const STANDOUT_FACTOR = 10;
/** …and are long enough to matter to a person (a server's think time, a retransmission timeout). */
const STANDOUT_FLOOR_US = 200_000;

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Breaks by the index of the row they come before. `omissionRow`: the row before which a cut
 * ladder left `omitted` packets out (ladderOmissionRow), or null.
 */
export function ladderBreaks(packets: readonly LadderPacket[], omissionRow: number | null, omitted: number): Map<number, LadderBreak> {
  const breaks = new Map<number, LadderBreak>();
  const spacings: Array<{ row: number; microseconds: number }> = [];
  for (let row = 1; row < packets.length; row++) {
    if (row === omissionRow) breaks.set(row, { kind: 'omitted', packets: omitted });
    else spacings.push({ row, microseconds: packets[row].offsetUs - packets[row - 1].offsetUs });
  }
  if (spacings.length === 0) return breaks;
  const usual = median(spacings.map((spacing) => spacing.microseconds));
  for (const { row, microseconds } of spacings) {
    const standsOut = microseconds >= STANDOUT_FLOOR_US && microseconds >= usual * STANDOUT_FACTOR;
    if (microseconds >= SILENCE_US || standsOut) breaks.set(row, { kind: 'silence', microseconds });
  }
  return breaks;
}

/** "10.8 s", "350 ms", "4 min 12 s", "2 h 5 min": a silence's length to the precision a reader needs. */
export function silenceLength(microseconds: number): string {
  const unit = (value: number | string, name: string) => `${value}${NUMBER_UNIT_SPACE}${name}`;
  const milliseconds = Math.round(microseconds / 1000);
  if (milliseconds < 1000) return unit(milliseconds, 'ms');
  const seconds = microseconds / 1_000_000;
  if (seconds < 59.95) return unit(seconds.toFixed(1), 's');
  const wholeSeconds = Math.round(seconds);
  if (wholeSeconds < 3600) return `${unit(Math.floor(wholeSeconds / 60), 'min')} ${unit(wholeSeconds % 60, 's')}`;
  const minutes = Math.round(wholeSeconds / 60);
  return `${unit(Math.floor(minutes / 60), 'h')} ${unit(minutes % 60, 'min')}`;
}

/** What a break says, in the drawing and in the table: "10.8 s later", "1,234 packets left out". */
export function breakText(gap: LadderBreak): string {
  return gap.kind === 'silence' ? `${silenceLength(gap.microseconds)} later` : `${countOf(gap.packets, 'packet')} left out`;
}
