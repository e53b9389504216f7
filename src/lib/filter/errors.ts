/** A filter the parser rejected, pointing at the offending characters so the UI can draw a caret. */
export class FilterSyntaxError extends Error {
  /** 0-based index of the first bad character; the expression's length when the problem is a missing end. */
  readonly start: number;
  readonly length: number;

  constructor(message: string, start: number, length: number) {
    super(message);
    this.name = 'FilterSyntaxError';
    this.start = start;
    this.length = Math.max(1, length);
  }
}
