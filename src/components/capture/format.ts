/** Display formatting for the capture widget (numbers for people, not for machines). */
import type { Conversation, ConversationState, TlsAlert } from '../../lib/capture/report';
import { formatCount, NUMBER_UNIT_SPACE } from '../../lib/capture/report-words';

export { formatBytes, formatCount } from '../../lib/capture/report-words';

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

const STATE_WORDS: Record<ConversationState, string> = {
  established: 'established',
  closed: 'closed',
  'half-closed': 'half-closed',
  reset: 'reset',
  refused: 'refused',
  'no-answer': 'no answer',
  'mid-stream': 'mid-stream',
};

/**
 * The conversations a fatal TLS alert refused. Their TCP state reads "closed", as routine as an
 * ending gets, so the state names the alert beside it.
 */
export function tlsRefusedIds(alerts: readonly TlsAlert[]): Set<number> {
  return new Set(alerts.flatMap((alert) => (alert.level === 'fatal' && alert.conversationId !== null ? [alert.conversationId] : [])));
}

/** "reset (path)", "closed (TLS alert)": the state in words, with who sent the RST that ended it (the ladder's lane names) and whether a TLS alert refused it. */
export function stateLabel(conversation: Pick<Conversation, 'state' | 'resetBy'>, tlsRefused = false): string {
  const { words, side } = stateParts(conversation, tlsRefused);
  return side ? `${words} ${side}` : words;
}

/** The state and "(server)" apart, so a narrow cell can put the sender on a line of its own. */
export function stateParts(conversation: Pick<Conversation, 'state' | 'resetBy'>, tlsRefused = false): { words: string; side: string | null } {
  const notes = [conversation.resetBy, tlsRefused ? 'TLS alert' : null].filter((note) => note !== null);
  return { words: STATE_WORDS[conversation.state], side: notes.length > 0 ? `(${notes.join(', ')})` : null };
}
