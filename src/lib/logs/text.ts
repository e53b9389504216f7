/**
 * The text the analyzer reads, and the way back to the text the user pasted.
 *
 * ADF shows errors as JSON whose "message" often carries a second, escaped JSON document, so a
 * pasted error may be escaped once or twice (\" \\ \r\n \u0027). Patterns are written against the
 * plain message, so we unescape (and join wrapped console lines), but every offset we report must
 * point into what the user pasted, because the UI highlights it there.
 */

export interface TextView {
  readonly text: string;
  /** Offset in the original input of the character at `index` in `text` (index may equal length). */
  toOriginal(index: number): number;
}

const identity = (text: string): TextView => ({ text, toOriginal: (index) => index });

/**
 * A view of `parent` with every match of `pattern` replaced. Anchors record, after each
 * replacement, which parent position the next view character comes from; positions between two
 * anchors move together, so the map stays as small as the number of replacements.
 */
function rewrite(parent: TextView, pattern: RegExp, replacement: (match: string) => string): TextView | null {
  const source = parent.text;
  const parts: string[] = [];
  const anchorView: number[] = [0];
  const anchorParent: number[] = [0];
  let copiedUpTo = 0;
  let viewLength = 0;
  for (const match of source.matchAll(pattern)) {
    const replaced = replacement(match[0]);
    parts.push(source.slice(copiedUpTo, match.index), replaced);
    viewLength += match.index - copiedUpTo + replaced.length;
    copiedUpTo = match.index + match[0].length;
    anchorView.push(viewLength);
    anchorParent.push(copiedUpTo);
  }
  if (anchorView.length === 1) return null;
  parts.push(source.slice(copiedUpTo));
  return {
    text: parts.join(''),
    toOriginal(position: number): number {
      let low = 0;
      let high = anchorView.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (anchorView[middle] <= position) low = middle;
        else high = middle - 1;
      }
      return parent.toOriginal(anchorParent[low] + (position - anchorView[low]));
    },
  };
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
const ESCAPE_SEQUENCE = /\\(?:u[0-9a-fA-F]{4}|["\\/nrtbf])/g;

/** Escaped JSON leaves one of these behind; plain .NET text or Windows paths alone do not. */
const LOOKS_ESCAPED = /\\"|\\\\|\\r\\n|\\u00[0-9a-f]{2}/i;

function unescapeOnce(view: TextView): TextView | null {
  if (!LOOKS_ESCAPED.test(view.text)) return null;
  return rewrite(view, ESCAPE_SEQUENCE, (sequence) => (sequence[1] === 'u' ? String.fromCharCode(parseInt(sequence.slice(2), 16)) : SIMPLE_ESCAPES[sequence[1]]));
}

/** Up to three levels: JSON in a JSON string in a JSON string is the deepest ADF nesting seen. */
const MAX_UNESCAPE_DEPTH = 3;

/**
 * Console output (Get-WinEvent | Format-List, wrapped terminals) continues a long value on the next
 * line, indented to the value column. Stack frames are indented by three spaces only, so a line
 * break followed by eight or more blanks is a wrap, and joining it lets phrases match across it.
 */
const WRAPPED_LINE = /\r?\n[ \t]{8,200}/g;

export function readableView(input: string): TextView {
  let view = identity(input);
  for (let depth = 0; depth < MAX_UNESCAPE_DEPTH; depth++) {
    const next = unescapeOnce(view);
    if (!next) break;
    view = next;
  }
  return rewrite(view, WRAPPED_LINE, () => ' ') ?? view;
}

export interface ParsedJson {
  value: unknown;
}

/** Parses the input as JSON when it is a JSON document; strings inside that hold JSON are parsed too. */
export function parseJsonDocument(input: string): ParsedJson | null {
  const trimmed = input.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return null;
  try {
    return { value: JSON.parse(trimmed) as unknown };
  } catch {
    return null;
  }
}

/** Calls visit for every object in a parsed JSON value, descending into strings that hold JSON. */
export function walkJsonObjects(value: unknown, visit: (object: Record<string, unknown>) => void, depth = 0): void {
  if (depth > 8 || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) walkJsonObjects(item, visit, depth + 1);
    return;
  }
  if (typeof value === 'string') {
    const nested = value.length < 1_000_000 ? parseJsonDocument(value) : null;
    if (nested) walkJsonObjects(nested.value, visit, depth + 1);
    return;
  }
  if (typeof value !== 'object') return;
  const object = value as Record<string, unknown>;
  visit(object);
  for (const child of Object.values(object)) walkJsonObjects(child, visit, depth + 1);
}
