/** One-line `file:line:col: severity[code]: message` form used by the author tools. */
import type { Diagnostic } from '../../grammar/diagnostic.js';

export function renderDiagnosticLine(d: Diagnostic): string {
  return `${d.span.file}:${d.span.line}:${d.span.column}: ${d.severity}[${d.code}]: ${d.message}\n`;
}
