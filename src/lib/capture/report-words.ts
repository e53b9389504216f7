/**
 * Words and groupings the page and the Markdown export share, so a reader comparing the two sees
 * the same labels, units and reset groups (no DOM here: the export runs in Node as well).
 */
import { resetClosingNote, type Finding, type ResetRecord } from './report';

export const SEVERITY_LABEL: Record<Finding['severity'], string> = { error: 'Problem', warning: 'Warning', info: 'Note' };

/** A no-break space keeps a number on the same line as its unit ("832 B", never "832⏎B"). */
export const NUMBER_UNIT_SPACE = '\u00a0';

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

export interface ResetGroup {
  sentBy: ResetRecord['sentBy'];
  /** The reasoning every reset in the group shares, said once. */
  explanation: string;
  closing: ReturnType<typeof resetClosingNote>;
  /** The claimed sender itself finished a close the other end had begun: nothing to chase. */
  routine: boolean;
  /** In frame order. */
  resets: ResetRecord[];
}

const SENDER_WORDS: Record<ResetRecord['sentBy'], string> = {
  path: 'from a device on the path',
  peer: 'sent by the peer',
  unknown: 'sender unknown',
};

/**
 * A lone reset, or any from a path device, is read at once; a run of identical ones (routine
 * closes, most often) is folded to its headline and frame numbers until asked for.
 */
export function groupStartsOpen(group: ResetGroup): boolean {
  return group.sentBy === 'path' || group.resets.length === 1;
}

/** "29 resets sent by the peer, answering a FIN — routine". */
export function resetGroupHeadline(group: ResetGroup): string {
  const count = group.resets.length;
  const noun = count === 1 ? 'reset' : 'resets';
  const closing = group.closing ? `, ${group.closing.label}` : '';
  return `${count} ${noun} ${SENDER_WORDS[group.sentBy]}${closing}${group.routine ? ' — routine' : ''}`;
}

/**
 * Resets that share their whole explanation (same claimed sender, same TTL verdict, same way of
 * meeting the other end's close) told once: a Windows domain trace holds dozens of identical
 * abortive closes, and repeating the reasoning per packet buried the one reset that mattered.
 * Path resets come first, then the others by how unusual they are, then by their first frame.
 */
export function groupResets(resets: readonly ResetRecord[]): ResetGroup[] {
  const groups = new Map<string, ResetGroup>();
  for (const reset of [...resets].sort((left, right) => left.frame - right.frame)) {
    const closing = resetClosingNote(reset);
    const key = `${reset.sentBy}\u0000${reset.explanation}\u0000${closing?.label ?? ''}`;
    const group = groups.get(key);
    if (group) group.resets.push(reset);
    else groups.set(key, { sentBy: reset.sentBy, explanation: reset.explanation, closing, routine: reset.sentBy === 'peer' && closing !== null, resets: [reset] });
  }
  const concern = (group: ResetGroup) => (group.sentBy === 'path' ? 0 : group.routine ? 2 : 1);
  return [...groups.values()].sort((left, right) => concern(left) - concern(right) || left.resets[0].frame - right.resets[0].frame);
}
