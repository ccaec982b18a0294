/**
 * HTTP matching tables from a validated database: plain data, no ts-morph, so `-f`
 * can build them in memory; emit-http-matchers.ts only prints them.
 */
import type { HttpSignature } from '../../runtime/fingerprint/http-types.js';
import type { SignatureDatabase } from '../../runtime/match/signature-database.js';
import type { HttpDirectionTable, HttpSignatureTable, HttpTables } from '../../runtime/match/http-tables.js';

/** Header names in first-mention order: request signatures, then response signatures; horder before habsent. */
export function collectHttpHeaderNames(db: SignatureDatabase): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const add = (name: string): void => {
    if (!seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
  };
  for (const signature of [...db.httpRequest, ...db.httpResponse]) {
    for (const entry of signature.headers) add(entry.name);
    for (const name of signature.absent) add(name);
  }
  return names;
}

function maskOf(ids: readonly number[], words: number): number[] {
  const mask = new Array<number>(words).fill(0);
  for (const id of ids) mask[id >>> 5] = (mask[id >>> 5] | (1 << (id & 31))) >>> 0;
  return mask;
}

function buildSignatureTable(signature: HttpSignature, ids: ReadonlyMap<string, number>, words: number): HttpSignatureTable {
  const headerIds = signature.headers.map((e) => ids.get(e.name) ?? -1);
  return {
    line: signature.line,
    version: signature.version,
    generic: signature.generic,
    headerIds,
    optional: signature.headers.map((e) => e.optional),
    values: signature.headers.map((e) => e.value),
    requiredMask: maskOf(headerIds.filter((_, i) => !signature.headers[i].optional), words),
    absentMask: maskOf(signature.absent.map((n) => ids.get(n) ?? -1), words),
  };
}

export function buildHttpTables(db: SignatureDatabase): HttpTables {
  const headerNames = collectHttpHeaderNames(db);
  const ids = new Map(headerNames.map((n, i) => [n, i] as const));
  const maskWords = Math.max(1, Math.ceil(headerNames.length / 32));
  const direction = (list: readonly HttpSignature[]): HttpDirectionTable => ({
    signatures: list.map((s) => buildSignatureTable(s, ids, maskWords)),
  });
  return { headerNames, maskWords, request: direction(db.httpRequest), response: direction(db.httpResponse) };
}
