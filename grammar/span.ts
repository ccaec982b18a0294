/** A contiguous region of a source file. Lines and columns are 1-based; columns count UTF-16 units. */
export interface Span {
  readonly file: string;
  readonly offset: number;
  readonly length: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  /** Exclusive end column (column + length for a one-line span). */
  readonly endColumn: number;
}

/** A value read from the source together with where it was read. */
export interface Spanned<T> {
  readonly value: T;
  readonly span: Span;
}
