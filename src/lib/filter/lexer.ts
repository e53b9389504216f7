/**
 * Tokens of the conversation filter language. Field names, keywords and values are all "words"
 * here: an IPv6 value such as `fe80::1` starts with letters, so only the parser, which knows
 * whether it expects a field or a value, can tell them apart. Text in double quotes (a host name
 * with hyphens, say) is a "string" token.
 */
import { FilterSyntaxError } from './errors';

export type TokenKind =
  | 'word'
  | 'string'
  | 'and'
  | 'or'
  | 'not'
  | 'compare'
  | 'in'
  | 'open-paren'
  | 'close-paren'
  | 'open-brace'
  | 'close-brace'
  | 'comma'
  | 'range'
  | 'end';

export type CompareOperator = '==' | '!=' | '<' | '>' | '<=' | '>=' | 'contains';

export interface Token {
  kind: TokenKind;
  /** Source text as typed; for a string, its content with escapes resolved. */
  text: string;
  /** Normalised operator for kind 'compare'. */
  operator?: CompareOperator;
  /** 0-based index of the first character in the expression. */
  start: number;
  end: number;
}

/** Word-form operators of both dialects; Network Monitor writes them in capitals, Wireshark in lower case. */
const KEYWORDS: Record<string, { kind: TokenKind; operator?: CompareOperator }> = {
  and: { kind: 'and' },
  or: { kind: 'or' },
  not: { kind: 'not' },
  in: { kind: 'in' },
  eq: { kind: 'compare', operator: '==' },
  ne: { kind: 'compare', operator: '!=' },
  lt: { kind: 'compare', operator: '<' },
  gt: { kind: 'compare', operator: '>' },
  le: { kind: 'compare', operator: '<=' },
  ge: { kind: 'compare', operator: '>=' },
  contains: { kind: 'compare', operator: 'contains' },
};

/** Symbols, longest first so `==` wins over a lone `=`. */
const SYMBOLS: Array<{ text: string; kind: TokenKind; operator?: CompareOperator }> = [
  { text: '==', kind: 'compare', operator: '==' },
  { text: '!=', kind: 'compare', operator: '!=' },
  { text: '<=', kind: 'compare', operator: '<=' },
  { text: '>=', kind: 'compare', operator: '>=' },
  { text: '&&', kind: 'and' },
  { text: '||', kind: 'or' },
  { text: '..', kind: 'range' },
  { text: '<', kind: 'compare', operator: '<' },
  { text: '>', kind: 'compare', operator: '>' },
  { text: '!', kind: 'not' },
  { text: '(', kind: 'open-paren' },
  { text: ')', kind: 'close-paren' },
  { text: '{', kind: 'open-brace' },
  { text: '}', kind: 'close-brace' },
  { text: ',', kind: 'comma' },
];

function isWordCharacter(character: string): boolean {
  return /[A-Za-z0-9_.:/]/.test(character);
}

export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < expression.length) {
    const character = expression[position];
    if (/\s/.test(character)) {
      position++;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => expression.startsWith(candidate.text, position));
    if (symbol) {
      tokens.push({ kind: symbol.kind, text: symbol.text, operator: symbol.operator, start: position, end: position + symbol.text.length });
      position += symbol.text.length;
      continue;
    }
    if (character === '"') {
      const { text, end } = readString(expression, position);
      tokens.push({ kind: 'string', text, start: position, end });
      position = end;
      continue;
    }
    if (isWordCharacter(character)) {
      let end = position;
      // Stop before ".." so "8000..8100" splits into value, range, value.
      while (end < expression.length && isWordCharacter(expression[end]) && !expression.startsWith('..', end)) end++;
      const text = expression.slice(position, end);
      const keyword = KEYWORDS[text.toLowerCase()];
      tokens.push({ kind: keyword?.kind ?? 'word', text, operator: keyword?.operator, start: position, end });
      position = end;
      continue;
    }
    if (character === '=') {
      throw new FilterSyntaxError('a single "=" is not an operator; write "==" to compare', position, 1);
    }
    throw new FilterSyntaxError(`unexpected character "${character}"`, position, 1);
  }
  tokens.push({ kind: 'end', text: '', start: expression.length, end: expression.length });
  return tokens;
}

/** A double-quoted string from `start` (the opening quote), with \" and \\ escapes as in Wireshark. */
function readString(expression: string, start: number): { text: string; end: number } {
  let text = '';
  for (let position = start + 1; position < expression.length; position++) {
    const character = expression[position];
    if (character === '"') return { text, end: position + 1 };
    if (character === '\\' && position + 1 < expression.length) {
      position++;
      text += expression[position];
    } else {
      text += character;
    }
  }
  throw new FilterSyntaxError('the quoted text is not closed; end it with "', start, expression.length - start);
}
