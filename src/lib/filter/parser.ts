/**
 * Recursive-descent parser for conversation filters, accepting Network Monitor
 * (`IPv4.Address == 8.8.8.8 AND TCP.Port == 8060`) and Wireshark (`ip.addr eq 8.8.8.8 && tcp.port == 8060`)
 * spellings. Precedence, loosest first: or, and, not; parentheses group.
 */
import { parseAddressPattern, type AddressPattern } from './address';
import { FilterSyntaxError } from './errors';
import { FIELDS, WIRESHARK_FIELD_NAMES, type FieldDefinition } from './fields';
import { tokenize, type CompareOperator, type Token } from './lexer';

export type FilterValue =
  | { kind: 'address'; pattern: AddressPattern; text: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'range'; low: number; high: number; text: string }
  | { kind: 'boolean'; value: boolean; text: string }
  /** A host name, lower-cased. */
  | { kind: 'name'; value: string; text: string };

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  /** A bare field: a protocol name, a flag meaning "is set", or a name meaning "was seen". */
  | { kind: 'present'; field: FieldDefinition }
  | { kind: 'compare'; field: FieldDefinition; operator: CompareOperator; value: FilterValue }
  | { kind: 'in'; field: FieldDefinition; values: FilterValue[] };

const MAX_PORT = 65535;

