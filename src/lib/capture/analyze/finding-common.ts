/**
 * What every finding builder shares: the per-kind cap, evidence frame lists and a few facts about
 * the runtime the wording depends on.
 */
import { ladderPackets } from '../ladder-rows';
import type { Conversation, Finding, FindingKind } from '../report';

export const MAX_PER_KIND = 25;
/** Frames quoted as evidence per finding. */
const MAX_EVIDENCE_FRAMES = 12;
export const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };
/** Names the runtime must reach through a firewall or proxy, as the guide's allowlist step lists them. */
export const RUNTIME_DOMAINS =
  /(?:^|\.)(?:frontend\.clouddatahub\.net|datafactory\.azure\.(?:net|us|cn)|frontend\.datamovement\.azure\.(?:us|cn)|servicebus\.(?:windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)|core\.windows\.net|database\.windows\.net|download\.microsoft\.com)$/i;
/**
 * A SYN or a DNS query is first retried after about a second (RFC 6298's initial retransmission
 * timeout; the Windows DNS client's first retry). A trace that ends sooner than that after it
 * cannot show that no answer came: the capture may simply have stopped first.
 */
export const ANSWER_WAIT_SECONDS = 1;

/** "the trace ends with it", "the trace ends 120 ms later", "the trace ends 1.8 s later": a wait too short to judge. */
export function traceEnd(waitedSeconds: number): string {
  return waitedSeconds === 0 ? 'the trace ends with it' : `the trace ends ${duration(Math.max(0.001, waitedSeconds))} later`;
}

/** A wait in words: "under a millisecond", "120 ms" below a second, "4.2 s" below two minutes, "18.6 min" below two hours, "24.0 h" from there. */
export function duration(seconds: number): string {
  if (seconds < 0.0005) return 'under a millisecond';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  return seconds < 7200 ? `${(seconds / 60).toFixed(1)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

/** "1 packet", "1,496,157 packets": grouped digits, as the page's own counts are written. */
export function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

export function frames(list: number[]): number[] {
  return [...new Set(list)].sort((a, b) => a - b).slice(0, MAX_EVIDENCE_FRAMES);
}

export function groupBy<T>(items: T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return [...groups.values()];
}

/** Keeps the first MAX_PER_KIND findings of each kind and remembers enough of the rest to sum them up. */
export class KindCap {
  readonly kept: Finding[] = [];
  private readonly counts = new Map<FindingKind, number>();
  private readonly overflow = new Map<FindingKind, { count: number; frames: number[]; severity: Finding['severity']; step: string }>();

  /** True when another finding of `kind` may still be listed one by one; otherwise counts it. */
  admit(kind: FindingKind, firstFrame: number, severity: Finding['severity'], step: string): boolean {
    const count = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, count);
    if (count <= MAX_PER_KIND) return true;
    const rest = this.overflow.get(kind) ?? { count: 0, frames: [], severity, step };
    rest.count++;
    if (rest.frames.length < MAX_EVIDENCE_FRAMES) rest.frames.push(firstFrame);
    if (SEVERITY_ORDER[severity] < SEVERITY_ORDER[rest.severity]) rest.severity = severity;
    this.overflow.set(kind, rest);
    return false;
  }

  add(finding: Finding): void {
    if (this.admit(finding.kind, finding.evidence.frames[0] ?? 0, finding.severity, finding.step)) this.kept.push(finding);
  }

  summaries(): Finding[] {
    return [...this.overflow].map(([kind, rest]) => ({
      kind,
      severity: rest.severity,
      summary: `${plural(rest.count, 'more finding', 'more findings')} of the kind "${kind}" are not listed one by one; the first frame of each of the first ${Math.min(rest.count, MAX_EVIDENCE_FRAMES)} is given as evidence.`,
      step: rest.step,
      evidence: { frames: frames(rest.frames) },
    }));
  }
}

/** Frames of the client's SYNs (not SYN-ACKs, not the capture's copies) the ladder holds. */
export function clientSynFrames(conversation: Conversation): number[] {
  return ladderPackets(conversation.ladder).filter((packet) => (packet.flags & 0x12) === 0x02 && packet.captureCopy !== true).map((packet) => packet.frame);
}

/** A conversation finding's evidence: the client's SYNs, then `extra` frames, and the reset's reasoning as `detail`. */
export function conversationEvidence(conversation: Conversation, extra: number[], detail?: string): Finding['evidence'] {
  return {
    frames: frames([...clientSynFrames(conversation), ...extra]),
    conversationId: conversation.id,
    ...(detail !== undefined ? { detail } : {}),
  };
}
