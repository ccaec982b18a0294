/**
 * One diagnostic type for syntax, loader and lint problems. It lives in grammar/ so the
 * parser can report without importing compiler/; compiler/diagnostics owns the catalogue.
 */
import type { Span } from './span.js';

export type Severity = 'error' | 'warning';

export interface Label {
  readonly span: Span;
  readonly message: string;
  readonly role: 'primary' | 'note';
}

export interface Diagnostic {
  /** `E024`-style for loader-parity errors, kebab-case for lints. */
  readonly code: string;
  readonly severity: Severity;
  readonly span: Span;
  readonly message: string;
  readonly labels: readonly Label[];
  readonly help?: string;
  /** The message real p0f 3.09b prints for this problem (loader errors only). */
  readonly p0fMessage?: string;
}
