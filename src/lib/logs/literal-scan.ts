/**
 * Which of the catalog's opening literals occur in a text, found in one pass (an Aho-Corasick
 * automaton). The prefilter in match.ts used to ask `text.includes(literal)` for each of some 400
 * literals: 400 scans of a 10 MB log cost about a second, more than all the regex work it spared.
 * One pass over the text with a table look-up per character costs a few tens of milliseconds, and
 * the answer is the same: a literal is reported exactly when `includes` would find it.
 */

/** Literals are ASCII (match.ts takes no other characters), so the table needs 128 columns; any other
 *  character goes to column 0, which no literal contains, and so breaks every partial match as it must. */
const ALPHABET = 128;

export class LiteralScanner {
  private readonly literals: readonly string[];
  /** state × ALPHABET + character → next state: the automaton with its failure links folded in. */
  private readonly next: Int32Array;
  /** The literals that end at each state, its failure chain's included; undefined where none does. */
  private readonly endings: Array<number[] | undefined>;

  constructor(literals: Iterable<string>) {
    this.literals = [...new Set(literals)];
    // A character past the table would index into the next state's row, so refuse it outright.
    const outside = this.literals.find((literal) => !/^[\x01-\x7f]+$/.test(literal));
    if (outside !== undefined) throw new Error(`literal ${JSON.stringify(outside)} is empty or not ASCII`);
    const capacity = 1 + this.literals.reduce((sum, literal) => sum + literal.length, 0);
    const next = new Int32Array(capacity * ALPHABET).fill(-1);
    const endings: Array<number[] | undefined> = [];
    let states = 1;
    this.literals.forEach((literal, index) => {
      let state = 0;
      for (let position = 0; position < literal.length; position++) {
        const slot = state * ALPHABET + literal.charCodeAt(position);
        if (next[slot] === -1) next[slot] = states++;
        state = next[slot];
      }
      (endings[state] ??= []).push(index);
    });
    // Breadth first, so a state's failure target (always shallower) is complete before the state is.
    const failure = new Int32Array(states);
    const queue: number[] = [];
    for (let character = 0; character < ALPHABET; character++) {
      const child = next[character];
      if (child === -1) next[character] = 0;
      else queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      const inherited = endings[failure[state]];
      if (inherited) endings[state] = [...(endings[state] ?? []), ...inherited];
      for (let character = 0; character < ALPHABET; character++) {
        const slot = state * ALPHABET + character;
        const fallback = next[failure[state] * ALPHABET + character];
        if (next[slot] === -1) next[slot] = fallback;
        else {
          failure[next[slot]] = fallback;
          queue.push(next[slot]);
        }
      }
    }
    this.next = next.slice(0, states * ALPHABET);
    this.endings = endings;
  }

  /** The literals that occur in `text`, compared character for character (lower-case the text first). */
  scan(text: string): Set<string> {
    const found = new Set<string>();
    const { next, endings, literals } = this;
    let state = 0;
    for (let position = 0; position < text.length; position++) {
      const code = text.charCodeAt(position);
      state = next[state * ALPHABET + (code < ALPHABET ? code : 0)];
      const ending = endings[state];
      if (ending !== undefined) {
        for (const index of ending) found.add(literals[index]);
        if (found.size === literals.length) break;
      }
    }
    return found;
  }
}
