/**
 * Property tests: the compiled HTTP matcher (table-driven, and with generated header-order
 * checks) answers exactly like the interpreted reference; synthesised messages for a
 * signature get that signature's label or an earlier one that also matches.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildHttpTables } from '../../../compiler/tables/build-http-tables.js';
import type { HttpObservation } from '../../../runtime/fingerprint/http-observation.js';
import type { HttpSignature } from '../../../runtime/fingerprint/http-types.js';
import { httpSignatureMatches } from '../../../runtime/match/http-interpreted-matcher.js';
import { createCompiledHttpMatcher, createInterpretedHttpMatcher, type HttpMatcher } from '../../../runtime/match/http-matcher.js';
import type { HttpMatchResult } from '../../../runtime/match/match-result.js';
import type { SignatureDatabase } from '../../../runtime/match/signature-database.js';
import {
  HTTP_NAME_POOL,
  httpDatabaseArbitrary,
  httpObservationArbitrary,
  matchingObservationArbitrary,
} from '../../arbitraries/http-arbitraries.js';
import { stockDatabase } from '../http/fixtures/stock-database.js';
import { loadGeneratedHttpTables } from './http-generated-tables.js';

function summary(r: HttpMatchResult): string {
  return r.kind === 'none' ? 'none' : `${r.signature.direction}:${r.signature.line}:${r.tier}`;
}

/** The synthesis property: the target, or an earlier signature that also matches and wins by p0f's order. */
function acceptableFor(target: HttpSignature, list: readonly HttpSignature[], obs: HttpObservation, r: HttpMatchResult): boolean {
  if (r.kind !== 'match') return false;
  if (r.signature === target) return true;
  if (!httpSignatureMatches(r.signature, obs)) return false;
  const winner = list.indexOf(r.signature);
  const goal = list.indexOf(target);
  // A specific signature beats the target if it comes first, or if the target is generic.
  return !r.signature.generic ? winner < goal || target.generic : target.generic && winner < goal;
}

describe('compiled HTTP matcher == interpreted', () => {
  it('on random signature sets and random header lists (table-driven checks)', () => {
    fc.assert(
      fc.property(httpDatabaseArbitrary, fc.constantFrom('request' as const, 'response' as const), (db, direction) => {
        const reference = createInterpretedHttpMatcher(db);
        const compiled = createCompiledHttpMatcher(db, buildHttpTables(db));
        fc.assert(
          fc.property(httpObservationArbitrary(direction), (obs) => {
            expect(summary(compiled.match(obs, direction))).toBe(summary(reference.match(obs, direction)));
          }),
          { numRuns: 40 },
        );
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('on random signature sets with generated header-order checks', async () => {
    const dbs = fc.sample(httpDatabaseArbitrary, { numRuns: 12, seed: 23 });
    for (const db of dbs) {
      const tables = await loadGeneratedHttpTables(db);
      expect(typeof tables.request.check).toBe('function');
      const reference = createInterpretedHttpMatcher(db);
      const compiled = createCompiledHttpMatcher(db, tables);
      for (const direction of ['request', 'response'] as const) {
        for (const obs of fc.sample(httpObservationArbitrary(direction), { numRuns: 300, seed: 5 })) {
          expect(summary(compiled.match(obs, direction))).toBe(summary(reference.match(obs, direction)));
        }
      }
    }
  });

  it('synthesised messages match their signature (or an earlier covering one) in every matcher', () => {
    fc.assert(
      fc.property(
        httpDatabaseArbitrary.chain((db) => fc.tuple(fc.constant(db), fc.integer({ min: 0, max: db.httpRequest.length - 1 }))),
        ([db, index]) => {
          const target = db.httpRequest[index];
          fc.pre(!target.headers.some((h) => target.absent.includes(h.name)));
          const matchers: HttpMatcher[] = [createInterpretedHttpMatcher(db), createCompiledHttpMatcher(db, buildHttpTables(db))];
          fc.assert(
            fc.property(matchingObservationArbitrary(target, HTTP_NAME_POOL), (obs) => {
              expect(httpSignatureMatches(target, obs)).toBe(true);
              for (const m of matchers) expect(acceptableFor(target, db.httpRequest, obs, m.match(obs, 'request'))).toBe(true);
            }),
            { numRuns: 20 },
          );
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });
});

describe('stock database', () => {
  const db: SignatureDatabase = stockDatabase();

  it('every signature is reached by its synthesised messages, in all three matchers', async () => {
    const generated = createCompiledHttpMatcher(db, await loadGeneratedHttpTables(db));
    const matchers = [createInterpretedHttpMatcher(db), createCompiledHttpMatcher(db, buildHttpTables(db)), generated];
    let ownLabel = 0;
    for (const direction of ['request', 'response'] as const) {
      const list = direction === 'request' ? db.httpRequest : db.httpResponse;
      for (const target of list) {
        for (const obs of fc.sample(matchingObservationArbitrary(target, ['X-Extra', 'Cookie', 'DNT']), { numRuns: 15, seed: target.line })) {
          const results = matchers.map((m) => m.match(obs, direction));
          expect(new Set(results.map(summary)).size).toBe(1);
          expect(acceptableFor(target, list, obs, results[0])).toBe(true);
          if (results[0].kind === 'match' && results[0].signature.nameId === target.nameId && results[0].signature.flavor === target.flavor) ownLabel++;
        }
      }
    }
    // Nearly all probes land on their own label; the rest are shadowed by an earlier covering sig.
    expect(ownLabel).toBeGreaterThan(0.9 * 15 * (db.httpRequest.length + db.httpResponse.length));
  });

  it('random header lists agree across the three matchers', async () => {
    const matchers = [createInterpretedHttpMatcher(db), createCompiledHttpMatcher(db, buildHttpTables(db)), createCompiledHttpMatcher(db, await loadGeneratedHttpTables(db))];
    for (const direction of ['request', 'response'] as const) {
      for (const obs of fc.sample(httpObservationArbitrary(direction), { numRuns: 2000, seed: 99 })) {
        const results = matchers.map((m) => summary(m.match(obs, direction)));
        expect(new Set(results).size).toBe(1);
      }
    }
  });
});
