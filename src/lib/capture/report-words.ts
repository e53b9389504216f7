/**
 * Words and groupings the page and the Markdown export share, so a reader comparing the two sees
 * the same labels, units and reset groups (no DOM here: the export runs in Node as well).
 */
import type { CaptureFormat } from './records';
import { resetClosingNote, type CaptureReport, type Conversation, type ConversationState, type Finding, type ResetRecord, type TlsAlert } from './report';

export const SEVERITY_LABEL: Record<Finding['severity'], string> = { error: 'Problem', warning: 'Warning', info: 'Note' };

/** A no-break space keeps a number on the same line as its unit ("832 B", never "832⏎B"). */
export const NUMBER_UNIT_SPACE = '\u00a0';

/**
 * "4.0 s" with a no-break space: the findings' prose (written for the CLI as well) uses plain
 * spaces, and on a phone "4.0⏎s" broke a duration in two.
 */
export function keepUnitsWithNumbers(text: string): string {
  return text.replace(/(\d) (µs|ms|s|min|B|KiB|MiB|GiB|TiB)(?![\p{L}\d])/gu, `$1${NUMBER_UNIT_SPACE}$2`);
}

const numberFormat = new Intl.NumberFormat('en');

/** "5,870": counts are grouped by thousands wherever a person reads them. */
export function formatCount(value: number): string {
  return numberFormat.format(value);
}

const FORMAT_WORDS: Record<CaptureFormat, string> = { pcap: 'pcap', pcapng: 'pcapng', netmon: 'Network Monitor', snoop: 'snoop' };

/** "Network Monitor 2.3": the name the file list uses for the format, with its version. */
export function formatName(format: CaptureFormat, version?: string): string {
  return version ? `${FORMAT_WORDS[format]} ${version}` : FORMAT_WORDS[format];
}

/**
 * "06:38:57.692309": the time of day from the report's ISO time, to the microsecond, as tshark
 * prints it. Nanosecond digits only crowd a table; the date stands once, in the summary.
 */
export function timeOfDay(iso: string): string {
  const match = /T(\d{2}:\d{2}:\d{2})(\.\d{1,6})?\d*Z?$/.exec(iso);
  return match ? `${match[1]}${match[2] ?? ''}` : iso;
}

/** "2016-09-06 06:38:40.333341 UTC": a whole timestamp to the microsecond, for the summary lines. */
export function timestampText(iso: string): string {
  const date = /^(\d{4}-\d{2}-\d{2})T/.exec(iso);
  return date ? `${date[1]} ${timeOfDay(iso)} UTC` : iso;
}

/** Binary units, named as such: the file sizes a reader compares with Explorer or ls -lh. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}${NUMBER_UNIT_SPACE}B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)}${NUMBER_UNIT_SPACE}${units[unit]}`;
}

/** "Frame 5" or "Frames 5, 9": the word agrees with the count. */
export function framesWord(count: number): string {
  return count === 1 ? 'Frame' : 'Frames';
}

/** Which end of its conversation a reset claims to come from. */
export type ResetSide = 'client' | 'server';

export interface ResetGroup {
  sentBy: ResetRecord['sentBy'];
  /** The end the RST's addresses name; null when its conversation is not in the report. */
  side: ResetSide | null;
  /** The reasoning every reset in the group shares, said once. */
  explanation: string;
  closing: ReturnType<typeof resetClosingNote>;
  /** The claimed sender itself finished a close the other end had begun: nothing to chase. */
  routine: boolean;
  /** Every reset answered a SYN (its conversation was refused): a closed port, or a device refusing for it. */
  refusing: boolean;
  /**
   * The claimed sender's address, when another group would read the same without it (two hosts
   * whose resets are explained alike); null otherwise, or when the group's resets name several.
   */
  sender: string | null;
  /** In frame order. */
  resets: ResetRecord[];
}

/** "sent by the server": "the peer" left the reader to work out which end that was. */
function senderWords(group: Pick<ResetGroup, 'sentBy' | 'side' | 'sender'>): string {
  const address = group.sender === null ? '' : ` ${group.sender}`;
  const side = `${group.side ?? 'peer'}${address}`;
  if (group.sentBy === 'path') return group.side ? `from a device on the path, posing as the ${side}` : 'from a device on the path';
  if (group.sentBy === 'unknown') return group.side ? `claiming to come from the ${side} (sender unknown)` : `sender${address} unknown`;
  return `sent by the ${side}`;
}

/**
 * Every group that may matter is read at once: path resets, refusals, any reset not part of a
 * routine close (the page shows its first rows and offers the rest), and a lone reset. A run of
 * routine closes, often dozens alike, is folded to its headline and frame numbers until asked for.
 */
export function groupStartsOpen(group: ResetGroup): boolean {
  return !group.routine || group.resets.length === 1;
}

/** The headline without its count or sender's address: what two groups may share. */
function headlineWords(group: ResetGroup, withSender: boolean): string {
  const refusing = group.refusing ? ', refusing the connection' : '';
  const closing = group.closing ? `, ${group.closing.label}` : '';
  return `${senderWords(withSender ? group : { ...group, sender: null })}${refusing}${closing}${group.routine ? ' — routine' : ''}`;
}

/** "29 resets sent by the server, answering a FIN — routine". */
export function resetGroupHeadline(group: ResetGroup): string {
  const count = group.resets.length;
  return `${count} ${count === 1 ? 'reset' : 'resets'} ${headlineWords(group, true)}`;
}

/** Endings that are how programs routinely drop a connection; a request left unanswered is not one. */
const ROUTINE_ENDINGS: ReadonlySet<ResetRecord['ending']> = new Set(['session-end', 'ldap-unbind', 'idle', 'port-check']);

