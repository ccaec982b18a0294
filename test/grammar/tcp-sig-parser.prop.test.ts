/**
 * The Chevrotain TCP signature parser agrees with the reference cursor scanner (the former
 * production scanner, which follows p0f's loader) on everything a caller sees: verdict, the
 * whole AST with spans, and the whole error (code, span, message, help).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseValue } from '../../grammar/parser.js';
import type { SpanFactory } from '../../grammar/value-scan.js';
import { scanTcpSig } from './reference-tcp-scanner.js';

const sp: SpanFactory = (from, to) => ({ file: 'f', offset: from, length: to - from, line: 1, column: from + 1, endLine: 1, endColumn: to + 1 });

const pick = (...xs: string[]): fc.Arbitrary<string> => fc.constantFrom(...xs);
const digits = fc.stringMatching(/^[0-9]{0,11}$/);
/** Mostly a valid field, so that whole values get far enough to be accepted or fail late. */
const field = (valid: fc.Arbitrary<string>, odd: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof({ weight: 9, arbitrary: valid }, { weight: 1, arbitrary: odd });

// Per field: valid values, then boundary values, p0f's odd forms and near misses.
const ver = field(pick('4', '6', '*'), pick('5', '', '44', 'x'));
const ttl = field(pick('64', '255', '1', '64-', '64-:', '64+1', '250+5', '128-'), fc.oneof(digits, pick('0', '256', '4294967360', '0-', '64-::', '64-:x', '250+10', '1+', '+1', '64+2147483647', '64+x', '64x', 'x')));
const olen = field(pick('0', '4', '255', ''), fc.oneof(digits, pick('256', '4294967296', '-1', 'x')));
const mss = field(pick('*', '1460', '0', '65535', ''), fc.oneof(digits, pick('*x', '**', '65536', '1460x')));
const win = field(pick('*', '8192', '%2', '%8192', 'mss*4', 'mtu*1000', '65535', ''), fc.oneof(digits, pick('*x', '%', '%1', '%65536', '%2x', 'mss*', 'mss*0', 'mss*1001', 'mtu*4x', 'mss', 'ms*1', '65536', '%mss*2')));
const scale = field(pick('*', '0', '7', '255', ''), fc.oneof(digits, pick('*x', '256', '7x')));
const option = field(pick('nop', 'mss', 'ws', 'sok', 'sack', 'ts', '?0', '?255', '?'),
  pick('?256', '?x', '?256x', '?1x', 'nopx', 'eol', 'eol+', 'eol+1', 'eol+256', 'eol+256x', 'eolx', 'foo', '', 'n', 'sackx', 'ws2'));
const eol = fc.option(pick('eol+0', 'eol+1', 'eol+255', 'eol+', 'eol+256', 'eol+1x', 'eol'), { nil: undefined });
const layout = fc.oneof(
  fc.tuple(fc.array(option, { maxLength: 6 }), eol).map(([xs, e]) => [...xs, ...(e === undefined ? [] : [e])].join(',')),
  fc.tuple(fc.integer({ min: 22, max: 26 }), pick('', ',', ',eol+1', ',zz', 'x', ',eol')).map(([n, tail]) => Array(n).fill('nop').join(',') + tail),
);
const quirk = field(pick('df', 'id+', 'id-', 'ecn', '0+', 'flow', 'seq-', 'ack+', 'ack-', 'uptr+', 'urgf+', 'pushf+', 'ts1-', 'ts2+', 'opt+', 'exws', 'bad'),
  pick('dfx', 'id', 'foo', '', 'ts1', 'flowx'));
const quirks = fc.array(quirk, { maxLength: 4 }).map((xs) => xs.join(','));
const pclass = field(pick('*', '0', '+'), pick('', '1', '0 ', '0\r', '**', '+:'));
const sep = fc.oneof({ weight: 40, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: pick('', '::', ',', ';', ' ') });

/** Fields joined with the right separators, sometimes a wrong one, then sometimes edited by a character. */
const structured = fc.tuple(ver, ttl, olen, mss, win, scale, layout, quirks, pclass, fc.array(sep, { minLength: 8, maxLength: 8 }))
  .map(([a, b, c, d, e, f, g, h, i, s]) => {
    const seps = [':', ':', ':', ':', ',', ':', ':', ':'].map((d0, k) => s[k] ?? d0);
    return [a, b, c, d, e, f, g, h, i].reduce((acc, x, k) => (k === 0 ? x : acc + seps[k - 1] + x), '');
  });
const edited = fc.tuple(structured, fc.nat(60), pick('', ':', ',', '*', '-', '+', '?', '0', '9', 'x', ' ', '\r', 'eol+', '%'), fc.boolean())
  .map(([v, at, c, insert]) => {
    const i = at % (v.length + 1);
    return v.slice(0, i) + c + v.slice(insert ? i : i + 1);
  });
const noise = fc.array(pick('4', '6', '*', '0', '1', ':', ',', '+', '-', '%', '?', 'e', 'o', 'l', 'n', 'p', 'm', 's', 'd', 'f', 'x', ' '), { maxLength: 30 }).map((cs) => cs.join(''));

describe('Chevrotain TCP signature parser vs reference scanner', () => {
  it('same verdict, AST and error on generated values', () => {
    const seen = new Map<string, number>();
    fc.assert(fc.property(fc.oneof({ weight: 4, arbitrary: structured }, { weight: 2, arbitrary: edited }, noise, fc.string({ maxLength: 24 })), (v) => {
      const ours = parseValue('tcp_sig', v, sp);
      const ref = scanTcpSig(v, sp);
      expect(ours).toStrictEqual(ref);
      const outcome = ours.ok ? 'ok' : ours.error.code;
      seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
    }), { numRuns: 6000 });
    // The generators must reach acceptance and most of the TCP loader errors, or the comparison is shallow.
    expect(seen.get('ok') ?? 0).toBeGreaterThan(250);
    expect(seen.size).toBeGreaterThanOrEqual(24);
  });

  // Codes as the real p0f reports them (tcp-sig-loader-order.test.ts runs these through it).
  it.each([
    ['*:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0', null],
    ['*:64-:300:*:%2,*:?9,eol+3:flow,:+', null],
    ['4:0-:', 'E025'],
    ['4:64-:', 'E024'],
    ['4:64:0:*:*,0:?256x:df:0', 'E038'],
    ['4:64:0:*:*,0:eol+256,:df:0', 'E036'],
    ['6:64:0:*:*,0::df,x', 'E043'],
  ] as const)('%j: %s', (v, code) => {
    const ours = parseValue('tcp_sig', v, sp);
    expect(ours).toStrictEqual(scanTcpSig(v, sp));
    expect(ours.ok ? null : ours.error.code).toBe(code);
  });
});
