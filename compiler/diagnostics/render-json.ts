/** Machine-readable diagnostics for CI: one flat record per diagnostic, 1-based positions. */
import type { Diagnostic, Severity } from '../../grammar/diagnostic.js';

export interface JsonDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
}

export function toJsonDiagnostics(diagnostics: readonly Diagnostic[]): JsonDiagnostic[] {
  return diagnostics.map((d) => ({
    file: d.span.file,
    line: d.span.line,
    column: d.span.column,
    endLine: d.span.endLine,
    endColumn: d.span.endColumn,
    severity: d.severity,
    code: d.code,
    message: d.message,
  }));
}

export function renderJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify(toJsonDiagnostics(diagnostics), null, 2)}\n`;
}
