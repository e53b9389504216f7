/**
 * The text the analyzer reads, and the way back to the text the user pasted.
 *
 * ADF shows errors as JSON whose "message" often carries a second, escaped JSON document, so a
 * pasted error may be escaped once or twice (\" \\ \r\n \u0027). Patterns are written against the
 * plain message, so we unescape, but every offset we report must point into what the user pasted
 * (the UI highlights it there). An UnescapedView keeps a sparse list of anchors: after each escape
 * sequence, decoded position d maps to raw position r, and positions between anchors move together.
 */

export interface TextView {
  readonly text: string;
  /** Offset in the original input of the character at `index` in `text` (index may equal length). */
  toOriginal(index: number): number;
}

const identity = (text: string): TextView => ({ text, toOriginal: (index) => index });

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/** Escaped JSON leaves one of these behind; plain .NET text or Windows paths alone do not. */
const LOOKS_ESCAPED = /\\"|\\\\|\\r\\n|\\u00[0-9a-f]{2}/i;

function unescapeOnce(view: TextView): TextView | null {
  const source = view.text;
  if (!LOOKS_ESCAPED.test(source)) return null;
  const parts: string[] = [];
  // anchorDecoded[i] -> anchorRaw[i]: the positions right after the i-th escape sequence.
  const anchorDecoded: number[] = [0];
  const anchorRaw: number[] = [0];
  let copiedUpTo = 0;
  let decodedLength = 0;
  let index = source.indexOf('\\');
  while (index !== -1 && index < source.length - 1) {
    const next = source[index + 1];
    let replacement: string | undefined = SIMPLE_ESCAPES[next];
    let consumed = 2;
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(index + 2, index + 6))) {
      replacement = String.fromCharCode(parseInt(source.slice(index + 2, index + 6), 16));
      consumed = 6;
    }
    if (replacement === undefined) {
      index = source.indexOf('\\', index + 1);
      continue;
    }
    parts.push(source.slice(copiedUpTo, index), replacement);
    decodedLength += index - copiedUpTo + replacement.length;
    copiedUpTo = index + consumed;
    anchorDecoded.push(decodedLength);
    anchorRaw.push(copiedUpTo);
    index = source.indexOf('\\', copiedUpTo);
  }
  parts.push(source.slice(copiedUpTo));
  const text = parts.join('');
  if (text === source) return null;
  const parent = view;
  return {
    text,
    toOriginal(position: number): number {
      let low = 0;
      let high = anchorDecoded.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (anchorDecoded[middle] <= position) low = middle;
        else high = middle - 1;
      }
      return parent.toOriginal(anchorRaw[low] + (position - anchorDecoded[low]));
    },
  };
}

/** Up to three levels: JSON in a JSON string in a JSON string is the deepest ADF nesting seen. */
const MAX_UNESCAPE_DEPTH = 3;

export function readableView(input: string): TextView {
  let view = identity(input);
  for (let depth = 0; depth < MAX_UNESCAPE_DEPTH; depth++) {
    const next = unescapeOnce(view);
    if (!next) break;
    view = next;
  }
  return view;
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
