/** One-line `file:line:col: severity[code]: message` form used by the author tools. */
import type { FpDiagnostic } from './format-source.js';

export function renderDiagnosticLine(d: FpDiagnostic): string {
  return `${d.span.file}:${d.span.line}:${d.span.column}: ${d.severity}[${d.code}]: ${d.message}\n`;
}
