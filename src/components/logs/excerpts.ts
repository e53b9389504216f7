/**
 * Turns pasted text plus highlight offsets into plain segments the view renders as text nodes and
 * <mark> elements — never as HTML. Long pastes (up to 10 MB) are cut to windows around the
 * highlights so the page renders a few KB, not the whole log.
 */

export interface HighlightSpan {
  start: number;
  end: number;
  /** What was found there (ip, host, url, code...), or `issue:<id>` for text that matched a catalog entry. */
  kind: string;
}

export interface TextSegment {
  text: string;
  /** The most specific value covering this text (a host inside a URL shows as host); absent for plain text. */
  kind?: string;
  /** True when the text is part of a catalog match's evidence. */
  evidence?: boolean;
}

export interface Excerpt {
  /** 1-based line number of the excerpt's first character in the pasted text. */
  line: number;
  /** True when text before/after this excerpt was left out. */
  cutBefore: boolean;
  cutAfter: boolean;
  segments: TextSegment[];
}

export interface ExcerptView {
  excerpts: Excerpt[];
  /** Highlights beyond the excerpt limit, which the view counts instead of showing. */
  omittedHighlights: number;
}

export interface ExcerptLimits {
  /** Texts up to this length are shown whole. */
  wholeTextChars: number;
  /** Characters kept on each side of a highlight in a long text. */
  contextChars: number;
  maxExcerpts: number;
}

export const DEFAULT_EXCERPT_LIMITS: ExcerptLimits = { wholeTextChars: 6000, contextChars: 120, maxExcerpts: 30 };

const isEvidence = (span: HighlightSpan) => span.kind.startsWith('issue:');

export function buildExcerpts(text: string, highlights: readonly HighlightSpan[], limits: ExcerptLimits = DEFAULT_EXCERPT_LIMITS): ExcerptView {
  const spans = highlights
    .filter((span) => Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.end <= text.length && span.start < span.end)
    .slice()
    .sort((left, right) => left.start - right.start || right.end - left.end);
  if (text.length <= limits.wholeTextChars) {
    return { excerpts: [{ line: 1, cutBefore: false, cutAfter: false, segments: segmentWindow(text, 0, text.length, spans) }], omittedHighlights: 0 };
  }

  const windows: { start: number; end: number }[] = [];
  let shownValues = 0;
  for (const span of spans) {
    const start = safeBoundary(text, Math.max(0, span.start - limits.contextChars));
    const end = safeBoundary(text, Math.min(text.length, span.end + limits.contextChars));
    const last = windows[windows.length - 1];
    if (last && start <= last.end) {
      last.end = Math.max(last.end, end);
    } else {
      if (windows.length === limits.maxExcerpts) break;
      windows.push({ start, end });
    }
    if (!isEvidence(span)) shownValues++;
  }

  const excerpts: Excerpt[] = [];
  let line = 1;
  let counted = 0;
  for (const window of windows) {
    line += countNewlines(text, counted, window.start);
    counted = window.start;
    const inside = spans.filter((span) => span.end > window.start && span.start < window.end);
    excerpts.push({
      line,
      cutBefore: window.start > 0,
      cutAfter: window.end < text.length,
      segments: segmentWindow(text, window.start, window.end, inside),
    });
  }
  const values = spans.reduce((count, span) => count + (isEvidence(span) ? 0 : 1), 0);
  return { excerpts, omittedHighlights: values - shownValues };
}

/**
 * Splits [start, end) at every span boundary. Each piece takes the shortest value span covering it
 * (so a host inside a URL is marked as a host) and notes whether match evidence covers it.
 */
function segmentWindow(text: string, start: number, end: number, spans: readonly HighlightSpan[]): TextSegment[] {
  const cuts = new Set<number>([start, end]);
  for (const span of spans) {
    if (span.start > start && span.start < end) cuts.add(span.start);
    if (span.end > start && span.end < end) cuts.add(span.end);
  }
  const points = [...cuts].sort((left, right) => left - right);
  const segments: TextSegment[] = [];
  let previousValue: HighlightSpan | undefined;
  for (let index = 0; index + 1 < points.length; index++) {
    const from = points[index];
    const to = points[index + 1];
    let value: HighlightSpan | undefined;
    let evidence = false;
    for (const span of spans) {
      if (span.start > from) break;
      if (span.end < to) continue;
      if (isEvidence(span)) evidence = true;
      else if (!value || span.end - span.start < value.end - value.start) value = span;
    }
    // Pieces of one value (or of plain text) that a neighbouring span's edge split apart join up again.
    const previous = segments[segments.length - 1];
    if (previous && value === previousValue && Boolean(previous.evidence) === evidence) {
      previous.text += text.slice(from, to);
      continue;
    }
    const segment: TextSegment = { text: text.slice(from, to) };
    if (value) segment.kind = value.kind;
    if (evidence) segment.evidence = true;
    segments.push(segment);
    previousValue = value;
  }
  return segments;
}

/** Moves a cut off the middle of a surrogate pair, so an excerpt never starts or ends with half an emoji. */
function safeBoundary(text: string, index: number): number {
  if (index <= 0 || index >= text.length) return index;
  const previous = text.charCodeAt(index - 1);
  return previous >= 0xd800 && previous <= 0xdbff ? index + 1 : index;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = text.indexOf('\n', from); index !== -1 && index < to; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
