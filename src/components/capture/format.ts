/** Display formatting for the capture widget (numbers for people, not for machines). */
import type { Conversation, ConversationState } from '../../lib/capture/report';

const numberFormat = new Intl.NumberFormat('en');

export function formatCount(value: number): string {
  return numberFormat.format(value);
}

/** "1 conversation", "2 conversations": a count with its noun, in the right number. */
export function countOf(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return 'under a second';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}

/** Microseconds since a conversation began, e.g. "+12.345 ms". */
export function formatOffset(microseconds: number): string {
  if (microseconds < 1000) return `+${microseconds} µs`;
  if (microseconds < 1_000_000) return `+${(microseconds / 1000).toFixed(3)} ms`;
  return `+${(microseconds / 1_000_000).toFixed(3)} s`;
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

const STATE_WORDS: Record<ConversationState, string> = {
  established: 'established',
  closed: 'closed',
  'half-closed': 'half-closed',
  reset: 'reset',
  refused: 'refused',
  'no-answer': 'no answer',
  'mid-stream': 'mid-stream',
};

/** "reset (path)": the state in words, with who sent the RST when one ended it (the ladder's lane names). */
export function stateLabel(conversation: Pick<Conversation, 'state' | 'resetBy'>): string {
  const words = STATE_WORDS[conversation.state];
  return conversation.resetBy ? `${words} (${conversation.resetBy})` : words;
}
