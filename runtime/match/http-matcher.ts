/**
 * The HTTP matcher boundary. Two implementations: the interpreted reference and the
 * compiled one (precomputed name ids, bitmask prefilter, optional generated
 * header-order checks). Property tests hold them equal.
 */
import type { HttpSignature } from '../fingerprint/http-types.js';
import type { HttpObservation } from '../fingerprint/http-observation.js';
import type { Direction } from '../fingerprint/tcp-types.js';
import type { HttpMatchResult } from './match-result.js';

export interface HttpMatcher {
  match(message: HttpObservation, direction: Direction): HttpMatchResult;
}

/**
 * p0f's "dishonest" test: the matched signature expects a software substring and the
 * observed User-Agent/Server does not contain it. No software means anonymous, never dishonest.
 */
export function isDishonestSoftware(signature: HttpSignature, software: string | null): boolean {
  return signature.expectedSoftware !== null && software !== null && !software.includes(signature.expectedSoftware);
}

export { createInterpretedHttpMatcher } from './http-interpreted-matcher.js';
export { createCompiledHttpMatcher } from './http-compiled-matcher.js';
