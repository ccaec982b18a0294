/**
 * fmt as a value-returning operation: parse, refuse on errors, format, and prove the
 * result loads to the same database and is a fixed point before anyone writes it.
 */
import { parseFp } from '../../grammar/parse-fp.js';
import { loadDatabase } from '../model/load-database.js';
import { sameMeaning } from '../diff/same-meaning.js';
import { formatFp } from './format-fp.js';

export type FpDiagnostic = ReturnType<typeof parseFp>['diagnostics'][number];

export type FormatOutcome =
  | { readonly kind: 'formatted'; readonly text: string; readonly changed: boolean }
  /** The input has errors; nothing was formatted. */
  | { readonly kind: 'refused'; readonly diagnostics: readonly FpDiagnostic[] }
  /** A formatter bug would have changed meaning or is not idempotent; nothing may be written. */
  | { readonly kind: 'unsafe'; readonly reason: string };

export function formatSource(text: string, file: string): FormatOutcome {
  const parsed = parseFp(text, file);
  const loaded = loadDatabase(text, file);
  // loadDatabase reports the parser's diagnostics too.
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || loaded.database === null) return { kind: 'refused', diagnostics: errors };

  const formatted = formatFp(parsed.ast);
  const reloaded = loadDatabase(formatted, file);
  if (reloaded.database === null || !sameMeaning(loaded.database, reloaded.database)) {
    return { kind: 'unsafe', reason: 'formatting would change what the database means' };
  }
  if (formatFp(parseFp(formatted, file).ast) !== formatted) {
    return { kind: 'unsafe', reason: 'formatting is not stable on its own output' };
  }
  return { kind: 'formatted', text: formatted, changed: formatted !== text };
}
