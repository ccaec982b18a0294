/**
 * `p0f-ts compile DB.fp -o DIR`: loads and validates a database, then writes
 * database.generated.ts, tcp-tables.generated.ts and http-matchers.generated.ts into DIR.
 * Exit codes: 0 written, 1 the database has errors, 2 usage or I/O problem.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../grammar/diagnostic.js';
import type { CliIo, CommandRunner } from '../../runtime/cli/cli-io.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import { renderText } from '../diagnostics/render-text.js';
import { emitHttpMatchers } from '../codegen/emit-http-matchers.js';
import { emitDatabase, emitTcpTables } from '../codegen/emit-tables.js';
import { compilerVersion, generatedHeader } from '../codegen/header.js';
import { loadDatabase } from '../model/load-database.js';
import { buildTcpTables } from '../tables/build-tables.js';

const USAGE = 'usage: p0f-ts compile DB.fp -o DIR\n';

export interface CompiledModules {
  readonly 'database.generated.ts': string;
  readonly 'tcp-tables.generated.ts': string;
  readonly 'http-matchers.generated.ts': string;
}

/** The generated modules for a loaded database, keyed by file name. Pure. */
export function compileModules(db: SignatureDatabase, sourcePath: string): CompiledModules {
  const header = generatedHeader({ compilerVersion: compilerVersion(), sourcePath, sourceSha256: db.source.sha256 });
  return {
    'database.generated.ts': emitDatabase(db, header),
    'tcp-tables.generated.ts': emitTcpTables(buildTcpTables(db), db, header),
    'http-matchers.generated.ts': emitHttpMatchers(db, header),
  };
}

/** Renders diagnostics with the shared text renderer, quoting lines from `source`. */
export function renderDiagnosticsText(diagnostics: readonly Diagnostic[], file: string, source: string, io: CliIo): string {
  return renderText(diagnostics, { color: io.isTty, sources: (f) => (f === file ? source : undefined) });
}

function parseArgs(args: readonly string[]): { input: string; outDir: string } | null {
  let input: string | null = null;
  let outDir: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o' || a === '--out') {
      if (i + 1 >= args.length) return null;
      outDir = args[++i]!;
    } else if (a.startsWith('-') && a !== '-') {
      return null;
    } else if (input === null) {
      input = a;
    } else {
      return null;
    }
  }
  return input !== null && outDir !== null ? { input, outDir } : null;
}

export const run: CommandRunner = async (args, io) => {
  const parsed = parseArgs(args);
  if (parsed === null) {
    io.writeError(USAGE);
    return 2;
  }
  let text: string;
  try {
    // latin1 keeps every byte, as p0f reads the file as bytes.
    text = readFileSync(parsed.input, 'latin1');
  } catch (err) {
    io.writeError(`p0f-ts compile: cannot read '${parsed.input}': ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const loaded = loadDatabase(text, parsed.input);
  if (loaded.diagnostics.length > 0) io.writeError(renderDiagnosticsText(loaded.diagnostics, parsed.input, text, io));
  if (loaded.database === null) {
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error').length;
    io.writeError(`p0f-ts compile: ${parsed.input} has ${errors} error${errors === 1 ? '' : 's'}; nothing written.\n`);
    return 1;
  }
  const modules = compileModules(loaded.database, parsed.input);
  try {
    mkdirSync(parsed.outDir, { recursive: true });
    for (const [name, content] of Object.entries(modules)) writeFileSync(join(parsed.outDir, name), content);
  } catch (err) {
    io.writeError(`p0f-ts compile: cannot write to '${parsed.outDir}': ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const db = loaded.database;
  io.write(
    `Compiled ${parsed.input}: ${db.tcpRequest.length + db.tcpResponse.length} TCP, ${db.httpRequest.length + db.httpResponse.length} HTTP and ${db.mtu.length} MTU signatures into ${parsed.outDir}/\n`,
  );
  return 0;
};
