/** Test helpers for the p0f.fp front end: lint a text and pick out diagnostics. */
import type { Diagnostic } from '../../../grammar/diagnostic.js';
import { loadDatabase } from '../../../compiler/model/load-database.js';

export interface Found {
  readonly code: string;
  readonly line: number;
  readonly column: number;
}

export function lintText(text: string, file = 'test.fp'): Diagnostic[] {
  return loadDatabase(text, file).diagnostics;
}

export function found(d: Diagnostic): Found {
  return { code: d.code, line: d.span.line, column: d.span.column };
}

export interface CheckCases {
  /** Texts that must not produce `code`. */
  readonly valid: readonly string[];
  /** Texts that must produce exactly these `code` diagnostics. */
  readonly invalid: readonly { readonly text: string; readonly errors: readonly { readonly line: number; readonly column?: number }[] }[];
}

/** typescript-eslint-style valid/invalid table for one diagnostic code. */
export function checkCases(code: string, cases: CheckCases, run: (name: string, fn: () => void) => void, expectFn: (v: unknown) => { toEqual(x: unknown): void }): void {
  cases.valid.forEach((text, i) => {
    run(`${code} valid #${i}`, () => {
      expectFn(lintText(text).filter((d) => d.code === code).map(found)).toEqual([]);
    });
  });
  cases.invalid.forEach((c, i) => {
    run(`${code} invalid #${i}`, () => {
      const withColumns = c.errors.every((e) => e.column !== undefined);
      const got = lintText(c.text).filter((d) => d.code === code)
        .map((d) => (withColumns ? { line: d.span.line, column: d.span.column } : { line: d.span.line }));
      expectFn(got).toEqual(c.errors.map((e) => (withColumns ? { line: e.line, column: e.column } : { line: e.line })));
    });
  });
}
