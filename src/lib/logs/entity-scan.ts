/**
 * The shared ground of the entity extractors: the shape of what they find and the bounded scan they
 * all use, kept apart so each extractor module can grow without the others.
 */
import type { CodeFinding, IdFinding, TextSpan } from './types';
import type { TextView } from './text';

/** Per kind; beyond this the text is repetitive and more values add nothing. */
export const MAX_FINDINGS = 200;

export interface Located<T> extends TextSpan {
  value: T;
}

export interface EndpointFinding extends TextSpan {
  host: string;
  port: number | null;
}

export interface RawEntities {
  urls: Array<Located<string> & { host: string; port: number | null }>;
  hosts: Located<string>[];
  ips: Located<string>[];
  endpoints: EndpointFinding[];
  ports: Located<number>[];
  codes: CodeFinding[];
  exceptions: Located<string>[];
  ids: IdFinding[];
  timestamps: Located<string>[];
  /** Proxy addresses the text names ("Proxy: http://proxy:8080"), normalised to scheme://host:port. */
  proxies: Located<string>[];
}

/**
 * Matches of a pattern, at most MAX_FINDINGS * 4. A pattern may open with a literal and read what
 * precedes it in a lookbehind group named `lead` ("://" first, the scheme behind it): a pattern opening
 * with a class or a lookbehind is tried at every position of a 10 MB log, one opening with a literal
 * skips ahead to it. The lead is joined back on, so callers see the whole match at its real index.
 */
export function* scan(view: TextView, pattern: RegExp): Generator<RegExpExecArray> {
  let found = 0;
  for (const match of view.text.matchAll(pattern) as IterableIterator<RegExpExecArray>) {
    if (++found > MAX_FINDINGS * 4) return;
    const lead = match.groups?.lead;
    if (lead) {
      match[0] = lead + match[0];
      match.index -= lead.length;
    }
    yield match;
  }
}

export function spanOf(view: TextView, start: number, end: number): TextSpan {
  return { start: view.toOriginal(start), end: view.toOriginal(end) };
}

/** Start offset of capture group `group` in `match` (the group's text occurs after the prefix). */
export function groupStart(match: RegExpExecArray, group: number): number {
  return match.index + match[0].indexOf(match[group]);
}
