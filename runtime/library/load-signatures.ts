/**
 * Library entry for databases: the compiled default tables, or p0f.fp text (a file, or a
 * string in memory) compiled on load. Wraps matcher-set.ts; flattens its diagnostics and
 * guarantees that bad input comes back as a value (the CLI prints the same problems as
 * p0f's PROGRAM ABORT).
 */
import type { Diagnostic } from '../../grammar/diagnostic.js';
import { loadMatcherSet, type MatcherKind, type MatcherSet } from '../match/matcher-set.js';
import { createSignatures, type Signatures } from './signatures.js';

export interface LoadSignaturesOptions {
  /** A p0f.fp file. Absent (and no `text`): the tables compiled at build time (p0f's default database). */
  readonly file?: string;
  /** p0f.fp text already in memory, compiled instead of reading a file; `file` then names it in diagnostics (default `<memory>`). */
  readonly text?: string;
  /** Both give identical results; `compiled` (default) is faster. */
  readonly matcher?: MatcherKind;
}

/** One problem in a p0f.fp file, with its position (1-based line and column). */
export interface DatabaseDiagnostic {
  /** `E024`-style for p0f's own loader errors, kebab-case for lints (docs/lint-codes.md). */
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** What p0f 3.09b itself prints for this problem (loader errors only). */
  readonly p0fMessage: string | null;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly help: string | null;
}

export type LoadSignaturesResult =
  | { readonly ok: true; readonly signatures: Signatures }
  | {
      readonly ok: false;
      /** The first error, in p0f's words where p0f has a message for it. */
      readonly message: string;
      /** Every problem found (empty when the file could not be read at all). */
      readonly diagnostics: readonly DatabaseDiagnostic[];
    };

function toDatabaseDiagnostic(d: Diagnostic): DatabaseDiagnostic {
  const { file, line, column } = d.span;
  return { code: d.code, severity: d.severity, message: d.message, p0fMessage: d.p0fMessage ?? null, file, line, column, help: d.help ?? null };
}

/**
 * Loads and compiles a signature database. Never throws for a missing, unreadable or
 * malformed file: the result says what is wrong and where.
 */
export async function loadSignatures(options: LoadSignaturesOptions = {}): Promise<LoadSignaturesResult> {
  let loaded: Awaited<ReturnType<typeof loadMatcherSet>>;
  try {
    const matcher = options.matcher ?? 'compiled';
    loaded =
      options.text !== undefined
        ? await loadMatcherSet({ fpPath: options.file ?? '<memory>', fpText: options.text, matcher })
        : await loadMatcherSet({ fpPath: options.file ?? null, matcher });
  } catch (err) {
    // The loader returns errors as values; this guards the promise made above all the same.
    return { ok: false, message: `cannot load the signature database: ${err instanceof Error ? err.message : String(err)}`, diagnostics: [] };
  }
  if (!loaded.ok) {
    return { ok: false, message: loaded.message, diagnostics: (loaded.diagnostics ?? []).map(toDatabaseDiagnostic) };
  }
  return { ok: true, signatures: createSignatures(loaded.set, loaded.origin) };
}

export type { MatcherKind, MatcherSet };
