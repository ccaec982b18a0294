/** Reference model for the Chevrotain MTU signature rule (tests only): a bare number 1..65535, 32-bit wrap first. */
import type { MtuSigValue } from '../../grammar/ast.js';
import { fail, isDigit, parseNum, scanWhile, showChar, type ScanResult, type SpanFactory } from '../../grammar/value-scan.js';

export function scanMtuSig(v: string, sp: SpanFactory): ScanResult<MtuSigValue> {
  const end = scanWhile(v, 0, isDigit);
  if (end === 0 || end !== v.length) {
    return fail('E022', end, Math.max(v.length, end + 1), end === 0 && v.length === 0
      ? 'malformed MTU value: the value is empty'
      : `malformed MTU value: expected only digits, found ${showChar(v, end)}`);
  }
  const mtu = parseNum(v);
  if (mtu < 1 || mtu > 65535) return fail('E022', 0, v.length, `malformed MTU value: ${mtu} is outside 1..65535`);
  return { ok: true, value: { kind: 'mtu-sig', span: sp(0, v.length), mtu } };
}
