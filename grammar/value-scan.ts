/**
 * Shared pieces for the value scanners: how a scanner reports a failure and builds spans,
 * and p0f's ASCII character classes and number conversion.
 */
import type { Span } from './span.js';
import type { LoaderErrorCode } from './loader-errors.js';

/** Builds a span from indices into the value string (end exclusive). */
export type SpanFactory = (from: number, to: number) => Span;

export interface ValueError {
  readonly code: LoaderErrorCode;
  /** Indices into the value string. */
  readonly from: number;
  readonly to: number;
  /** What is wrong, in our words. */
  readonly message: string;
  /** What would be right, when more specific than the catalogue's help. */
  readonly help?: string;
  /** `%s` argument of p0f's message (class or module name). */
  readonly arg?: string;
  /** A label whose name failed: its class token, which was read fine (indices into the value). */
  readonly classToken?: { readonly value: string; readonly from: number; readonly to: number };
}

export type ScanResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ValueError };

export function fail(code: LoaderErrorCode, from: number, to: number, message: string, help?: string, arg?: string): { ok: false; error: ValueError } {
  return { ok: false, error: { code, from, to: Math.max(to, from), message, ...(help === undefined ? {} : { help }), ...(arg === undefined ? {} : { arg }) } };
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAlnum(c: number): boolean {
  return isDigit(c) || isAlpha(c);
}

/** C isblank: space or tab. */
export function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

const NAME_EXTRA = new Set([' ', '.', '/', '-', '_', '!', '?', '(', ')'].map((ch) => ch.charCodeAt(0)));

/** ALNUM or one of ` ./-_!?()`. */
export function isNameChar(c: number): boolean {
  return isAlnum(c) || NAME_EXTRA.has(c);
}

/** Index of the first position at or after `i` where `pred` fails. */
export function scanWhile(s: string, i: number, pred: (c: number) => boolean): number {
  while (i < s.length && pred(s.charCodeAt(i))) i++;
  return i;
}

/** `atol` into a signed 32-bit variable: saturate at 2^63-1, then wrap. "" is 0. */
export function parseNum(digits: string): number {
  if (digits.length === 0) return 0;
  if (digits.length <= 9) return Number(digits);
  let v = BigInt(digits);
  const max = (1n << 63n) - 1n;
  if (v > max) v = max;
  return Number(BigInt.asIntN(32, v));
}

/** Character at `i` or '' past the end (p0f's NUL). */
export function charAt(s: string, i: number): string {
  return i < s.length ? s[i] : '';
}

/** A printable rendering of one character for messages. */
export function showChar(s: string, i: number): string {
  if (i >= s.length) return 'end of line';
  const ch = s[i];
  if (ch === '\r') return "'\\r' (carriage return)";
  if (ch === '\t') return "'\\t'";
  if (ch === ' ') return "' ' (space)";
  return `'${ch}'`;
}
