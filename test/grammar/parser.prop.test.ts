/**
 * The Chevrotain value parser agrees with the reference cursor scanners (which follow
 * p0f's loader loops) on accept/reject, error code and the resulting AST, for
 * arbitrary values built from the characters that matter.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseValue } from '../../grammar/parser.js';
import type { SpanFactory } from '../../grammar/value-scan.js';
import { scanClasses, scanSignatureLabel, scanSys, scanUaOs } from './reference-list-scanners.js';
import { scanHttpSig } from './reference-http-scanner.js';
import { scanMtuSig } from './reference-mtu-scanner.js';

const sp: SpanFactory = (from, to) => ({ file: 'f', offset: from, length: to - from, line: 1, column: from + 1, endLine: 1, endColumn: to + 1 });

const valueChars = fc.constantFrom('a', 'Z', '0', '9', ' ', '\t', ',', ':', '@', '!', '=', '[', ']', '.', '-', '_', '(', '?', '*', '\r', 's', 'g', 'é', ';', '\u0000');
const httpChars = fc.constantFrom('H', 'o', '-', '_', '0', '1', '*', ':', ',', '?', '=', '[', ']', ' ', 'x', '.', '\r');
const httpValue = fc.oneof(
  fc.array(httpChars, { maxLength: 30 }).map((cs) => cs.join('')),
  fc.tuple(fc.constantFrom('1:', '*:', '0:', '2:', '1:Host,', '*:?Host=[a:b],'), fc.array(httpChars, { maxLength: 20 })).map(([p, cs]) => p + cs.join('')),
  fc.tuple(fc.integer({ min: 30, max: 34 }), fc.integer({ min: 30, max: 34 }), fc.constantFrom('', ',', ',,', ',?', ':', 'x'), fc.constantFrom('', ',', ':x', ':a:b'))
    .map(([n, m, tail, end]) => `1:${Array.from({ length: n }, (_, i) => `H${i}`).join(',')}${tail}:${Array.from({ length: m }, (_, i) => `A${i}`).join(',')}${end}`),
);
const value = fc.oneof(
  fc.array(valueChars, { maxLength: 24 }).map((cs) => cs.join('')),
  fc.string({ maxLength: 20 }),
  fc.tuple(fc.constantFrom('s:', 'g:', 's:!:', 'g:unix:', 'Linux=[', 'a,', '@'), fc.array(valueChars, { maxLength: 16 })).map(([p, cs]) => p + cs.join('')),
);

const cases = [
  ['classes', scanClasses],
  ['label', scanSignatureLabel],
  ['sys', scanSys],
  ['ua_os', scanUaOs],
  ['http_sig', scanHttpSig],
  ['mtu_sig', scanMtuSig],
] as const;

describe('Chevrotain value parser vs reference scanners', () => {
  for (const [key, reference] of cases) {
    it(`${key}: same verdict, code and AST`, () => {
      const mtuValue = fc.oneof(fc.stringMatching(/^[0-9]{0,12}$/), fc.stringMatching(/^[0-9+ a\r-]{0,8}$/));
      fc.assert(fc.property(key === 'http_sig' ? fc.oneof(httpValue, value) : key === 'mtu_sig' ? fc.oneof(mtuValue, value) : value, (v) => {
        const ours = parseValue(key, v, sp);
        const ref = reference(v, sp);
        expect(ours.ok).toBe(ref.ok);
        if (ours.ok && ref.ok) expect(ours.value).toEqual(ref.value);
        if (!ours.ok && !ref.ok) expect(ours.error.code).toBe(ref.error.code);
      }), { numRuns: 1500 });
    });
  }

  it.each([
    ['classes', 'win,unix,other', true],
    ['classes', 'a,', false],
    ['classes', 'a ,b', false],
    ['sys', 'Linux , Windows', true],
    ['sys', '@', false],
    ['ua_os', 'Linux=[L]Win', true],
    ['ua_os', 'Linux,,Win', false],
    ['label', 's:unix:Linux:3.x', true],
    ['label', 's:!:Foo', false],
    ['http_sig', '*:Host,User-Agent,Accept=[,*/*;q=]::Firefox/', true],
    ['http_sig', '1:Host,,X::', false],
  ] as const)('%s %j accepted=%s', (key, v, ok) => {
    expect(parseValue(key, v, sp).ok).toBe(ok);
  });
});
