/**
 * The reference HTTP matcher: a direct reading of p0f's rule (first specific match in
 * file order, else the first generic match). Obviously correct rather than fast; the
 * compiled matcher is tested against it.
 */
import type { HttpSignature } from '../fingerprint/http-types.js';
import type { HttpHeader, HttpObservation } from '../fingerprint/http-observation.js';
import type { Direction } from '../fingerprint/tcp-types.js';
import type { HttpMatchResult } from './match-result.js';
import type { SignatureDatabase } from './signature-database.js';
import type { HttpMatcher } from './http-matcher.js';

const NO_MATCH: HttpMatchResult = { kind: 'none' };

/** The ordered header check, shared with duplicate detection's view of it. */
export function httpSequenceMatches(signature: HttpSignature, headers: readonly HttpHeader[]): boolean {
  let position = 0;
  for (const entry of signature.headers) {
    let found = -1;
    for (let j = position; j < headers.length; j++) {
      if (headers[j].name === entry.name) {
        found = j;
        break;
      }
    }
    if (found < 0) {
      if (!entry.optional) return false;
      // An optional header that is present but earlier than expected fails the signature.
      if (headers.some((h) => h.name === entry.name)) return false;
      continue;
    }
    if (entry.value !== null) {
      const value = headers[found].value;
      // Only the first occurrence is tried: a mismatch does not fall through to a later duplicate.
      if (value === null || !value.includes(entry.value)) return false;
    }
    position = found + 1;
  }
  return true;
}

export function httpSignatureMatches(signature: HttpSignature, observation: HttpObservation): boolean {
  if (signature.version !== -1 && signature.version !== observation.version) return false;
  if (!httpSequenceMatches(signature, observation.headers)) return false;
  for (const absent of signature.absent) {
    if (observation.headers.some((h) => h.name === absent)) return false;
  }
  return true;
}

export function matchHttpInterpreted(
  signatures: readonly HttpSignature[],
  observation: HttpObservation,
): HttpMatchResult {
  let firstGeneric: HttpSignature | null = null;
  for (const signature of signatures) {
    if (!httpSignatureMatches(signature, observation)) continue;
    if (!signature.generic) return { kind: 'match', signature, tier: 'exact' };
    if (firstGeneric === null) firstGeneric = signature;
  }
  return firstGeneric === null ? NO_MATCH : { kind: 'match', signature: firstGeneric, tier: 'generic' };
}

export function createInterpretedHttpMatcher(db: SignatureDatabase): HttpMatcher {
  return {
    match(message: HttpObservation, direction: Direction): HttpMatchResult {
      return matchHttpInterpreted(direction === 'request' ? db.httpRequest : db.httpResponse, message);
    },
  };
}
