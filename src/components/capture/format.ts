/** Display formatting for the capture widget (numbers for people, not for machines). */
import { formatCount, NUMBER_UNIT_SPACE } from '../../lib/capture/report-words';

// The state's words are the Markdown export's too, so they live beside it in lib.
export { formatBytes, formatCount, stateLabel, stateParts, tlsRefusedIds } from '../../lib/capture/report-words';

/** "1 conversation", "2 conversations": a count with its noun, in the right number. */
export function countOf(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return 'under a second';
  if (seconds < 60) return `${Math.round(seconds)}${NUMBER_UNIT_SPACE}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}${NUMBER_UNIT_SPACE}min ${Math.round(seconds % 60)}${NUMBER_UNIT_SPACE}s`;
}

/** Microseconds since a conversation began, e.g. "+12.345 ms". */
export function formatOffset(microseconds: number): string {
  if (microseconds < 1000) return `+${microseconds}${NUMBER_UNIT_SPACE}µs`;
  if (microseconds < 1_000_000) return `+${(microseconds / 1000).toFixed(3)}${NUMBER_UNIT_SPACE}ms`;
  return `+${(microseconds / 1_000_000).toFixed(3)}${NUMBER_UNIT_SPACE}s`;
}

const FLAG_NAMES: Array<[number, string]> = [
  [2, 'SYN'],
  [4, 'RST'],
  [1, 'FIN'],
  [8, 'PSH'],
  [16, 'ACK'],
  [32, 'URG'],
  [64, 'ECE'],
  [128, 'CWR'],
];

/** "SYN, ACK", in the order Wireshark prints them, dropping the URG/ECE/CWR noise unless set. */
export function formatFlags(flags: number): string {
  const names = FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
  return names.length > 0 ? names.join(', ') : 'none';
}
