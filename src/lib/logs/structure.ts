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

type EventFields = Omit<EventRecord, 'start' | 'end'>;
type EventField = keyof Omit<EventFields, 'description'>;

interface EventLayout {
  /** Where one entry starts. */
  start: RegExp;
  /** The entry's fields, from its block of text (which runs to the next entry's start). */
  read(block: string): EventFields;
}

/**
 * A layout of labelled header lines ("Event ID: 7031") followed by the message.
 * `fields`: header labels (lower case, spaces removed) and the field each fills; `message`: the label
 * after which the message text follows; `messageEnd`: where the message ends inside the block.
 */
function labelledLayout(start: RegExp, fields: Record<string, EventField>, message: RegExp, messageEnd: RegExp): EventLayout {
  return {
    start,
    read(block) {
      const record: EventFields = {};
      const messageLabel = message.exec(block);
      const header = messageLabel ? block.slice(0, messageLabel.index) : block.slice(0, 2000);
      for (const line of header.split(/\r?\n/)) {
        const field = /^([A-Za-z ]{2,24}?)[ \t]*:[ \t]*(.*)$/.exec(line.trim());
        const key = field ? fields[field[1].replace(/ /g, '').toLowerCase()] : undefined;
        if (field && key) record[key] = field[2].trim();
      }
      if (messageLabel) {
        const text = block.slice(messageLabel.index + messageLabel[0].length);
        const end = messageEnd.exec(text);
        const description = (end ? text.slice(0, end.index) : text).trim();
        if (description) record.description = description.slice(0, 4000);
      }
      return record;
    },
  };
}

/** Windows' numeric levels as Event Viewer names them (0 is "LogAlways", shown as Information). */
const XML_LEVELS: Record<string, string> = { '0': 'Information', '1': 'Critical', '2': 'Error', '3': 'Warning', '4': 'Information', '5': 'Verbose' };

function xmlText(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/**
 * The event as XML: Event Viewer's XML view (its "- " tree markers included), `wevtutil qe /f:xml`
 * or the "Event Xml:" part of a copied entry. The message is the rendered one when the XML carries it
 * (RenderedXml); otherwise the insertion strings of EventData, which name what the message would
 * (the service, the error), stand in for it.
 */
const xmlLayout: EventLayout = {
  start: /<Event[\s>]/gi,
  read(block) {
    const close = block.search(/<\/Event>/i);
    const xml = close === -1 ? block : block.slice(0, close);
    const element = (name: string) => new RegExp(`<${name}(?:\\s[^>]{0,400})?>([^<]{0,4000})</${name}>`, 'i').exec(xml)?.[1];
    const attribute = (name: string, attributeName: string) => new RegExp(`<${name}\\s[^>]{0,400}?\\b${attributeName}="([^"]{0,400})"`, 'i').exec(xml)?.[1];
    const record: EventFields = {};
    const values: Array<[EventField, string | undefined]> = [
      ['source', attribute('Provider', 'Name')],
      ['eventId', element('EventID')],
      ['level', element('Level')],
      ['date', attribute('TimeCreated', 'SystemTime')],
      ['logName', element('Channel')],
      ['computer', element('Computer')],
    ];
    for (const [field, value] of values) if (value !== undefined && xmlText(value)) record[field] = xmlText(value);
    if (record.level !== undefined) record.level = XML_LEVELS[record.level] ?? record.level;
    const rendered = element('Message');
    const data = [...xml.matchAll(/<Data(?:\s[^>]{0,400})?>([^<]{0,4000})<\/Data>/gi)].map((found) => xmlText(found[1])).filter(Boolean);
    const description = rendered !== undefined && xmlText(rendered) ? xmlText(rendered) : data.join('\n');
    if (description) record.description = description.slice(0, 4000);
    return record;
  },
};

const copiedAsText = labelledLayout(
  /^Log Name:/gim,
  { logname: 'logName', source: 'source', date: 'date', eventid: 'eventId', level: 'level', computer: 'computer' },
  /^Description:[ \t]*/m,
  /\r?\nEvent Xml:/,
);

const EVENT_LAYOUTS: EventLayout[] = [
  // Event Viewer, "Copy" > "Copy details as text".
  copiedAsText,
  // The older Event Viewer's copy (Windows Server 2003 and XP), still pasted from old notes and threads.
  labelledLayout(
    /^Event Type:/gim,
    { eventtype: 'level', eventsource: 'source', date: 'date', eventid: 'eventId', computer: 'computer' },
    /^Description:[ \t]*/m,
    /\r?\n[ \t]*\r?\n/,
  ),
  // PowerShell: Get-WinEvent ... | Format-List (the form our own event-log command prints).
  labelledLayout(
    /^TimeCreated[ \t]*:/gim,
    { timecreated: 'date', id: 'eventId', leveldisplayname: 'level', providername: 'source', machinename: 'computer', logname: 'logName' },
    /^Message[ \t]*:[ \t]*/m,
    /\r?\n[ \t]*\r?\n/,
  ),
  xmlLayout,
];

const MAX_EVENTS = 1000;

/** Event entries copied from Event Viewer, printed by PowerShell or exported as XML: header fields and the message. */
export function readEvents(view: TextView): EventRecord[] {
  const text = view.text;
  const found = EVENT_LAYOUTS.flatMap((layout) => positions(text, layout.start, MAX_EVENTS).map((at) => ({ at, layout }))).sort((a, b) => a.at - b.at);
  // A copied entry ends with its own XML ("Event Xml:"): one event, not two.
  const starts = found
    .filter(({ at, layout }, index) => !(layout === xmlLayout && index > 0 && found[index - 1].layout === copiedAsText && /\nEvent Xml:/.test(text.slice(found[index - 1].at, at))))
    .slice(0, MAX_EVENTS);
  return starts.map(({ at, layout }, index) => {
    const end = index + 1 < starts.length ? starts[index + 1].at : text.length;
    const block = text.slice(at, Math.min(end, at + 200_000));
    return { start: view.toOriginal(at), end: view.toOriginal(at + block.length), ...layout.read(block) };
  });
}
