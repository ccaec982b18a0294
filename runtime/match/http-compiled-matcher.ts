/**
 * The fast HTTP matcher: header names become small ids once per message, a bitmask
 * prefilter rejects signatures whose mandatory headers are missing or whose absent
 * headers are present, and the ordered check runs on ids (generated code when the
 * tables carry it). Same answers as the interpreted matcher, by property test.
 */
import type { HttpObservation } from '../fingerprint/http-observation.js';
import type { HttpSignature } from '../fingerprint/http-types.js';
import type { Direction } from '../fingerprint/tcp-types.js';
import type { HttpMatchResult } from './match-result.js';
import type { SignatureDatabase } from './signature-database.js';
import type { HttpMatcher } from './http-matcher.js';
import { createInterpretedHttpMatcher } from './http-interpreted-matcher.js';
import { HttpHeaderView } from './http-header-view.js';
import type { HttpDirectionTable, HttpSignatureTable, HttpTables } from './http-tables.js';

const NO_MATCH: HttpMatchResult = { kind: 'none' };

/** The table-driven header-order check (used when no generated check is present). */
function headerOrderMatches(table: HttpSignatureTable, view: HttpHeaderView): boolean {
  let position = 0;
  const ids = table.headerIds;
  for (let e = 0; e < ids.length; e++) {
    const j = view.find(ids[e], position);
    if (j < 0) {
      if (!table.optional[e] || view.has(ids[e])) return false;
      continue;
    }
    const needle = table.values[e];
    if (needle !== null && !view.valueContains(j, needle)) return false;
    position = j + 1;
  }
  return true;
}

function tableFits(table: HttpDirectionTable, signatures: readonly HttpSignature[]): boolean {
  if (table.signatures.length !== signatures.length) return false;
  return table.signatures.every((t, i) => t.line === signatures[i].line && t.headerIds.length === signatures[i].headers.length);
}

export function createCompiledHttpMatcher(db: SignatureDatabase, tables: HttpTables): HttpMatcher {
  // Tables compiled from another database would give wrong answers; stay correct instead.
  if (!tableFits(tables.request, db.httpRequest) || !tableFits(tables.response, db.httpResponse)) {
    return createInterpretedHttpMatcher(db);
  }
  const nameIds = new Map<string, number>(tables.headerNames.map((n, i) => [n, i]));
  const view = new HttpHeaderView(tables.maskWords);
  const words = view.mask.length;

  const load = (message: HttpObservation): void => {
    const headers = message.headers;
    if (view.ids.length < headers.length) view.ids = new Int32Array(headers.length * 2);
    view.mask.fill(0);
    view.values.length = headers.length;
    for (let i = 0; i < headers.length; i++) {
      const id = nameIds.get(headers[i].name) ?? -1;
      view.ids[i] = id;
      view.values[i] = headers[i].value;
      if (id >= 0) view.mask[id >>> 5] |= 1 << (id & 31);
    }
    view.count = headers.length;
  };

  const run = (table: HttpDirectionTable, signatures: readonly HttpSignature[], message: HttpObservation): HttpMatchResult => {
    load(message);
    const mask = view.mask;
    const check = table.check;
    let firstGeneric = -1;
    const list = table.signatures;
    for (let i = 0; i < list.length; i++) {
      const t = list[i];
      if (t.version !== -1 && t.version !== message.version) continue;
      let rejected = false;
      for (let w = 0; w < words; w++) {
        const m = mask[w];
        if ((t.requiredMask[w] & ~m) !== 0 || (t.absentMask[w] & m) !== 0) {
          rejected = true;
          break;
        }
      }
      if (rejected) continue;
      if (!(check === undefined ? headerOrderMatches(t, view) : check(i, view))) continue;
      if (!t.generic) return { kind: 'match', signature: signatures[i], tier: 'exact' };
      if (firstGeneric < 0) firstGeneric = i;
    }
    return firstGeneric < 0 ? NO_MATCH : { kind: 'match', signature: signatures[firstGeneric], tier: 'generic' };
  };

  return {
    match(message: HttpObservation, direction: Direction): HttpMatchResult {
      return direction === 'request'
        ? run(tables.request, db.httpRequest, message)
        : run(tables.response, db.httpResponse, message);
    },
  };
}
