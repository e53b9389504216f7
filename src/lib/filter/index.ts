/**
 * Conversation filters for the capture analyzer: `compileFilter(text)` turns either dialect into a
 * predicate over report conversations, or into a problem that points at the offending characters.
 */
import type { Conversation } from '../capture/report';
import { addressMatches, addressWords } from './address';
import { FilterSyntaxError } from './errors';
import type { FilterNode, FilterValue } from './parser';
import { parseFilter } from './parser';

export { FilterSyntaxError } from './errors';
export { FIELD_NAMES } from './fields';

export type ConversationPredicate = (conversation: Conversation) => boolean;

export interface FilterProblem {
  message: string;
  /** 0-based index of the first offending character. */
  start: number;
  length: number;
}

export type CompiledFilter = { ok: true; matches: ConversationPredicate } | { ok: false; problem: FilterProblem };

export function compileFilter(expression: string): CompiledFilter {
  try {
    const tree = parseFilter(expression);
    return { ok: true, matches: (conversation) => evaluate(tree, conversation) };
  } catch (error) {
    if (error instanceof FilterSyntaxError) return { ok: false, problem: { message: error.message, start: error.start, length: error.length } };
    throw error;
  }
}

function evaluate(node: FilterNode, conversation: Conversation): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, conversation) && evaluate(node.right, conversation);
    case 'or':
      return evaluate(node.left, conversation) || evaluate(node.right, conversation);
    case 'not':
      return !evaluate(node.operand, conversation);
    case 'present':
      return node.field.values(conversation).some((value) => value === true || (node.field.type === 'name' && typeof value === 'string'));
    case 'in':
      return node.field.values(conversation).some((value) => node.values.some((candidate) => valueEquals(candidate, value)));
    case 'compare': {
      const values = node.field.values(conversation);
      const { operator, value } = node;
      // "!=" negates "==" over all values, so "ip.addr != X" drops every conversation that touches X.
      if (operator === '==') return values.some((actual) => valueEquals(value, actual));
      if (operator === '!=') return !values.some((actual) => valueEquals(value, actual));
      if (operator === 'contains') return value.kind === 'name' && values.some((actual) => typeof actual === 'string' && actual.toLowerCase().includes(value.value));
      return values.some((actual) => typeof actual === 'number' && value.kind === 'number' && ordered(operator, actual, value.value));
    }
  }
}

function valueEquals(expected: FilterValue, actual: string | number | boolean): boolean {
  switch (expected.kind) {
    case 'address': {
      if (typeof actual !== 'string') return false;
      const words = addressWords(actual);
      return words !== null && addressMatches(expected.pattern, words);
    }
    case 'number':
      return actual === expected.value;
    case 'range':
      return typeof actual === 'number' && actual >= expected.low && actual <= expected.high;
    case 'boolean':
      return actual === expected.value;
    case 'name':
      return typeof actual === 'string' && actual.toLowerCase() === expected.value;
  }
}

function ordered(operator: '<' | '>' | '<=' | '>=', actual: number, expected: number): boolean {
  switch (operator) {
    case '<':
      return actual < expected;
    case '>':
      return actual > expected;
    case '<=':
      return actual <= expected;
    case '>=':
      return actual >= expected;
  }
}
