/**
 * Library entry for databases: the compiled default tables, or a p0f.fp file compiled in
 * memory. Wraps matcher-set.ts; adds typed diagnostics and the guarantee that bad input
 * comes back as a value (the CLI prints the same problems as p0f's PROGRAM ABORT).
 */
import { loadMatcherSet, type MatcherKind, type MatcherSet } from '../match/matcher-set.js';
import { createSignatures, type Signatures } from './signatures.js';

export interface LoadSignaturesOptions {
  /** A p0f.fp file. Absent: the tables compiled at build time (p0f's default database). */
  readonly file?: string;
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

function field(value: object, key: string): unknown {
  return (value as Record<string, unknown>)[key];
}

/** matcher-set.ts passes the compiler's diagnostics on as `unknown`; read them defensively. */
function toDatabaseDiagnostic(value: unknown): DatabaseDiagnostic | null {
  if (typeof value !== 'object' || value === null) return null;
  const span = field(value, 'span');
  const code = field(value, 'code');
  const severity = field(value, 'severity');
  const message = field(value, 'message');
  if (typeof span !== 'object' || span === null || typeof code !== 'string' || typeof message !== 'string') return null;
  if (severity !== 'error' && severity !== 'warning') return null;
  const file = field(span, 'file');
  const line = field(span, 'line');
  const column = field(span, 'column');
  if (typeof file !== 'string' || typeof line !== 'number' || typeof column !== 'number') return null;
  const p0fMessage = field(value, 'p0fMessage');
  const help = field(value, 'help');
  return {
    code,
    severity,
    message,
    p0fMessage: typeof p0fMessage === 'string' ? p0fMessage : null,
    file,
    line,
    column,
    help: typeof help === 'string' ? help : null,
  };
}

/**
 * Loads and compiles a signature database. Never throws for a missing, unreadable or
 * malformed file: the result says what is wrong and where.
 */
export async function loadSignatures(options: LoadSignaturesOptions = {}): Promise<LoadSignaturesResult> {
  let loaded: Awaited<ReturnType<typeof loadMatcherSet>>;
  try {
    loaded = await loadMatcherSet({ fpPath: options.file ?? null, matcher: options.matcher ?? 'compiled' });
  } catch (err) {
    // The loader returns errors as values; this guards the promise made above all the same.
    return { ok: false, message: `cannot load the signature database: ${err instanceof Error ? err.message : String(err)}`, diagnostics: [] };
  }
  if (!loaded.ok) {
    const diagnostics: DatabaseDiagnostic[] = [];
    for (const d of loaded.diagnostics ?? []) {
      const typed = toDatabaseDiagnostic(d);
      if (typed !== null) diagnostics.push(typed);
    }
    return { ok: false, message: loaded.message, diagnostics };
  }
  return { ok: true, signatures: createSignatures(loaded.set, loaded.origin) };
}

export type { MatcherKind, MatcherSet };
