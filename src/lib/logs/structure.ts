/**
 * The shapes an error arrives in: an ADF activity error (JSON with errorCode, message,
 * failureType), a .NET exception chain ("--->", "Exception detail:", ADF's "'Type=...,Message=..."),
 * and Event Viewer entries copied with their header fields. Each reader is tolerant: text that is
 * not of its shape simply yields nothing.
 */
import type { Located } from './entities';
import { parseJsonDocument, walkJsonObjects, type TextView } from './text';
import type { ActivityError, EventRecord, ExceptionFinding } from './types';

export function readActivityError(input: string): ActivityError | null {
  const parsed = parseJsonDocument(input);
  if (!parsed) return null;
  let found: ActivityError | null = null;
  walkJsonObjects(parsed.value, (object) => {
    if (found) return;
    const field = (name: string): string | undefined => {
      const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
      const value = key === undefined ? undefined : object[key];
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    };
    const errorCode = field('errorCode') ?? field('code');
    const message = field('message') ?? field('Message');
    if (errorCode === undefined && message === undefined) return;
    found = { errorCode, message, failureType: field('failureType'), target: field('target') };
  });
  return found;
}

/** Markers that start the next (inner) exception of a chain. */
const INNER_MARKER = /--->|''Type=|\bInner ?Exception\b|\bCaused by:/gi;
/** Markers that start a new, unrelated chain: a new event, or a blank line. */
const CHAIN_BREAK = /\n\s*\n|\bLog Name:|\bServer stack trace:/gi;

function positions(text: string, pattern: RegExp, limit: number): number[] {
  const found: number[] = [];
  for (const match of text.matchAll(pattern)) {
    found.push(match.index);
    if (found.length >= limit) break;
  }
  return found;
}

function messageAfter(text: string, end: number): string | undefined {
  const rest = text.slice(end, end + 600);
  const adf = /^,\s?Message=([^]*?)(?:,Source=|''Type=|$)/.exec(rest);
  const dotnet = /^:\s{0,3}([^]*?)(?:\s+at [\w.<>`]+[.(]|\s?--->|\r?\n|$)/.exec(rest);
  const message = (adf ?? dotnet)?.[1]?.trim();
  return message ? message : undefined;
}

/** Exceptions in order with their messages; depth counts inner-exception markers within a chain. */
export function readExceptionChain(view: TextView, exceptions: Located<string>[]): ExceptionFinding[] {
  const text = view.text;
  const inner = positions(text, INNER_MARKER, 10_000);
  const breaks = positions(text, CHAIN_BREAK, 10_000);
  const chain: ExceptionFinding[] = [];
  const seen = new Set<string>();
  let innerIndex = 0;
  let breakIndex = 0;
  let depth = 0;
  let lastStart = 0;
  for (const exception of exceptions) {
    // Exceptions carry original offsets; walk the view to find where this one sits in it.
    const at = text.indexOf(exception.value, lastStart);
    if (at === -1) continue;
    lastStart = at + exception.value.length;
    while (breakIndex < breaks.length && breaks[breakIndex] < at) {
      breakIndex++;
      depth = 0;
      while (innerIndex < inner.length && inner[innerIndex] < breaks[breakIndex - 1]) innerIndex++;
    }
    while (innerIndex < inner.length && inner[innerIndex] < at) {
      innerIndex++;
      depth++;
    }
    const key = `${exception.value}@${depth}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const message = messageAfter(text, at + exception.value.length);
    chain.push({ start: exception.start, end: exception.end, type: exception.value, depth, ...(message ? { message } : {}) });
    if (chain.length >= 50) break;
  }
  return chain;
}

const EVENT_FIELDS: Record<string, keyof EventRecord> = {
  'log name': 'logName',
  source: 'source',
  date: 'date',
  'event id': 'eventId',
  level: 'level',
  computer: 'computer',
};
const EVENT_HEADER = /^Log Name:[ \t]*(.*)$/gim;

/** Event Viewer's "Copy details as text" form: header lines, then "Description:" and the message. */
export function readEvents(view: TextView): EventRecord[] {
  const text = view.text;
  const starts = positions(text, EVENT_HEADER, 1000);
  return starts.map((start, index) => {
    const end = index + 1 < starts.length ? starts[index + 1] : text.length;
    const block = text.slice(start, Math.min(end, start + 200_000));
    const record: EventRecord = { start: view.toOriginal(start), end: view.toOriginal(start + block.length) };
    const descriptionAt = block.search(/^Description:/m);
    const header = descriptionAt === -1 ? block.slice(0, 2000) : block.slice(0, descriptionAt);
    for (const line of header.split(/\r?\n/)) {
      const field = /^([A-Za-z ]{2,20}):[ \t]*(.*)$/.exec(line.trim());
      const key = field ? EVENT_FIELDS[field[1].toLowerCase()] : undefined;
      if (field && key && key !== 'start' && key !== 'end') (record[key] as string) = field[2].trim();
    }
    if (descriptionAt !== -1) {
      const description = block.slice(descriptionAt).replace(/^Description:[ \t]*/, '').replace(/\r?\nEvent Xml:[^]*$/, '').trim();
      if (description) record.description = description.slice(0, 4000);
    }
    return record;
  });
}