/** Whether a reset is a routine abortive close: sent by the end it names, finishing a close under way or ending the connection in a routine way. */
export function isRoutineReset(reset: ResetRecord): boolean {
  return reset.sentBy === 'peer' && (reset.afterPeerFin || reset.crossedPeerFin || reset.afterOwnFin || ROUTINE_ENDINGS.has(reset.ending));
}

/** The end a reset's source address and port belong to, in its conversation. */
export function resetSide(reset: ResetRecord, conversations: ReadonlyMap<number, Conversation>): ResetSide | null {
  const conversation = conversations.get(reset.conversationId);
  if (!conversation) return null;
  return reset.src === conversation.serverAddress && reset.srcPort === conversation.serverPort ? 'server' : 'client';
}

export function conversationsById(conversations: readonly Conversation[]): Map<number, Conversation> {
  return new Map(conversations.map((conversation) => [conversation.id, conversation]));
}

/**
 * Resets that share their whole explanation (same claimed sender and end, same TTL verdict, same
 * way of meeting the other end's close) told once: a Windows domain trace holds dozens of
 * identical abortive closes, and repeating the reasoning per packet buried the one reset that
 * mattered. Path resets come first, then the others by how unusual they are, then by first frame.
 */
export function groupResets(resets: readonly ResetRecord[], conversations: readonly Conversation[]): ResetGroup[] {
  const byId = conversationsById(conversations);
  const groups = new Map<string, ResetGroup>();
  for (const reset of [...resets].sort((left, right) => left.frame - right.frame)) {
    const closing = resetClosingNote(reset);
    const side = resetSide(reset, byId);
    const refusing = byId.get(reset.conversationId)?.state === 'refused';
    const key = `${reset.sentBy}\u0000${side}\u0000${reset.explanation}\u0000${closing?.label ?? ''}\u0000${refusing}`;
    const group = groups.get(key);
    if (group) group.resets.push(reset);
    else groups.set(key, { sentBy: reset.sentBy, side, explanation: reset.explanation, closing, routine: isRoutineReset(reset), refusing, sender: null, resets: [reset] });
  }
  const concern = (group: ResetGroup) => (group.sentBy === 'path' ? 0 : group.routine ? 2 : 1);
  const sorted = [...groups.values()].sort((left, right) => concern(left) - concern(right) || left.resets[0].frame - right.resets[0].frame);
  // Groups part only on their explanation, which names the sender: say whose resets each holds.
  const alike = new Map<string, number>();
  for (const group of sorted) alike.set(headlineWords(group, false), (alike.get(headlineWords(group, false)) ?? 0) + 1);
  for (const group of sorted) {
    const senders = new Set(group.resets.map((reset) => reset.src));
    if (alike.get(headlineWords(group, false))! > 1 && senders.size === 1) group.sender = group.resets[0].src;
  }
  return sorted;
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

/** How a conversation's ending reads: a finding's severity, or null when nothing about it stands out. */
export type Concern = Finding['severity'] | null;

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

function worse(left: Concern, right: Concern): Concern {
  if (left === null) return right;
  if (right === null) return left;
  return SEVERITY_RANK[left] <= SEVERITY_RANK[right] ? left : right;
}

/**
 * Each conversation's concern as the findings judge it, so the table does not paint a routine
 * abortive close in the colour of a refused connection. A finding names the conversations it
 * tells (conversationIds, or its one conversationId); past its list, or beyond the findings listed
 * one by one, a conversation takes the severity of one with the same outcome (client, server,
 * state, who reset, how). What no finding covers falls back on the reset records: a path reset or
 * a refusal is a problem, an abortive close routine, any other reset worth a look.
 */
export function conversationConcerns(report: Pick<CaptureReport, 'findings' | 'tcp'>): Map<number, Concern> {
  const resetsOf = new Map<number, ResetRecord[]>();
  for (const reset of report.tcp.resets) resetsOf.set(reset.conversationId, [...(resetsOf.get(reset.conversationId) ?? []), reset]);
  const outcome = (conversation: Conversation) => {
    const resets = resetsOf.get(conversation.id) ?? [];
    return [conversation.clientAddress, conversation.server, conversation.state, conversation.resetBy, resets.every(isRoutineReset) && resets.length > 0].join('\u0000');
  };
  const byFinding = new Map<number, Concern>();
  for (const finding of report.findings) {
    const { conversationId, conversationIds } = finding.evidence;
    for (const id of conversationIds ?? (conversationId === undefined ? [] : [conversationId])) byFinding.set(id, worse(byFinding.get(id) ?? null, finding.severity));
  }
  const byOutcome = new Map<string, Concern>();
  for (const conversation of report.tcp.conversations) {
    const found = byFinding.get(conversation.id);
    if (found !== undefined) byOutcome.set(outcome(conversation), worse(byOutcome.get(outcome(conversation)) ?? null, found));
  }
  const concerns = new Map<number, Concern>();
  for (const conversation of report.tcp.conversations) {
    const judged = byFinding.get(conversation.id) ?? byOutcome.get(outcome(conversation));
    concerns.set(conversation.id, judged !== undefined ? judged : fallbackConcern(conversation, resetsOf.get(conversation.id) ?? []));
  }
  return concerns;
}

function fallbackConcern(conversation: Conversation, resets: ResetRecord[]): Concern {
  if (conversation.state === 'refused' || conversation.state === 'no-answer' || conversation.resetBy === 'path') return 'error';
  if (conversation.state !== 'reset') return conversation.synRetransmits > 0 ? 'warning' : null;
  return resets.length > 0 && resets.every(isRoutineReset) ? 'info' : 'warning';
}
