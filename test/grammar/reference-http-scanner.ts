/**
 * Reference model for the Chevrotain HTTP signature parser: a direct cursor scanner
 * written as p0f's http_register_sig walks the value. Tests only.
 */
import type { HttpVersionSpec } from '../../runtime/fingerprint/http-types.js';
import type { Spanned } from '../../grammar/span.js';
import type { HttpHeaderNode, HttpSigValue } from '../../grammar/ast.js';
import { fail, isAlnum, scanWhile, showChar, type ScanResult, type SpanFactory } from '../../grammar/value-scan.js';

export const MAX_HTTP_HEADERS = 32;

export function isHeaderNameChar(c: number): boolean {
  return isAlnum(c) || c === 45 || c === 95;
}

export function scanHttpSig(v: string, sp: SpanFactory): ScanResult<HttpSigValue> {
  if (v[1] !== ':') {
    return fail('E024', v.length < 2 ? v.length : 1, 2, v.length < 2
      ? 'malformed signature: an HTTP signature needs at least a version and a \':\''
      : `malformed signature: expected ':' after the HTTP version, found ${showChar(v, 1)}`);
  }
  let version: HttpVersionSpec;
  if (v[0] === '0') version = 0;
  else if (v[0] === '1') version = 1;
  else if (v[0] === '*') version = -1;
  else return fail('E051', 0, 1, `bad HTTP version ${showChar(v, 0)}`, "the HTTP version is '0' (HTTP/1.0), '1' (HTTP/1.1) or '*'");
  const versionNode: Spanned<HttpVersionSpec> = { value: version, span: sp(0, 1) };

  let i = 2;
  const headers: HttpHeaderNode[] = [];
  while (v[i] !== ':') {
    if (headers.length >= MAX_HTTP_HEADERS) return fail('E052', i, i + 1, `too many headers listed in horder (more than ${MAX_HTTP_HEADERS})`);
    const start = i;
    let optional = false;
    if (v[i] === '?') {
      optional = true;
      i++;
    }
    const nameEnd = scanWhile(v, i, isHeaderNameChar);
    if (nameEnd === i) return fail('E053', i, i + 1, i >= v.length ? 'malformed header name: the signature ends inside the header list' : `malformed header name: expected a header name, found ${showChar(v, i)}`);
    const name = v.slice(i, nameEnd);
    i = nameEnd;
    let value: string | null = null;
    if (v[i] === '=') {
      if (v[i + 1] !== '[') return fail('E020', i + 1, i + 2, `missing '[' after '=' in header '${name}', found ${showChar(v, i + 1)}`);
      const close = v.indexOf(']', i + 2);
      if (close === i + 2) return fail('E024', i, i + 3, `malformed signature: empty value for header '${name}'`, "write a non-empty value as name=[value], or just the name to accept any value");
      if (close < 0) return fail('E024', i, v.length, `malformed signature: the value of header '${name}' has no closing ']'`);
      value = v.slice(i + 2, close);
      i = close + 1;
    }
    headers.push({ span: sp(start, i), name, optional, value });
    if (v[i] === ',') i++;
    else if (v[i] !== ':') return fail('E024', i, i + 1, `malformed signature: expected ',' or ':' after header '${name}', found ${showChar(v, i)}`);
  }
  i++;

  const absent: Spanned<string>[] = [];
  while (v[i] !== ':') {
    if (absent.length >= MAX_HTTP_HEADERS) return fail('E052', i, i + 1, `too many headers listed in habsent (more than ${MAX_HTTP_HEADERS})`);
    const nameEnd = scanWhile(v, i, isHeaderNameChar);
    if (nameEnd === i) return fail('E053', i, i + 1, i >= v.length ? 'malformed header name: the signature ends inside the absent-header list' : `malformed header name: expected a header name, found ${showChar(v, i)}`);
    absent.push({ value: v.slice(i, nameEnd), span: sp(i, nameEnd) });
    i = nameEnd;
    if (v[i] === ',') i++;
    else if (v[i] !== ':') return fail('E024', i, i + 1, `malformed signature: expected ',' or ':' after absent header '${absent[absent.length - 1].value}', found ${showChar(v, i)}`);
  }
  i++;

  let expectedSoftware: Spanned<string> | null = null;
  if (i < v.length) {
    const colon = v.indexOf(':', i);
    if (colon >= 0) return fail('E024', colon, colon + 1, "malformed signature: the expected software string cannot contain ':'");
    expectedSoftware = { value: v.slice(i), span: sp(i, v.length) };
  }
  return { ok: true, value: { kind: 'http-sig', span: sp(0, v.length), version: versionNode, headers, absent, expectedSoftware } };
}
