/**
 * fmt as a value-returning operation: parse, refuse on errors, format, and prove the
 * result loads to the same database and is a fixed point before anyone writes it.
 */
import type { Diagnostic } from '../../grammar/diagnostic.js';
import { parseFp } from '../../grammar/parse-fp.js';
import { loadDatabase } from '../model/load-database.js';
import { sameMeaning } from '../diff/same-meaning.js';
import { formatFp } from './format-fp.js';

export type FpDiagnostic = Diagnostic;

export type FormatOutcome =
  | { readonly kind: 'formatted'; readonly text: string; readonly changed: boolean }
  /** The input has errors; nothing was formatted. */
  | { readonly kind: 'refused'; readonly diagnostics: readonly FpDiagnostic[] }
  /** Formatting would lose something (text after a NUL) or, as a bug, change meaning; nothing may be written. */
  | { readonly kind: 'unsafe'; readonly reason: string };

export function formatSource(text: string, file: string): FormatOutcome {
  // p0f stops reading at a NUL byte; formatting would silently drop whatever follows it.
  const nul = text.indexOf('\0');
  if (nul >= 0) return { kind: 'unsafe', reason: `NUL byte at offset ${nul}: p0f ignores the rest of the file, and fmt will not delete it for you` };
  const parsed = parseFp(text, file);
  const loaded = loadDatabase(text, file);
  // loadDatabase reports the parser's diagnostics too.
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || loaded.database === null) return { kind: 'refused', diagnostics: errors };

  const formatted = formatFp(parsed.ast);
  const reloaded = loadDatabase(formatted, file);
  if (reloaded.database === null || !sameMeaning(loaded.database, reloaded.database)) {
    return { kind: 'unsafe', reason: 'formatting would change what the database means (a p0f-ts bug)' };
  }
  if (formatFp(parseFp(formatted, file).ast) !== formatted) {
    return { kind: 'unsafe', reason: 'formatting is not stable on its own output (a p0f-ts bug)' };
  }
  return { kind: 'formatted', text: formatted, changed: formatted !== text };
}
