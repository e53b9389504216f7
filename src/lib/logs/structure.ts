/**
 * The shapes an error arrives in: an ADF activity error (JSON with errorCode, message,
 * failureType), a .NET exception chain ("--->", "Exception detail:", ADF's "'Type=...,Message=..."),
 * and Event Viewer entries (copied as text, or printed by Get-WinEvent | Format-List). Each reader
 * is tolerant: text that is not of its shape simply yields nothing.
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
    const message = field('message');
    if (errorCode === undefined && message === undefined) return;
    found = { errorCode, message, failureType: field('failureType'), target: field('target') };
  });
  return found;
}

/**
 * The monitoring UI's error dialog copied as text: each label on its own line with the value
 * below it ("Error code" / "2200" / "Failure type" / "User configuration issue" / "Details" / ...).
 */
export function readActivityErrorDialog(text: string): ActivityError | null {
  const errorCode = /^Error code[ \t]*\r?\n[ \t]*(\S{1,80})[ \t]*\r?$/im.exec(text)?.[1];
  if (errorCode === undefined) return null;
  const failureType = /^Failure type[ \t]*\r?\n[ \t]*([^\r\n]{1,80})/im.exec(text)?.[1].trim();
  const details = /^Details[ \t]*\r?\n([^]{1,20000}?)(?:\r?\n[ \t]*\r?\n|\r?\n(?:Source|Activity ID|Pipeline run ID)\b|$)/im.exec(text)?.[1].trim();
  return { errorCode, ...(failureType ? { failureType } : {}), ...(details ? { message: details } : {}) };
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

type EventField = 'logName' | 'source' | 'date' | 'eventId' | 'level' | 'computer';

interface EventLayout {
  /** Where one entry starts. */
  start: RegExp;
  /** Header labels (lower case, spaces removed) and the field each fills. */
  fields: Record<string, EventField>;
  /** The label after which the message text follows. */
  message: RegExp;
  /** Where the message ends inside the entry's block. */
  messageEnd: RegExp;
}

const EVENT_LAYOUTS: EventLayout[] = [
  // Event Viewer, "Copy" > "Copy details as text".
  {
    start: /^Log Name:/gim,
    fields: { logname: 'logName', source: 'source', date: 'date', eventid: 'eventId', level: 'level', computer: 'computer' },
    message: /^Description:[ \t]*/m,
    messageEnd: /\r?\nEvent Xml:/,
  },
  // The older Event Viewer's copy (Windows Server 2003 and XP), still pasted from old notes and threads.
  {
    start: /^Event Type:/gim,
    fields: { eventtype: 'level', eventsource: 'source', date: 'date', eventid: 'eventId', computer: 'computer' },
    message: /^Description:[ \t]*/m,
    messageEnd: /\r?\n[ \t]*\r?\n/,
  },
  // PowerShell: Get-WinEvent ... | Format-List (the form our own event-log command prints).
  {
    start: /^TimeCreated[ \t]*:/gim,
    fields: { timecreated: 'date', id: 'eventId', leveldisplayname: 'level', providername: 'source', machinename: 'computer', logname: 'logName' },
    message: /^Message[ \t]*:[ \t]*/m,
    messageEnd: /\r?\n[ \t]*\r?\n/,
  },
];

const MAX_EVENTS = 1000;

/** Event entries copied from Event Viewer or printed by PowerShell: header fields and the message. */
export function readEvents(view: TextView): EventRecord[] {
  const text = view.text;
  const starts = EVENT_LAYOUTS.flatMap((layout) => positions(text, layout.start, MAX_EVENTS).map((at) => ({ at, layout })))
    .sort((a, b) => a.at - b.at)
    .slice(0, MAX_EVENTS);
  return starts.map(({ at, layout }, index) => {
    const end = index + 1 < starts.length ? starts[index + 1].at : text.length;
    const block = text.slice(at, Math.min(end, at + 200_000));
    const record: EventRecord = { start: view.toOriginal(at), end: view.toOriginal(at + block.length) };
    const messageLabel = layout.message.exec(block);
    const header = messageLabel ? block.slice(0, messageLabel.index) : block.slice(0, 2000);
    for (const line of header.split(/\r?\n/)) {
      const field = /^([A-Za-z ]{2,24}?)[ \t]*:[ \t]*(.*)$/.exec(line.trim());
      const key = field ? layout.fields[field[1].replace(/ /g, '').toLowerCase()] : undefined;
      if (field && key) record[key] = field[2].trim();
    }
    if (messageLabel) {
      const message = block.slice(messageLabel.index + messageLabel[0].length);
      const messageEnd = layout.messageEnd.exec(message);
      const description = (messageEnd ? message.slice(0, messageEnd.index) : message).trim();
      if (description) record.description = description.slice(0, 4000);
    }
    return record;
  });
}
