/**
 * The runtime's one entry point for matchers. Without `-f`, the compiled matcher uses
 * the modules `p0f-ts compile` wrote into generated/ at build time: no parser, no
 * ts-morph, no TypeScript are loaded. With `-f FILE` (or when generated/ is missing or
 * stale) the database is loaded from text through a dynamic import of the compiler,
 * and the tables are built in memory.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../grammar/diagnostic.js';
import type { HttpMatcher } from './http-matcher.js';
import { createCompiledHttpMatcher, createInterpretedHttpMatcher } from './http-matcher.js';
import type { HttpTables } from './http-tables.js';
import { createCompiledTcpMatcher } from './compiled-tcp-matcher.js';
import { createInterpretedMtuMatcher, createMtuMatcher } from './mtu-matcher.js';
import type { SignatureDatabase } from './signature-database.js';
import type { TcpTables } from './tables.js';
import { createInterpretedTcpMatcher } from './tcp-interpreter.js';
import type { MtuMatcher, TcpMatcher } from './tcp-matcher.js';

export interface MatcherSet {
  readonly database: SignatureDatabase;
  readonly tcp: TcpMatcher;
  readonly mtu: MtuMatcher;
  readonly http: HttpMatcher | null;
}

export type MatcherKind = 'compiled' | 'interpreted';

export type LoadMatcherSetResult =
  | { readonly ok: true; readonly set: MatcherSet; readonly origin: 'generated' | 'file' }
  | { readonly ok: false; readonly message: string; readonly diagnostics?: readonly Diagnostic[] };

export interface LoadMatcherSetOptions {
  /** A p0f.fp file; null: p0f's default database (see loadMatcherSet). With `fpText`, only the name used in spans. */
  readonly fpPath: string | null;
  readonly matcher: MatcherKind;
  /** Database text already in memory (read as latin1 for byte fidelity), compiled instead of reading `fpPath`. */
  readonly fpText?: string;
}

/** Where a database is looked for when `-f` is not given, in order. */
export const DEFAULT_FP_PATHS = ['/etc/p0f/p0f.fp', '/usr/share/p0f/p0f.fp', '/usr/local/etc/p0f/p0f.fp', './p0f.fp'] as const;

interface GeneratedModules {
  readonly database: SignatureDatabase;
  readonly tcpTables: TcpTables;
  readonly httpTables: HttpTables | null;
}

// Specifiers are variables so a checkout without generated/ still type-checks.
const GENERATED = {
  database: '../../generated/database.generated.js',
  tcpTables: '../../generated/tcp-tables.generated.js',
  httpMatchers: '../../generated/http-matchers.generated.js',
} as const;

async function importExport<T>(specifier: string, name: string): Promise<T | null> {
  try {
    const mod = (await import(specifier)) as Record<string, unknown>;
    const value = mod[name];
    return typeof value === 'object' && value !== null ? (value as T) : null;
  } catch {
    return null;
  }
}

async function loadGenerated(): Promise<GeneratedModules | null> {
  const database = await importExport<SignatureDatabase>(GENERATED.database, 'database');
  const tcpTables = await importExport<TcpTables>(GENERATED.tcpTables, 'tcpTables');
  if (database === null || tcpTables === null) return null;
  const httpTables = await importExport<HttpTables>(GENERATED.httpMatchers, 'httpTables');
  return { database, tcpTables, httpTables };
}

function sha256OfFile(path: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return null;
  }
}

function firstReadable(paths: readonly string[]): string | null {
  for (const path of paths) if (sha256OfFile(path) !== null) return path;
  return null;
}

function assemble(db: SignatureDatabase, matcher: MatcherKind, tcpTables: TcpTables | null, httpTables: HttpTables | null): MatcherSet {
  if (matcher === 'interpreted' || tcpTables === null) {
    return { database: db, tcp: createInterpretedTcpMatcher(db), mtu: createInterpretedMtuMatcher(db.mtu), http: createInterpretedHttpMatcher(db) };
  }
  return {
    database: db,
    tcp: createCompiledTcpMatcher(db, tcpTables),
    mtu: createMtuMatcher(tcpTables.mtu),
    http: httpTables !== null ? createCompiledHttpMatcher(db, httpTables) : createInterpretedHttpMatcher(db),
  };
}

interface CompilerModules {
  loadDatabase(text: string, file: string): { database: SignatureDatabase | null; diagnostics: readonly Diagnostic[] };
  buildTcpTables(db: SignatureDatabase): TcpTables;
  buildHttpTables(db: SignatureDatabase): HttpTables;
}

async function loadCompiler(): Promise<CompilerModules | string> {
  try {
    const model = '../../compiler/model/load-database.js';
    const tcp = '../../compiler/tables/build-tables.js';
    const http = '../../compiler/tables/build-http-tables.js';
    const [m, t, h] = await Promise.all([import(model), import(tcp), import(http)]);
    return { loadDatabase: m.loadDatabase, buildTcpTables: t.buildTcpTables, buildHttpTables: h.buildHttpTables } as CompilerModules;
  } catch (err) {
    return `the signature compiler is not available in this build (${err instanceof Error ? err.message : String(err)})`;
  }
}

async function loadFromFile(path: string, matcher: MatcherKind): Promise<LoadMatcherSetResult> {
  let text: string;
  try {
    // latin1 keeps every byte, as p0f reads the file as bytes.
    text = readFileSync(path, 'latin1');
  } catch (err) {
    return { ok: false, message: `Cannot open '${path}' for reading: ${err instanceof Error ? err.message : String(err)}` };
  }
  return loadFromText(text, path, matcher);
}

async function loadFromText(text: string, path: string, matcher: MatcherKind): Promise<LoadMatcherSetResult> {
  const compiler = await loadCompiler();
  if (typeof compiler === 'string') return { ok: false, message: compiler };
  const loaded = compiler.loadDatabase(text, path);
  if (loaded.database === null) {
    const first = loaded.diagnostics.find((d) => d.severity === 'error');
    return { ok: false, message: first?.p0fMessage ?? first?.message ?? `Bad signature database '${path}'.`, diagnostics: loaded.diagnostics };
  }
  const db = loaded.database;
  const set = matcher === 'compiled' ? assemble(db, matcher, compiler.buildTcpTables(db), compiler.buildHttpTables(db)) : assemble(db, matcher, null, null);
  return { ok: true, set, origin: 'file' };
}

/**
 * Loads the database and builds the matchers. `fpPath: null` means p0f's default: the
 * precompiled modules when they are present and match the default file's bytes,
 * else the first default path that exists. `fpText` compiles text held in memory.
 */
export async function loadMatcherSet(options: LoadMatcherSetOptions): Promise<LoadMatcherSetResult> {
  if (options.fpText !== undefined) return loadFromText(options.fpText, options.fpPath ?? '<memory>', options.matcher);
  if (options.fpPath !== null) return loadFromFile(options.fpPath, options.matcher);
  const generated = await loadGenerated();
  if (generated !== null) {
    // Stale when the file it was compiled from has changed since the build.
    const current = sha256OfFile(generated.database.source.file);
    if (current === null || current === generated.database.source.sha256) {
      const set = assemble(generated.database, options.matcher, generated.tcpTables, generated.httpTables);
      return { ok: true, set, origin: 'generated' };
    }
  }
  const path = firstReadable(DEFAULT_FP_PATHS);
  if (path === null) {
    return {
      ok: false,
      message: `No signature database found (looked in ${DEFAULT_FP_PATHS.join(', ')}). Install one with 'apt-get install p0f' or pass -f FILE.`,
    };
  }
  return loadFromFile(path, options.matcher);
}
