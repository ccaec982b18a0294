/**
 * validate: every loader-level problem (placement, classes, duplicates) plus the lints,
 * in one pass over the AST, sorted by position. Syntax problems come from parseFp.
 */
import type { Diagnostic } from '../../grammar/diagnostic.js';
import type { FpFile } from '../../grammar/ast.js';
import { runLoader, type LoaderRun } from './loader-run.js';
import { runChecks } from './run-checks.js';

export function validate(ast: FpFile): Diagnostic[] {
  return validateRun(ast, runLoader(ast));
}

/** validate when the caller already has the loader run (loadDatabase reuses it). */
export function validateRun(ast: FpFile, run: LoaderRun): Diagnostic[] {
  return [...run.diagnostics, ...runChecks(ast, run)].sort(compareDiagnostics);
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.span.offset - b.span.offset || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
