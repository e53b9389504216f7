/**
 * Ranks a generic transport symptom after the specific entry it explains. Clients wrap one failure
 * in several messages: SqlClient's "error occurred during the pre-login handshake" carries a
 * Win32Exception "forcibly closed" inside it, ADF's "Cannot connect to SQL Server" carries the
 * socket error, an HttpRequestException carries the WebException that carries the reset. The reset
 * or timeout is real but it is how the failure surfaced; the wrapper that names the product or the
 * step (SQL Server's TLS handshake, the SFTP server, the proxy) is what a support engineer names
 * first. Scores cannot say this: the generic entry often collects more evidence, because every layer
 * of the chain repeats "forcibly closed" in its own words.
 *
 * "The same error" is evidence close together with no record boundary between it: not a blank line,
 * not the start of another Event Viewer entry, not another timestamped line of a log. In a long
 * diagnostic log, a reset on one line and a SQL login failure an hour later are two failures, and
 * their order stays the one their evidence gives.
 */

/** Farther apart than this, two findings are not read as one error (an ADF activity error with its
 *  inner exceptions, or a .NET stack trace, stays well within it). */
const MAX_ERROR_SPAN = 20_000;

/** Where a new record starts: a blank line, an Event Viewer, Get-WinEvent or XML event entry, or a log line
 *  opening with a timestamp or the runtime's trace prefix, unless that line continues an exception
 *  ("--->", "at ...", "Caused by:"), as pipelines that stamp every line print stack traces. The first
 *  lookahead takes the whole stamp, so backtracking to a shorter one cannot slip past the second. */
const RECORD_BOUNDARY =
  /\n[ \t]*\r?\n|\n(?:Log Name:|Event Type:|TimeCreated[ \t]*:|[- \t]{0,6}<Event[\s>])|\n[> \t]{0,4}(?:\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}[\d:.,]{0,16}Z?|\d{1,2}\/\d{1,2}\/\d{2,4},? \d{1,2}:\d{2}(?::\d{2})?(?: [AP]M)?|[A-Z][a-z]{2} \d{1,2}, \d{4},? \d{1,2}:\d{2}(?::\d{2})?(?: [AP]M)?|\[\d{1,4}\][0-9A-F]{4}\.[0-9A-F]{4}::)(?![\d:.,]|Z| [AP]M)(?![ \t]{0,8}(?:--->|at |Caused by:|--- End))/;

export interface Rankable {
  /** Start offsets of the entry's evidence in the readable text, ascending. */
  starts: number[];
  generic: boolean;
}

function inOneError(text: string, first: number, second: number): boolean {
  const [from, to] = first < second ? [first, second] : [second, first];
  return to - from <= MAX_ERROR_SPAN && !RECORD_BOUNDARY.test(text.slice(from, to));
}

/** Whether some evidence of one entry and some of the other lie in one error. The nearest pair
 *  decides: a boundary between the nearest two lies between any farther two as well. */
function shareAnError(text: string, generic: Rankable, specific: Rankable): boolean {
  return generic.starts.some((start) => {
    const after = specific.starts.findIndex((candidate) => candidate >= start);
    const nearest = after === -1 ? [specific.starts[specific.starts.length - 1]] : after === 0 ? [specific.starts[0]] : [specific.starts[after - 1], specific.starts[after]];
    return nearest.some((candidate) => inOneError(text, start, candidate));
  });
}

/**
 * Reorders an already ranked list: a generic entry that shares an error with one or more specific
 * entries moves to just after the last of them, so it reads as that failure's mechanism; every other
 * entry keeps its place relative to the rest.
 */
export function rankSpecificFirst<T extends Rankable>(ranked: readonly T[], text: string): T[] {
  const specific = ranked.filter((item) => !item.generic);
  if (specific.length === 0 || specific.length === ranked.length) return [...ranked];
  const leaders: T[] = [];
  const anchorOf = new Map<T, T>();
  for (const item of ranked) {
    const partners = item.generic ? specific.filter((candidate) => shareAnError(text, item, candidate)) : [];
    if (partners.length === 0) leaders.push(item);
    else anchorOf.set(item, partners[partners.length - 1]);
  }
  // Partners are in ranked order and all of them are leaders, so the last partner is the lowest placed.
  return leaders.flatMap((leader) => [leader, ...ranked.filter((item) => anchorOf.get(item) === leader)]);
}
