/**
 * Reference model for the Chevrotain value parser: direct cursor scanners for `classes`,
 * `label`, `sys` and `ua_os`, written as p0f's loader walks them. Tests only.
 */
import type { Spanned } from '../../grammar/span.js';
import type { SignatureLabelValue, SysEntryNode, UaOsEntryNode } from '../../grammar/ast.js';
import { fail, isAlnum, isBlank, isNameChar, scanWhile, showChar, type ScanResult, type SpanFactory } from '../../grammar/value-scan.js';

const isSep = (c: number): boolean => isBlank(c) || c === 44;
const isClassTokChar = (c: number): boolean => isAlnum(c) || c === 33;

export function scanClasses(v: string, sp: SpanFactory): ScanResult<Spanned<string>[]> {
  const out: Spanned<string>[] = [];
  let i = 0;
  while (i < v.length) {
    i = scanWhile(v, i, isSep);
    const end = scanWhile(v, i, isAlnum);
    if (end === i) {
      return fail('E004', i, i + 1, i >= v.length ? "malformed class entry: expected a class name after ','" : `malformed class entry: expected a class name, found ${showChar(v, i)}`);
    }
    if (end < v.length && v[end] !== ',') return fail('E004', end, end + 1, `malformed class entry: expected ',' or end of line after '${v.slice(i, end)}', found ${showChar(v, end)}`);
    out.push({ value: v.slice(i, end), span: sp(i, end) });
    i = end;
  }
  return { ok: true, value: out };
}

export function scanSignatureLabel(v: string, sp: SpanFactory): ScanResult<SignatureLabelValue> {
  if (v[0] !== 's' && v[0] !== 'g') return fail('E004', 0, 1, `malformed label: expected 's' (specific) or 'g' (generic), found ${showChar(v, 0)}`, "a label is type:class:name:flavor, e.g. 's:unix:Linux:3.x'");
  if (v[1] !== ':') return fail('E004', 1, 2, `malformed label: expected ':' after the signature type, found ${showChar(v, 1)}`, "a label is type:class:name:flavor, e.g. 's:unix:Linux:3.x'");
  const cEnd = scanWhile(v, 2, isClassTokChar);
  if (cEnd === 2) return fail('E004', 2, 3, `malformed label: expected a class name or '!', found ${showChar(v, 2)}`, "the class is one declared in 'classes', or '!' for an application");
  if (v[cEnd] !== ':') return fail('E004', cEnd, cEnd + 1, `malformed label: expected ':' after the class, found ${showChar(v, cEnd)}`, "the class is one declared in 'classes', or '!' for an application");
  const nStart = cEnd + 1;
  const nEnd = scanWhile(v, nStart, isNameChar);
  if (nEnd === nStart) return fail('E016', nStart, nStart + 1, `malformed name: expected a name, found ${showChar(v, nStart)}`);
  if (v[nEnd] !== ':') return fail('E016', nEnd, nEnd + 1, `malformed name: expected ':' after the name '${v.slice(nStart, nEnd)}', found ${showChar(v, nEnd)}`);
  const fStart = nEnd + 1;
  return {
    ok: true,
    value: {
      kind: 'signature-label',
      span: sp(0, v.length),
      type: { value: v[0], span: sp(0, 1) },
      classToken: { value: v.slice(2, cEnd), span: sp(2, cEnd) },
      name: { value: v.slice(nStart, nEnd), span: sp(nStart, nEnd) },
      flavor: fStart < v.length ? { value: v.slice(fStart), span: sp(fStart, v.length) } : null,
    },
  };
}

export function scanSys(v: string, sp: SpanFactory): ScanResult<SysEntryNode[]> {
  const out: SysEntryNode[] = [];
  let i = 0;
  while (i < v.length) {
    i = scanWhile(v, i, isSep);
    const start = i;
    const isClass = v[i] === '@';
    if (isClass) i++;
    const end = scanWhile(v, i, isNameChar);
    if (end === i) return fail('E018', i, i + 1, i >= v.length ? `malformed sys entry: expected a name${isClass ? " after '@'" : " after ','"}` : `malformed sys entry: expected a name, found ${showChar(v, i)}`);
    if (end < v.length && v[end] !== ',') return fail('E018', end, end + 1, `malformed sys entry: expected ',' or end of line after '${v.slice(start, end)}', found ${showChar(v, end)}`);
    out.push({ span: sp(start, end), isClass, name: v.slice(i, end) });
    i = end;
  }
  return { ok: true, value: out };
}

export function scanUaOs(v: string, sp: SpanFactory): ScanResult<UaOsEntryNode[]> {
  const out: UaOsEntryNode[] = [];
  let i = 0;
  while (i < v.length) {
    const start = i;
    const end = scanWhile(v, i, isNameChar);
    if (end === i) return fail('E019', i, i + 1, `malformed system name: expected a name, found ${showChar(v, i)}`);
    const name: Spanned<string> = { value: v.slice(i, end), span: sp(i, end) };
    i = end;
    let alias: Spanned<string> | null = null;
    if (v[i] === '=') {
      if (v[i + 1] !== '[') return fail('E020', i + 1, i + 2, `missing '[' after '=', found ${showChar(v, i + 1)}`);
      const close = v.indexOf(']', i + 2);
      if (close === i + 2) return fail('E021', i, i + 3, 'malformed ua_os entry: the alias is empty');
      if (close < 0) return fail('E021', i, v.length, "malformed ua_os entry: the alias has no closing ']'");
      alias = { value: v.slice(i + 2, close), span: sp(i + 2, close) };
      i = close + 1;
    }
    out.push({ span: sp(start, i), name, alias });
    if (v[i] === ',') i++;
  }
  return { ok: true, value: out };
}
