/** Builds a lint diagnostic with the catalogue's severity and help. */
import type { Diagnostic, Label } from '../../grammar/diagnostic.js';
import type { Span } from '../../grammar/span.js';
import { LINT_CODES, type LintCode } from './codes.js';

export function lintDiagnostic(code: LintCode, span: Span, message: string, notes: readonly Label[] = [], help?: string): Diagnostic {
  const info = LINT_CODES[code];
  return {
    code,
    severity: info.severity,
    span,
    message,
    labels: [{ span, message: info.title, role: 'primary' }, ...notes],
    help: help ?? info.help,
  };
}
