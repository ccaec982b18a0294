/**
 * loadDatabase: p0f.fp text → validated SignatureDatabase (null when there is any error)
 * plus every diagnostic. This is the one way the rest of p0f-ts gets a database.
 * For byte fidelity pass the file decoded as latin1 (p0f treats it as bytes).
 */
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../../grammar/diagnostic.js';
import { parseFp } from '../../grammar/parse-fp.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import { runLoader, type LoaderRun } from '../validate/loader-run.js';
import { compareDiagnostics, validateRun } from '../validate/validate.js';

export interface LoadDatabaseResult {
  readonly database: SignatureDatabase | null;
  readonly diagnostics: Diagnostic[];
}

export function sha256OfText(text: string): string {
  // latin1 round-trips the file's bytes when the caller decoded it as latin1.
  // eslint-disable-next-line no-control-regex
  const bytes = /^[\u0000-\u00ff]*$/.test(text) ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
  return createHash('sha256').update(bytes).digest('hex');
}

export function loadDatabase(text: string, file: string): LoadDatabaseResult {
  const parsed = parseFp(text, file);
  const run = runLoader(parsed.ast);
  const diagnostics = [...parsed.diagnostics, ...validateRun(parsed.ast, run)].sort(compareDiagnostics);
  const database = diagnostics.some((d) => d.severity === 'error') ? null : buildDatabase(run, text, file);
  return { database, diagnostics };
}

export function buildDatabase(run: LoaderRun, text: string, file: string): SignatureDatabase {
  return {
    source: { file, sha256: sha256OfText(text) },
    signatureCount: run.signatureCount,
    classes: run.classes.map((c) => c.name),
    names: [...run.names],
    tcpRequest: run.tcpRequest,
    tcpResponse: run.tcpResponse,
    mtu: run.mtu,
    httpRequest: run.httpRequest,
    httpResponse: run.httpResponse,
    uaOs: run.uaOs,
  };
}
