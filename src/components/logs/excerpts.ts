/**
 * Turns pasted text plus highlight offsets into plain segments the view renders as text nodes and
 * <mark> elements — never as HTML. Long pastes (up to 10 MB) are cut to windows around the
 * highlights so the page renders a few KB, not the whole log.
 */

export interface HighlightSpan {
  start: number;
  end: number;
  /** What was found there (ip, port, host, code...); shown as a tooltip and used for styling. */
  kind: string;
}

export interface TextSegment {
  text: string;
  /** Present when the segment is a highlighted value. */
  kind?: string;
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

export function buildExcerpts(text: string, highlights: readonly HighlightSpan[], limits: ExcerptLimits = DEFAULT_EXCERPT_LIMITS): ExcerptView {
  const spans = normaliseSpans(text, highlights);
  if (text.length <= limits.wholeTextChars) {
    return { excerpts: [{ line: 1, cutBefore: false, cutAfter: false, segments: segmentWindow(text, 0, text.length, spans) }], omittedHighlights: 0 };
  }

  const windows: { start: number; end: number }[] = [];
  let shownSpans = 0;
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
    shownSpans++;
  }

  const excerpts: Excerpt[] = [];
  let line = 1;
  let counted = 0;
  for (const window of windows) {
    line += countNewlines(text, counted, window.start);
    counted = window.start;
    excerpts.push({
      line,
      cutBefore: window.start > 0,
      cutAfter: window.end < text.length,
      segments: segmentWindow(text, window.start, window.end, spans),
    });
  }
  return { excerpts, omittedHighlights: spans.length - shownSpans };
}

/** Sorted, inside the text, non-empty and non-overlapping (a later span that overlaps is trimmed). */
function normaliseSpans(text: string, highlights: readonly HighlightSpan[]): HighlightSpan[] {
  const sorted = highlights
    .filter((span) => Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.end <= text.length && span.start < span.end)
    .slice()
    .sort((left, right) => left.start - right.start || right.end - left.end);
  const result: HighlightSpan[] = [];
  let covered = 0;
  for (const span of sorted) {
    if (span.end <= covered) continue;
    result.push(span.start < covered ? { ...span, start: covered } : span);
    covered = span.end;
  }
  return result;
}

function segmentWindow(text: string, start: number, end: number, spans: readonly HighlightSpan[]): TextSegment[] {
  const segments: TextSegment[] = [];
  let position = start;
  for (const span of spans) {
    if (span.end <= start) continue;
    if (span.start >= end) break;
    const spanStart = Math.max(span.start, start);
    const spanEnd = Math.min(span.end, end);
    if (spanStart > position) segments.push({ text: text.slice(position, spanStart) });
    segments.push({ text: text.slice(spanStart, spanEnd), kind: span.kind });
    position = spanEnd;
  }
  if (position < end) segments.push({ text: text.slice(position, end) });
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