export function parseFilter(expression: string): FilterNode {
  const tokens = tokenize(expression);
  let index = 0;
  const peek = (): Token => tokens[index];
  const take = (): Token => tokens[index++];

  const fail = (token: Token, message: string): never => {
    throw new FilterSyntaxError(message, token.start, token.end - token.start);
  };
  const describe = (token: Token): string => (token.kind === 'end' ? 'the end of the filter' : `"${token.text}"`);

  function parseOr(): FilterNode {
    let left = parseAnd();
    while (peek().kind === 'or') {
      take();
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }

  function parseAnd(): FilterNode {
    let left = parseUnary();
    while (peek().kind === 'and') {
      take();
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  }

  function parseUnary(): FilterNode {
    if (peek().kind === 'not') {
      take();
      return { kind: 'not', operand: parseUnary() };
    }
    return parsePrimary();
  }

  function parsePrimary(): FilterNode {
    const token = take();
    if (token.kind === 'open-paren') {
      const inner = parseOr();
      const close = take();
      if (close.kind !== 'close-paren') fail(close, `expected ")" to close the "(" at column ${token.start + 1}, found ${describe(close)}`);
      return inner;
    }
    if (token.kind !== 'word') return fail(token, `expected a field name such as ip.addr or TCP.Port, found ${describe(token)}`);
    const field = FIELDS.get(token.text.toLowerCase());
    if (!field) return fail(token, unknownFieldMessage(token.text));
    const next = peek();
    if (next.kind === 'compare') {
      take();
      return { kind: 'compare', field, operator: checkOperator(field, next), value: parseValue(field, take()) };
    }
    if (next.kind === 'in') {
      take();
      return { kind: 'in', field, values: parseSet(field) };
    }
    if (field.type === 'protocol' || field.type === 'flag' || field.type === 'name') return { kind: 'present', field };
    return fail(next, `"${token.text}" needs a comparison such as == after it, found ${describe(next)}`);
  }

  function checkOperator(field: FieldDefinition, token: Token): CompareOperator {
    const operator = token.operator as CompareOperator;
    const ordered = field.type === 'port' || field.type === 'number';
    if (operator === 'contains') {
      if (field.type !== 'name') fail(token, `only names take "contains"; compare ${field.name} with ==`);
      return operator;
    }
    if (operator !== '==' && operator !== '!=' && !ordered) fail(token, `${field.name} can only be compared with == or !=`);
    if (field.type === 'protocol') fail(token, `${field.name} takes no value; use it alone, e.g. "${field.name} && tcp.port == 443"`);
    return operator;
  }

  function parseSet(field: FieldDefinition): FilterValue[] {
    const open = take();
    if (open.kind !== 'open-brace') fail(open, `expected "{" after "in", found ${describe(open)}`);
    const values: FilterValue[] = [];
    while (peek().kind !== 'close-brace') {
      if (peek().kind === 'end') fail(peek(), `expected "}" to close the set opened at column ${open.start + 1}`);
      if (peek().kind === 'comma' && values.length > 0) take();
      const low = take();
      if (peek().kind === 'range') {
        take();
        values.push(parseRange(field, low, take()));
      } else {
        values.push(parseValue(field, low));
      }
    }
    take();
    if (values.length === 0) fail(open, 'the set is empty; list at least one value between { and }');
    return values;
  }

  function parseRange(field: FieldDefinition, lowToken: Token, highToken: Token): FilterValue {
    if (field.type !== 'port' && field.type !== 'number') fail(lowToken, `${field.name} takes no ranges`);
    const low = parseValue(field, lowToken);
    const high = parseValue(field, highToken);
    if (low.kind !== 'number' || high.kind !== 'number') return fail(lowToken, 'a range needs two numbers, as in 8000..8100');
    if (high.value < low.value) fail(highToken, `the range ends (${high.value}) before it starts (${low.value})`);
    return { kind: 'range', low: low.value, high: high.value, text: `${low.text}..${high.text}` };
  }

  function parseValue(field: FieldDefinition, token: Token): FilterValue {
    if (token.kind !== 'word' && token.kind !== 'string') return fail(token, `expected a value for ${field.name}, found ${describe(token)}`);
    const text = token.text;
    switch (field.type) {
      case 'name':
        if (text === '') return fail(token, `expected a name for ${field.name}, found empty quotes`);
        return { kind: 'name', value: text.toLowerCase(), text };
      case 'address': {
        const pattern = parseAddressPattern(text);
        const family = field.ipVersion === 4 ? 'IPv4' : 'IPv6';
        if (!pattern) return fail(token, `"${text}" is not an ${family} address (e.g. ${field.ipVersion === 4 ? '8.8.8.8 or 10.0.0.0/8' : '2001:db8::1'})`);
        if (pattern.version !== field.ipVersion) {
          const other = pattern.version === 4 ? 'ip.addr / IPv4.Address' : 'ipv6.addr / IPv6.Address';
          return fail(token, `${field.name} takes an ${family} address; for "${text}" use ${other}`);
        }
        return { kind: 'address', pattern, text };
      }
      case 'port':
      case 'number': {
        const value = parseInteger(text);
        if (value === null) return fail(token, `"${text}" is not a number`);
        if (field.type === 'port' && value > MAX_PORT) return fail(token, `${value} is not a port (0 to ${MAX_PORT})`);
        return { kind: 'number', value, text };
      }
      case 'flag': {
        const lower = text.toLowerCase();
        if (lower === '1' || lower === 'true') return { kind: 'boolean', value: true, text };
        if (lower === '0' || lower === 'false') return { kind: 'boolean', value: false, text };
        return fail(token, `${field.name} is 1 or 0, not "${text}"`);
      }
      case 'protocol':
        return fail(token, `${field.name} takes no value`);
    }
  }

  if (peek().kind === 'end') throw new FilterSyntaxError('the filter is empty', 0, 1);
  const tree = parseOr();
  const rest = peek();
  if (rest.kind !== 'end') {
    const hint = rest.kind === 'word' ? '; join conditions with && or ||' : '';
    fail(rest, `unexpected ${describe(rest)}${hint}`);
  }
  return tree;
}

function parseInteger(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text.slice(2), 16);
  return null;
}

/**
 * A field Wireshark knows may still be unknown here: the analyzer keeps whole conversations, so
 * only what describes a conversation can be filtered on (a guide's packet filter such as
 * `tls.handshake.type == 1` has no conversation equivalent). The message says so and lists every
 * field, the ones sharing the unknown name's protocol first.
 */
const CONVERSATION_INSTEAD: ReadonlyMap<string, string> = new Map([
  // The guide's TLS step reads ClientHellos with it.
  ['tls.handshake.type', 'For ClientHellos, tls.handshake.extensions_server_name keeps the conversations whose ClientHello named a server.'],
]);

function unknownFieldMessage(name: string): string {
  const lower = name.toLowerCase();
  const instead = CONVERSATION_INSTEAD.has(lower) ? ` ${CONVERSATION_INSTEAD.get(lower)}` : '';
  const prefix = lower.split('.')[0];
  const related = WIRESHARK_FIELD_NAMES.filter((candidate) => candidate.startsWith(`${prefix}.`));
  const closest = related.length > 0 ? ` Closest: ${related.join(', ')}.` : '';
  const rest = WIRESHARK_FIELD_NAMES.filter((candidate) => !related.includes(candidate));
  return (
    `unknown field "${name}". This analyzer filters whole TCP conversations, not single packets, so it knows only fields that describe a conversation.${instead}${closest} ` +
    `${related.length > 0 ? 'Others' : 'Known fields'}: ${rest.join(', ')} (Network Monitor spellings such as IPv4.Address and TCP.Port work too).`
  );
}
