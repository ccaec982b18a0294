/**
 * The value checks p0f's loader makes while reading a TCP signature (ranges, the option
 * count, quirks per IP version). The parser runs each one at the point the loader makes
 * it, so an out-of-range field wins over a syntax error further right, as in p0f.
 * Numbers are read with p0f's conversion: an empty digit run is 0, 32-bit wrap first.
 */
import type { IToken } from 'chevrotain';
import type { Quirk } from '../runtime/fingerprint/tcp-types.js';
import { fail, parseNum, type ValueError } from './value-scan.js';
import { TtlBad } from './tcp-sig-tokens.js';

export const MAX_TCP_OPTIONS = 24;

/** A digit field that ends where `end` starts; `digits` is absent when the run is empty. */
export interface DigitField {
  readonly value: number;
  readonly from: number;
  readonly to: number;
}

export function digitField(digits: IToken | undefined, end: IToken): DigitField {
  const to = end.startOffset;
  return digits === undefined ? { value: 0, from: to, to } : { value: parseNum(digits.image), from: digits.startOffset, to };
}

/** `bogus <what> N (must be lo..hi)` over from..to, or null when N is in range. */
export function outOfRange(code: ValueError['code'], what: string, n: number, lo: number, hi: number, from: number, to: number): ValueError | null {
  return n < lo || n > hi ? fail(code, from, to, `bogus ${what} ${n} (must be ${lo}..${hi})`).error : null;
}

/** The TTL once its terminator is read; then, for `N-:`, whether the skipped character exists. */
export function ttlError(ttl: DigitField, end: IToken): ValueError | null {
  if (ttl.value < 1 || ttl.value > 255) return fail('E025', ttl.from, Math.max(ttl.to, ttl.from + 1), `bogus initial TTL ${ttl.value} (must be 1..255)`).error;
  if (end.tokenType === TtlBad && end.image.length < 3) {
    const len = end.startOffset + end.image.length;
    return fail('E024', len, len, "malformed signature: the signature ends right after 'N-:'").error;
  }
  return null;
}

/** `N+D`: D itself, then the sum (wrapped like p0f's int) must stay within 255. The TTL starts at offset 2. */
export function distanceError(v: string, distance: DigitField): ValueError | null {
  const ttl = parseNum(v.slice(2, distance.from - 1));
  const sum = (ttl + distance.value) | 0;
  return distance.value < 0 || sum > 255 ? fail('E025', 2, distance.to, `bogus initial TTL: ${ttl}+${distance.value} exceeds 255`).error : null;
}

/** p0f counts options before reading the next one: a 25th one fails wherever it starts. */
export function optionCountError(count: number, next: IToken, v: string): ValueError | null {
  if (count < MAX_TCP_OPTIONS) return null;
  const at = Number.isFinite(next.startOffset) ? next.startOffset : v.length;
  return fail('E033', at, at + 1, `too many TCP options (more than ${MAX_TCP_OPTIONS})`).error;
}

const V6_FORBIDDEN: Partial<Record<Quirk, 'E043' | 'E044' | 'E045' | 'E046'>> = { df: 'E043', 'id+': 'E044', 'id-': 'E045', '0+': 'E046' };

/** Quirks that only IPv4 or only IPv6 packets can have. */
export function quirkVersionError(version: string, quirk: IToken): ValueError | null {
  const q = quirk.image as Quirk;
  const from = quirk.startOffset;
  const forbidden6 = V6_FORBIDDEN[q];
  if (version === '6' && forbidden6 !== undefined) return fail(forbidden6, from, from + q.length, `'${q}' is not valid for IPv6`).error;
  if (version === '4' && q === 'flow') return fail('E047', from, from + q.length, "'flow' is not valid for IPv4").error;
  return null;
}
